// What the session commands (home, drill, exam) share before they load anything else. Kept
// free of zod and the models: the home screen's first frame must not wait for them (~70 ms,
// DESIGN.md §8), and node's parser already gives these options their types.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ENVIRONMENT_OPTIONS, environmentChoice, type EnvironmentChoice } from '../environments/index.js';
import { UserError } from '../errors.js';
import { storePaths } from '../services/exam-store.js';
import type { CommandIO } from './types.js';

/**
 * The options every session command shares: packs (`--pack DIR`, repeatable, as in
 * commands/catalog.ts — not imported from there because it loads every checker) and where
 * tasks run.
 */
export const SESSION_OPTIONS = { pack: { type: 'string', multiple: true, default: [] as string[] }, yes: { type: 'boolean' }, ...ENVIRONMENT_OPTIONS } as const;

/**
 * `--offline` takes an optional DIR, which node's parser cannot express: the next word is the
 * DIR when it is an existing directory or clearly a path (`./ws`, `/tmp/ws`, `~/ws`); otherwise
 * `--offline` alone means the default workspace under the data dir.
 */
export function normalizeOfflineArg(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg !== '--offline') {
      out.push(arg);
      continue;
    }
    const next = args[i + 1];
    const isPath = next !== undefined && !next.startsWith('-') && (/^(\.{1,2}\/|\/|~)/.test(next) || isDirectory(resolve(cwd, next)));
    out.push(`--offline=${isPath ? next : ''}`);
    if (isPath) i++;
  }
  return out;
}

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The environment choice with the offline workspace resolved (`--offline` alone → `<data>/workspace`). */
export async function resolveChoice(options: Parameters<typeof environmentChoice>[0], io: CommandIO): Promise<EnvironmentChoice> {
  const choice = environmentChoice(options);
  if (choice.offline !== undefined) {
    const dir = choice.offline === '' ? storePaths(io.env).workspace : choice.offline.replace(/^~(?=\/|$)/, io.env.HOME ?? '~');
    choice.offline = isAbsolute(dir) ? dir : resolve(io.cwd, dir);
    await mkdir(choice.offline, { recursive: true });
  }
  return choice;
}

/** The terminal UI needs a real terminal (scripts get told what to use instead), drawn live. */
export function prepareTerminal(io: CommandIO, alternative: string): void {
  if (io.stdin.isTTY !== true || io.stdout.isTTY !== true) {
    throw new UserError('this screen needs an interactive terminal', [alternative]);
  }
  // ink draws nothing until exit when it thinks it runs in CI (it reads CI and
  // CONTINUOUS_INTEGRATION once, when first imported, which happens after this). A learner's shell
  // or a test may set them, but a terminal is here and the screen must draw live.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
