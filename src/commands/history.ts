import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { jsonOption } from './options.js';

/** `kubedrill history`: past exams and drills, trends per domain, weakest topics. */
export function addHistoryCommand(program: Command, cli: CliContext): void {
  program
    .command('history')
    .summary('show past exams and drills: trends per domain, weakest topics')
    .description('Show past mock exams and drill checks: scores, trends per domain, the weakest topics and what to practise next.')
    .addOption(jsonOption())
    .action(async (options) => {
      const { showHistory } = await import('../services/history-report.js');
      cli.exitCode = await showHistory(options, cli.io);
    });
}
