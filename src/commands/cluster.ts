import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';
import { clusterOption, debugOption, integerIn, jsonOption } from './options.js';

/** A node image reference as kind takes it (`kindest/node:v1.32.2@sha256:…`); never an option-like word. */
function imageRef(value: string): string {
  if (!/^[a-z0-9][\w.\-/:@]*$/i.test(value)) throw new InvalidArgumentError('expected an image reference such as kindest/node:v1.32.2');
  return value;
}

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
    .addOption(new Option('--image <ref>', "kind node image for a new cluster (default: the one kubedrill pins for your kind, by digest)").argParser(imageRef))
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterUp } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterUp(options, cli.io);
    });

  cluster
    .command('down')
    .summary('delete the kind cluster')
    .description('Delete the kind cluster kubedrill created (only that one; nothing happens when it does not exist). With --all, also its lab clusters (<cluster>-lab1, -lab2, …) that mock exams create.')
    .addOption(new Option('--all', 'also delete the lab clusters <cluster>-labN (never other kind clusters)'))
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterDown } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterDown(options, cli.io);
    });

  cluster
    .command('status')
    .summary('whether the kind cluster (and its lab clusters) exist and are healthy')
    .description('Show whether the kind cluster exists, its nodes are Ready and CoreDNS is available, then the same for each of its lab clusters. Exit 1 when the cluster is absent or unhealthy.')
    .addOption(jsonOption())
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runClusterStatus } = await import('../services/cluster-commands.js');
      cli.exitCode = await runClusterStatus(options, cli.io);
    });
}
