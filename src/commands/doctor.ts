import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { clusterOption, debugOption, jsonOption } from './options.js';

/** `kubedrill doctor`: what live practice needs, each with its fix. */
export function addDoctorCommand(program: Command, cli: CliContext): void {
  program
    .command('doctor')
    .summary('check Docker, kind, kubectl, memory, the cluster and NetworkPolicy')
    .description('Check what live practice needs (Docker, kind, kubectl, memory, the cluster, NetworkPolicy enforcement) and say how to fix what is missing. Exit 1 when something needed is missing.')
    .addOption(new Option('--no-probe', 'skip the NetworkPolicy enforcement probe (it starts two pods)'))
    .addOption(jsonOption())
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (options) => {
      const { runDoctorReport } = await import('../services/cluster-commands.js');
      cli.exitCode = await runDoctorReport(options, cli.io);
    });
}
