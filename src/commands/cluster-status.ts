import { z } from 'zod';
import { clusterStatus } from '../services/cluster.js';
import { clusterOptionSpec, clusterOptionsSchema } from './cluster-up.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'cluster status [--cluster NAME] [--json] [--debug FILE]';

/** `kubedrill cluster status`: exists? nodes Ready? CoreDNS? Exit 1 when absent or unhealthy. */
export const clusterStatusCommand: Command = {
  name: 'cluster status',
  summary: 'Show whether the kind cluster exists and is healthy',
  usage,
  async run(args, io) {
    const options = parseOptions(args, { ...clusterOptionSpec, json: { type: 'boolean' } }, clusterOptionsSchema.extend({ json: z.boolean().default(false) }), usage);
    const status = await clusterStatus({ env: io.env, signal: io.signal, ...(options.debug ? { debugFile: options.debug } : {}) }, options.cluster);
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ formatVersion: 1, ...status }, null, 2)}\n`);
      return status.healthy ? 0 : 1;
    }
    if (!status.exists) {
      io.stdout.write(`kind cluster ${status.name} does not exist\n  create it: kubedrill cluster up --cluster ${status.name}\n`);
      return 1;
    }
    io.stdout.write(`kind cluster ${status.name}: ${status.healthy ? 'healthy' : 'NOT healthy'} (context ${status.context})\n`);
    for (const node of status.health?.nodes ?? []) {
      io.stdout.write(`  ${node.ready ? 'Ready   ' : 'NotReady'}  ${node.name}${node.controlPlane ? ' (control plane)' : ''}\n`);
    }
    if (status.health?.problem) io.stdout.write(`  API server: ${status.health.problem}\n`);
    io.stdout.write(`  CoreDNS: ${status.health?.coreDnsAvailable ? 'available' : 'unavailable'}\n`);
    io.stdout.write(`  kubeconfig: ${status.kubeconfig}\n`);
    return status.healthy ? 0 : 1;
  },
};
