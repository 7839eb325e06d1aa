#!/usr/bin/env node
// Entry point: hands argv to the command tree (src/commands/program.ts), renders errors, and is
// the only place that exits.
// It imports no ink/react itself: TUI commands load them lazily (the README, Speed).
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './package-root.js';
import type { CommandIO } from './system/io.js';
import { deliverPendingSignals, handleInterrupts, interruptedExitCode, restoreTerminal } from './system/signals.js';

/** kubedrill's version, from its package.json (one small file, read once per run). */
const packageVersion = (): string => (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Runs kubedrill with the given argv and IO; returns the exit code (the table is in
 * src/errors.ts and the README). Once `io.signal` is aborted by an interrupt, the code is the
 * interrupt's (130, 143) whatever the command did: what it threw then (a cancelled child, a
 * killed kubectl) is the interrupt's doing, not a bug or a failure, and a command that finished
 * anyway did not finish for the user.
 */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  // Answered before the command tree loads: scripts call `--version` to probe the install.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  // `--json` asks for JSON on stdout, failures included (a script parses whatever comes).
  const errorOutput = { stderr: io.stderr, ...(argv.includes('--json') ? { json: io.stdout } : {}) };
  try {
    const { runProgram } = await import('./commands/program.js');
    const code = await runProgram(argv, io, packageVersion(), errorOutput);
    return interruptedExitCode(io.signal) ?? code;
  } catch (error) {
    const interrupted = interruptedExitCode(io.signal);
    if (interrupted !== undefined) return interrupted;
    // Loaded when needed: a run that goes well never pays for it (--version is timed in the bench).
    const { renderError } = await import('./render-error.js');
    return renderError(error, errorOutput);
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
