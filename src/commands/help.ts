import type { Command } from '@commander-js/extra-typings';
import { findCommand, groupAction } from './command-tree.js';
import type { CliContext } from './context.js';

/** `kubedrill help [COMMAND…]`: the help of a command (`help pack validate`), or of kubedrill. */
export function addHelpCommand(program: Command, cli: CliContext): void {
  program
    .command('help')
    .summary('show the help of a command')
    .description('Show the help of a command, e.g. kubedrill help drill or kubedrill help pack validate.')
    .argument('[command...]', 'the command')
    .action((path) => {
      let at: Command = program;
      for (const word of path) {
        const next = findCommand(at, [word]);
        // An unknown word is answered as the group would answer it: with the nearest names.
        if (!next) return groupAction(at, cli)(word);
        at = next;
      }
      at.outputHelp();
      cli.exitCode = 0;
    });
}
