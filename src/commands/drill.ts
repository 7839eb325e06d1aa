import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { integerIn, packOption, withEnvironmentOptions, yesOption } from './options.js';

/** `kubedrill drill [WHAT]`: practise tasks one at a time with checks, hints, solution and reset. */
export function addDrillCommand(program: Command, cli: CliContext): void {
  withEnvironmentOptions(
    program
      .command('drill')
      .summary('practise tasks one at a time: check, hints, solution, reset')
      .description('Practise tasks one at a time in the terminal UI: check any time, hints, the solution, reset and retry.')
      .argument('[what]', 'a task id, tag, domain or words of a title (default: every task)')
      .addOption(packOption())
      .addOption(new Option('--seed <n>', 'the same variant of tasks with params every time (the seed pack test and history show)').argParser(integerIn(0, 0xffffffff)))
      .addOption(yesOption()),
  ).action(async (what, options) => {
    const { startDrill } = await import('../services/drill-start.js');
    cli.exitCode = await startDrill(what, options, cli.io);
  });
}
