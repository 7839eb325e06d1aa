import { Option, type Command } from '@commander-js/extra-typings';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';
import { clusterOption, debugOption, integerIn, jsonOption } from './options.js';

/** `kubedrill cluster up|down|status`: the local kind cluster kubedrill creates and uses. */
export function addClusterCommands(program: Command, cli: CliContext): void {
  const cluster = program
    .command('cluster')
    .summary('the local kind cluster: up, down, status')
    .description('Manage the local kind cluster kubedrill creates (1 control plane and up to 2 workers). Drills and exams create it when needed.')
    .argument('[command]')
    .usage('<command> [options]');
  cluster.action(groupAction(cluster, cli));

  cluster
    .command('up')
    .summary('create or reuse the kind cluster')
    .description('Create the kind cluster (or reuse it), wait until it is ready, and print how to reach it from your terminal.')
    .addOption(new Option('--workers <n>', 'worker nodes (0–2); tasks that drain or break a node need 2').argParser(integerIn(0, 2)).default(2))
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterUp } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterUp(options, cli.io);
    });

  cluster
    .command('down')
    .summary('delete the kind cluster')
    .description('Delete the kind cluster kubedrill created (only that one; nothing happens when it does not exist).')
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterDown } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterDown(options, cli.io);
    });

  cluster
    .command('status')
    .summary('whether the kind cluster exists and is healthy')
    .description('Show whether the kind cluster exists, its nodes are Ready and CoreDNS is available. Exit 1 when it is absent or unhealthy.')
    .addOption(jsonOption())
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterStatus } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterStatus(options, cli.io);
    });
}
