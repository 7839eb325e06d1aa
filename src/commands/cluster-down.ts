import { clusterDown } from '../services/cluster.js';
import { clusterOptionSpec, clusterOptionsSchema } from './cluster-up.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'cluster down [--cluster NAME] [--debug FILE]';

/** `kubedrill cluster down`: delete kubedrill's kind cluster (only the named one; idempotent). */
export const clusterDownCommand: Command = {
  name: 'cluster down',
  summary: 'Delete the local kind cluster',
  usage,
  async run(args, io) {
    const options = parseOptions(args, clusterOptionSpec, clusterOptionsSchema, usage);
    await clusterDown({ env: io.env, signal: io.signal, ...(options.debug ? { debugFile: options.debug } : {}) }, options.cluster);
    io.stdout.write(`deleted kind cluster ${options.cluster} (if it existed)\n`);
    return 0;
  },
};
