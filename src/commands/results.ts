import { Option, type Command } from '@commander-js/extra-typings';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';
import { jsonOption } from './options.js';

/** `kubedrill results …`: for instructors — a class's exported attempts added up. */
export function addResultsCommands(program: Command, cli: CliContext): void {
  const results = program
    .command('results')
    .summary("for instructors: sum up learners' exported attempts")
    .description('Commands for instructors: add up the attempts learners exported with kubedrill history --export.')
    .argument('[command]')
    .usage('<command> [options]');
  results.action(groupAction(results, cli));

  results
    .command('summarize')
    .summary('a table per task and per domain across learners; JUnit or CSV for a learning platform')
    .description(
      'Add up exported attempts: per learner, per task (attempts, mean score, most-failed checks) and per domain. ' +
        'Attempts whose packs differ from yours (--pack) or from what most exports used are flagged. Exit 1 when a file is not an export.',
    )
    .argument('<file...>', 'attempt exports (kubedrill history --export ATTEMPT --out FILE)')
    .addOption(
      new Option('--pack <dir>', 'your pack (a directory or installed npm package) to compare exports with; repeatable')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([] as string[], 'the pack content most exports used'),
    )
    .addOption(new Option('--junit <file>', 'also write JUnit XML: a suite per learner, a case per task'))
    .addOption(new Option('--csv <file>', 'also write CSV: a row per learner and task'))
    .addOption(jsonOption())
    .action(async (files, options) => {
      const { summarizeResults } = await import('../services/results-run.js');
      cli.exitCode = await summarizeResults(files, options, cli.io);
    });
}
