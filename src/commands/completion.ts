import { Argument, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';

/** `kubedrill completion bash|zsh`: a completion script made from the command declarations. */
export function addCompletionCommand(program: Command, cli: CliContext): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash or zsh)')
    .description('Print a completion script for commands, options and task ids. bash: source <(kubedrill completion bash) in ~/.bashrc; zsh: source <(kubedrill completion zsh) in ~/.zshrc.')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh'] as const))
    .action(async (shell) => {
      const { completionScript, commandTree } = await import('../services/completion.js');
      cli.io.stdout.write(completionScript(shell, commandTree(program)));
      cli.exitCode = 0;
    });
}
