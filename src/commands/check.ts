import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { integerIn, jsonOption, packOption, withEnvironmentOptions } from './options.js';

/** `kubedrill check TASK-ID`: grades a task as the environment is now; exit 1 when not full marks. */
export function addCheckCommand(program: Command, cli: CliContext): void {
  withEnvironmentOptions(
    program
      .command('check')
      .summary('grade one task against the cluster (or an offline workspace) as it is now')
      .description('Grade one task as the cluster (or offline workspace) is now, without setting it up. Exit 0 on full marks, 1 otherwise.')
      .argument('<task-id>', 'the task to grade (kubedrill list shows the ids)')
      .addOption(jsonOption())
      .addOption(new Option('--reveal', 'show full evidence: the expected values, as after the solution'))
      .addOption(new Option('--seed <n>', 'grade this variant of a task with params (default: the one the drill or exam set up)').argParser(integerIn(0, 0xffffffff)))
      .addOption(packOption()),
  ).action(async (taskId, options) => {
    const { checkTask } = await import('../services/check-task.js');
    cli.exitCode = await checkTask(taskId, options, cli.io);
  });
}
