import type { Command } from '@commander-js/extra-typings';
import { editDistance } from '../models/edit-distance.js';
import type { CliContext } from './context.js';

/** What a group's action needs of it, whatever its own arguments and options. */
interface CommandGroup {
  readonly commands: readonly { name(): string }[];
  outputHelp(): void;
  error(message: string, options: { code: string; exitCode: number }): never;
}

/**
 * A command group (`pack`, `cluster`, the root) given a word that is none of its commands: the
 * usage error with the nearest names, as commander says it for options. A group given no word
 * shows its help (exit 0), so `kubedrill pack` lists what pack can do.
 */
export function groupAction(group: CommandGroup, cli: CliContext) {
  return (word: string | undefined): void => {
    if (word === undefined) {
      group.outputHelp();
      cli.exitCode = 0;
      return;
    }
    const names = group.commands.map((c) => c.name());
    const near = names.filter((name) => name.startsWith(word) || editDistance(word, name) <= Math.max(2, Math.floor(name.length / 3)));
    const suggestion = near.length > 0 ? `\n(Did you mean ${near.join(' or ')}?)` : '';
    group.error(`error: unknown command '${word}'${suggestion}`, { code: 'commander.unknownCommand', exitCode: 2 });
  };
}

/** The command at `path` (`['pack', 'validate']`), or undefined. */
export function findCommand(program: Command, path: readonly string[]): Command | undefined {
  let at: Command | undefined = program;
  for (const word of path) at = at?.commands.find((c) => c.name() === word || c.aliases().includes(word)) as Command | undefined;
  return at;
}
