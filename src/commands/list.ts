import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { jsonOption, packOption } from './options.js';

/** `kubedrill list`: the tasks kubedrill knows, filtered, as a table or JSON. */
export function addListCommand(program: Command, cli: CliContext): void {
  program
    .command('list')
    .summary('list the tasks (and the exams) kubedrill knows')
    .description('List the tasks of the built-in packs and any --pack, filtered by exam, domain or tag.')
    .addOption(new Option('--exam <name>', 'only tasks of this exam (cka, ckad, cks, or a pack’s)'))
    .addOption(new Option('--domain <id>', 'only tasks of this domain'))
    .addOption(new Option('--tag <tag>', 'only tasks with this tag'))
    .addOption(new Option('--offline', 'only tasks that can run in an offline workspace'))
    .addOption(new Option('--ids', 'print only task ids, one per line (shell completion uses it)'))
    .addOption(jsonOption())
    .addOption(packOption())
    .action(async (options) => {
      const { listTasks } = await import('../services/list-tasks.js');
      cli.exitCode = await listTasks(options, cli.io);
    });
}
