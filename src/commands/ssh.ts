import { z } from 'zod';
import { UsageError } from '../errors.js';
import { nodeShell, parseNodeName } from '../services/cluster.js';
import { clusterOptionSpec, clusterOptionsSchema } from './cluster-up.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'ssh NODE [--cluster NAME]   (NODE: controlplane, worker1, worker2)';

/** `kubedrill ssh NODE`: an interactive shell in a kind node, like the exam's `ssh node01`. */
export const sshCommand: Command = {
  name: 'ssh',
  summary: 'Open a shell in a cluster node (controlplane, worker1, worker2)',
  usage,
  async run(args, io) {
    const options = parseOptions(args, clusterOptionSpec, clusterOptionsSchema.extend({ positionals: z.array(z.string()).max(1, 'one NODE only') }), usage);
    const [node] = options.positionals;
    if (node === undefined) throw new UsageError('name the node to open a shell in', [`usage: kubedrill ${usage}`]);
    return nodeShell({ env: io.env, signal: io.signal, ...(options.debug ? { debugFile: options.debug } : {}) }, options.cluster, parseNodeName(node), io.stdin.isTTY === true);
  },
};
