#!/usr/bin/env node
// Entry point: picks a command from argv, renders errors, and is the only place that exits.
// It imports no ink/react itself: TUI commands load them lazily (DESIGN.md §8).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from './commands/index.js';
import type { Command, CommandIO } from './commands/types.js';
import { renderError } from './render-error.js';
import { UsageError } from './errors.js';
import { deliverPendingSignals, handleInterrupts, interruptedExitCode, restoreTerminal } from './system/signals.js';

/** Finds the command named by the leading words of argv; the longest name wins. */
export function resolveCommand(argv: string[]): { key: string; rest: string[] } {
  if (argv[0] === '--version' || argv[0] === '-v') return { key: 'version', rest: argv.slice(1) };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    return { key: argv.length === 0 ? 'home' : 'help', rest: argv.slice(1) };
  }
  for (const words of [3, 2, 1]) {
    const key = argv.slice(0, words).join(' ');
    if (argv.length >= words && key in COMMANDS) return { key, rest: argv.slice(words) };
  }
  // Options before any command word (`kubedrill --offline ws`) open the home screen.
  if (argv[0]?.startsWith('-')) return { key: 'home', rest: argv };
  throw new UsageError(`unknown command: ${argv[0]}`, ['kubedrill --help lists the commands']);
}

/**
 * Runs kubedrill with the given argv and IO; returns the exit code. Once `io.signal` is aborted
 * by an interrupt, the code is the interrupt's (130, 143) whatever the command did: what it threw
 * then (a cancelled child, a killed kubectl) is the interrupt's doing, not a bug or a failure, and
 * a command that finished anyway did not finish for the user.
 */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  try {
    const { key, rest } = resolveCommand(argv);
    const load = COMMANDS[key];
    if (!load) throw new UsageError(`unknown command: ${key}`, ['kubedrill --help lists the commands']);
    const command: Command = await load();
    const code = await command.run(rest, io);
    return interruptedExitCode(io.signal) ?? code;
  } catch (error) {
    return interruptedExitCode(io.signal) ?? renderError(error, io.stderr);
  }
}

/** True when node runs this file (directly or through the npm bin symlink), not when a test imports it. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  /** Ends the process now, with the terminal given back first (raw mode off, cursor shown). */
  const stop = (code: number): never => {
    restoreTerminal(process.stdin, process.stdout);
    return process.exit(code);
  };
  // Ctrl-C, SIGTERM and SIGHUP abort the commands' signal; a command that does not wind down
  // within the grace period is ended by `stop` (src/system/signals.ts).
  const interrupts = handleInterrupts({ source: process, exit: stop });
  // ink turns on React DevTools support when DEV=true, a name shells also export for other
  // tools. kubedrill ships no DevTools (ink would print an install hint over the screen), and
  // the bundled UI cannot read the package.json of ink's that this mode loads
  // (src/build/bundle-ui.mjs). Nothing kubedrill runs (kubectl, kind, docker) reads DEV.
  delete process.env.DEV;
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: interrupts.signal,
    // The same path as a real SIGINT (src/system/signals.ts): exit 130, state saved.
    interrupt: () => void process.emit('SIGINT', 'SIGINT'),
    now: () => Date.now(),
  });
  // A Ctrl-C during the command's last blocking stretch is still pending: let it land first.
  await deliverPendingSignals();
  // Interrupted: the command has cancelled its children and given up its screen. Work it left
  // behind is stopped rather than drained: run on with an aborted signal it could only produce
  // wrong outcomes (an exam graded as "cancelled"). Exam saves are atomic, so the file on disk
  // is always a whole saved state.
  if (interrupts.signal.aborted) stop(interruptedExitCode(interrupts.signal) ?? code);
  process.exitCode = code;
  interrupts.dispose();
}
