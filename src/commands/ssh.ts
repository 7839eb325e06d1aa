import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { clusterOption, debugOption } from './options.js';

/** `kubedrill ssh NODE`: a shell on a cluster node, as the exam's `ssh node01`. */
export function addSshCommand(program: Command, cli: CliContext): void {
  program
    .command('ssh')
    .summary('open a shell on a cluster node')
    .description('Open a root shell on a node of the kind cluster, as `ssh NODE` does in the exam.')
    .argument('<node>', 'controlplane, worker1 or worker2')
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (node, options) => {
      const { openNodeShell } = await import('../services/cluster-commands.js');
      cli.exitCode = await openNodeShell(node, options, cli.io);
    });
}
