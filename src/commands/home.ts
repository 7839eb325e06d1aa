import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { groupAction } from './command-tree.js';
import { packOption, withEnvironmentOptions, yesOption } from './options.js';

/**
 * `kubedrill` with no command: the home screen (mock exams, drills, packs, history), with the
 * options that say which packs to load and where tasks run.
 */
export function declareHome(program: Command, cli: CliContext): void {
  const home = withEnvironmentOptions(program.argument('[command]', 'a command (below); none opens the home screen').addOption(packOption()).addOption(yesOption()));
  const unknown = groupAction(home, cli);
  home.action(async (word, options) => {
    if (word !== undefined) return unknown(word);
    const { runHome } = await import('../services/home-session.js');
    cli.exitCode = await runHome(options, cli.io);
  });
}
