import { Option, type Command } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import type { CliContext } from './context.js';
import { jsonOption } from './options.js';

/** `kubedrill history`: past exams and drills, trends per domain, weakest topics; `--export` one attempt for an instructor. */
export function addHistoryCommand(program: Command, cli: CliContext): void {
  program
    .command('history')
    .summary('show past exams and drills: trends per domain, weakest topics')
    .description(
      'Show past mock exams and drill checks: scores, trends per domain, the weakest topics and what to practise next. ' +
        'With --export, write one exam attempt as JSON for an instructor (kubedrill results summarize).',
    )
    .addOption(jsonOption().conflicts('export'))
    .addOption(new Option('--export <attempt>', 'export this exam attempt (its id from `kubedrill history`, or latest) as JSON'))
    .addOption(new Option('--out <file>', 'with --export: write the JSON to FILE instead of stdout'))
    .addOption(new Option('--name <name>', 'with --export: your name in the export (default: $KUBEDRILL_LEARNER)'))
    .action(async (options) => {
      if (options.export === undefined) {
        if (options.out !== undefined || options.name !== undefined) throw new UsageError('--out and --name go with --export ATTEMPT', ['kubedrill history --export latest --out attempt.json']);
        const { showHistory } = await import('../services/history-report.js');
        cli.exitCode = await showHistory(options, cli.io);
        return;
      }
      const { exportAttempt } = await import('../services/history-export.js');
      cli.exitCode = await exportAttempt(options.export, options, cli.io);
    });
}
