import { z } from 'zod';
import { CLUSTER_NAME, CLUSTER_NAME_RULE, DEFAULT_CLUSTER } from '../environments/kind/paths.js';
import { clusterUp } from '../services/cluster.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'cluster up [--cluster NAME] [--workers 0|1|2] [--debug FILE]';

/** Options every cluster command shares. */
export const clusterOptionSpec = {
  cluster: { type: 'string' },
  debug: { type: 'string' },
} as const;

const clusterName = z
  .string()
  .regex(CLUSTER_NAME, CLUSTER_NAME_RULE)
  .default(DEFAULT_CLUSTER);

export const clusterOptionsSchema = z.object({
  cluster: clusterName,
  debug: z.string().optional(),
  positionals: z.array(z.string()).max(0, 'this command takes no arguments'),
});

/** `kubedrill cluster up`: create (or reuse) the kind cluster with the topology tasks need. */
export const clusterUpCommand: Command = {
  name: 'cluster up',
  summary: 'Create or reuse the local kind cluster (1 control plane + up to 2 workers)',
  usage,
  async run(args, io) {
    const options = parseOptions(
      args,
      { ...clusterOptionSpec, workers: { type: 'string' } },
      clusterOptionsSchema.extend({ workers: z.coerce.number().int().min(0).max(2).default(2) }),
      usage,
    );
    const cluster = await clusterUp(
      { env: io.env, signal: io.signal, onProgress: (line) => io.stdout.write(`  ${line}\n`), ...(options.debug ? { debugFile: options.debug } : {}) },
      options.cluster,
      options.workers,
    );
    io.stdout.write(`${cluster.created ? 'created' : 'using'} kind cluster ${cluster.name}: 1 control plane + ${cluster.workers} worker(s)\n`);
    io.stdout.write(`reach it from your terminal:\n  export KUBECONFIG=${cluster.kubeconfig}\n  kubectl config use-context ${cluster.context}\n`);
    return 0;
  },
};
