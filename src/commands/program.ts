// The command tree: each command is declared once in its own file (options, arguments, help)
// and commander turns the declarations into parsing, option types and help. Actions import
// their service lazily, so `--help` or `list` never load ink, the checkers or the cluster code.
import { Command, CommanderError, Help } from '@commander-js/extra-typings';
import { addCheckCommand } from './check.js';
import { addClusterCommands } from './cluster.js';
import { addCompletionCommand } from './completion.js';
import type { CommandIO } from '../system/io.js';
import { widthOf } from '../system/terminal.js';
import { writeJsonError, type ErrorOutput } from '../render-error.js';
import { findCommand } from './command-tree.js';
import type { CliContext } from './context.js';
import { addDoctorCommand } from './doctor.js';
import { addDrillCommand } from './drill.js';
import { addEditCommand } from './edit.js';
import { addEnvCommand } from './env.js';
import { addExamCommand } from './exam.js';
import { addHelpCommand } from './help.js';
import { addHistoryCommand } from './history.js';
import { declareHome } from './home.js';
import { addListCommand } from './list.js';
import { addPackCommands } from './pack.js';
import { addResultsCommands } from './results.js';
import { addSshCommand } from './ssh.js';
import { addTaskCommands } from './task.js';

/** The whole CLI, writing to `io`; actions leave their exit code in `cli.exitCode`. */
export function buildProgram(cli: CliContext, version: string): Command {
  const { io } = cli;
  const program = new Command('kubedrill')
    .description('Practice for the CKA, CKAD and CKS exams on a local kind cluster: timed mock exams, drills with instant grading, instructor packs.')
    .version(version, '-v, --version', 'print the kubedrill version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    // Root options (those of the home screen) only before a command word: `kubedrill drill --pack`
    // is drill's --pack.
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError()
    // A group's `[command]` argument only catches unknown words (command-tree.ts): its help lists the commands instead.
    .configureHelp({ visibleArguments: (command) => (command.commands.length > 0 ? [] : new Help().visibleArguments(command)), minWidthToWrap: 20 })
    .usage('[options] [command]')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHelpWidth: () => Math.min(120, widthOf(io.stdout)),
      getErrHelpWidth: () => Math.min(120, widthOf(io.stderr)),
    });
  declareHome(program, cli);
  addDrillCommand(program, cli);
  addExamCommand(program, cli);
  addCheckCommand(program, cli);
  addListCommand(program, cli);
  addHistoryCommand(program, cli);
  addEnvCommand(program, cli);
  addPackCommands(program, cli);
  addTaskCommands(program, cli);
  addResultsCommands(program, cli);
  addClusterCommands(program, cli);
  addDoctorCommand(program, cli);
  addSshCommand(program, cli);
  addEditCommand(program, cli);
  addCompletionCommand(program, cli);
  addHelpCommand(program, cli);
  // `--pack NAME` may name an installed npm package (packs/npm-packs.ts): resolved once, before
  // any action runs, so every command that takes --pack sees directories.
  program.hook('preAction', async (_root, action) => {
    const packs: unknown = action.getOptionValue('pack');
    if (!Array.isArray(packs) || packs.length === 0) return;
    const { lookupFrom, resolvePackArgs } = await import('../packs/npm-packs.js');
    action.setOptionValue('pack', await resolvePackArgs(packs as string[], lookupFrom(io.cwd)));
  });
  return program;
}

/** A commander error as the exit code: help and version shown are success, the rest is usage (2). */
function commanderExitCode(error: CommanderError): number {
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
}

/**
 * Parses argv and runs the command it names; returns its exit code. A usage mistake commander
 * found (it has printed its message already) gets the next step: the help of the command the
 * words before the mistake chose. Other errors are the caller's to render (src/cli.tsx).
 */
export async function runProgram(argv: string[], io: CommandIO, version: string, errorOutput: ErrorOutput): Promise<number> {
  const cli: CliContext = { io, exitCode: 0 };
  const program = buildProgram(cli, version);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return cli.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const code = commanderExitCode(error);
    if (code !== 0) {
      const next = `kubedrill ${[...commandPath(program, argv), '--help'].join(' ')} shows the usage`;
      io.stderr.write(`  → ${next}\n`);
      writeJsonError(errorOutput, 'usage', error.message.replace(/^error: /, ''), [next], code);
    }
    return code;
  }
}

/** The command words argv starts with (`['pack', 'validate']`), as far as they name commands. */
function commandPath(program: Command, argv: readonly string[]): string[] {
  const path: string[] = [];
  for (const word of argv) {
    if (!findCommand(program, [...path, word])) break;
    path.push(word);
  }
  return path;
}
