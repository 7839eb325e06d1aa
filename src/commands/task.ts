import { Option, type Command } from '@commander-js/extra-typings';
import type { Checker } from '../models/checker.js';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';

/** The check types packs may use, loaded only by the commands that read packs. */
const checkers = (): Promise<readonly Checker[]> => import('../../checkers/index.js').then((m) => m.CHECKERS);

/** `kubedrill task …`: for instructors adding tasks to a pack. */
export function addTaskCommands(program: Command, cli: CliContext): void {
  const task = program
    .command('task')
    .summary('add tasks to a pack: new')
    .description('Commands for pack authors working on one task.')
    .argument('[command]')
    .usage('<command> [options]');
  task.action(groupAction(task, cli));

  task
    .command('new')
    .summary('write a task file with every section, in the pack\'s exam/domain folder')
    .description(
      'Write a new task file at <pack>/<exam>/<domain>/<name>.yaml with every section (statement, setup, solution, walkthrough, alternatives, near misses, checks, hints, docs) and a comment on each. It validates as written; its self-test fails until its TODOs are filled in.',
    )
    .argument('<id>', 'the task id, e.g. acme/scale-web (the file is named after its last part)')
    .requiredOption('--pack <dir>', 'the pack directory (holding pack.yaml)')
    .addOption(new Option('--exam <exam>', 'the exam (default: the pack\'s first)'))
    .addOption(new Option('--domain <domain>', 'a domain of the exam (default: its first)'))
    .action(async (id, options) => {
      const { scaffoldTask } = await import('../services/pack-scaffold.js');
      cli.exitCode = await scaffoldTask(id, options, await checkers(), cli.io);
    });
}
