#!/usr/bin/env node
// Entry point: picks a command from argv, renders errors, and is the only place that exits.
// It imports no ink/react itself: TUI commands load them lazily (DESIGN.md §8).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from './commands/index.js';
import type { Command, CommandIO } from './commands/types.js';
import { renderError } from './render-error.js';
import { UsageError } from './errors.js';

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

/** Runs kubedrill with the given argv and IO; returns the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  try {
    const { key, rest } = resolveCommand(argv);
    const load = COMMANDS[key];
    if (!load) throw new UsageError(`unknown command: ${key}`, ['kubedrill --help lists the commands']);
    const command: Command = await load();
    return await command.run(rest, io);
  } catch (error) {
    return renderError(error, io.stderr);
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
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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
    signal: controller.signal,
    now: () => Date.now(),
  });
  process.exitCode = code;
}
