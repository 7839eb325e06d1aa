import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { packOption, withEnvironmentOptions } from './options.js';

/** `kubedrill env [TASK-ID]`: the shell lines that put a second terminal where the task runs. */
export function addEnvCommand(program: Command, cli: CliContext): void {
  withEnvironmentOptions(
    program
      .command('env')
      .summary('print the shell setup for a second terminal (kubeconfig, context, k alias)')
      .description('Print the lines that set a shell up as the exam terminal: KUBECONFIG and the context of the cluster (or the offline workspace), alias k=kubectl, completion and $do. Use: eval "$(kubedrill env)"')
      .argument('[task-id]', 'the task whose context to use (default: the cluster\'s)')
      .addOption(new Option('--shell <shell>', 'the shell the lines are for').choices(['bash', 'zsh'] as const).default('bash' as const))
      .addOption(packOption()),
  ).action(async (taskId, options) => {
    const { printShellEnv } = await import('../services/shell-env.js');
    cli.exitCode = await printShellEnv(taskId, options, cli.io);
  });
}
