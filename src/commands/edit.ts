import { z } from 'zod';
import { UsageError } from '../errors.js';
import { editNodeFile, parseNodeName } from '../services/cluster.js';
import { clusterOptionSpec, clusterOptionsSchema } from './cluster-up.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'edit NODE:PATH [--cluster NAME]   (e.g. kubedrill edit controlplane:/etc/kubernetes/manifests/etcd.yaml)';

/** `kubedrill edit NODE:PATH`: edit a node's file in $EDITOR (kind nodes have no editor). */
export const editCommand: Command = {
  name: 'edit',
  summary: "Edit a file on a cluster node with your $EDITOR",
  usage,
  async run(args, io) {
    const options = parseOptions(args, clusterOptionSpec, clusterOptionsSchema.extend({ positionals: z.array(z.string()).max(1, 'one NODE only') }), usage);
    const target = options.positionals[0] ?? '';
    const colon = target.indexOf(':');
    const path = target.slice(colon + 1);
    if (colon <= 0 || !path.startsWith('/')) throw new UsageError('expected NODE:/absolute/path', [`usage: kubedrill ${usage}`]);
    const node = parseNodeName(target.slice(0, colon));
    const result = await editNodeFile({ env: io.env, signal: io.signal, ...(options.debug ? { debugFile: options.debug } : {}) }, options.cluster, node, path);
    io.stdout.write(result.changed ? `saved ${path} on ${node}\n` : `no changes; ${path} on ${node} left as it was\n`);
    return 0;
  },
};
