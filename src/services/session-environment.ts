// Where a session's tasks run, from the options every session command shares. Kept free of zod
// and the models: the home screen's first frame must not wait for them (the README, Speed).
import { mkdir } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { EnvironmentChoice, OpenOptions } from '../environments/index.js';
import { UserError } from '../errors.js';
import type { CommandIO } from '../system/io.js';
import { storePaths } from './exam-store.js';

/** The options that choose an environment, as the command line gives them (src/commands/options.ts). */
export interface EnvironmentOptions {
  /** `--offline` alone is `true`: the default workspace. */
  offline?: string | true;
  context?: string;
  kubeconfig?: string;
  nodeSsh?: string;
  cluster?: string;
  debug?: string;
}

/** What the session commands (home, drill, exam) share: packs, trust and the environment. */
export interface SessionOptions extends EnvironmentOptions {
  pack: string[];
  yes?: true;
}

/** The environment choice with the offline workspace resolved (`--offline` alone → `<data>/workspace`, made if absent). */
export async function resolveChoice(options: EnvironmentOptions, io: Pick<CommandIO, 'env' | 'cwd'>): Promise<EnvironmentChoice> {
  const choice: EnvironmentChoice = {};
  if (options.context !== undefined) choice.context = options.context;
  if (options.kubeconfig !== undefined) choice.kubeconfig = resolve(io.cwd, expandHome(options.kubeconfig, io.env));
  if (options.nodeSsh !== undefined) choice.nodeSsh = options.nodeSsh;
  if (options.cluster !== undefined) choice.cluster = options.cluster;
  if (options.debug !== undefined) choice.debugLog = resolve(io.cwd, options.debug);
  if (options.offline !== undefined) {
    const dir = options.offline === true || options.offline === '' ? storePaths(io.env).workspace : expandHome(options.offline, io.env);
    choice.offline = isAbsolute(dir) ? dir : resolve(io.cwd, dir);
    await mkdir(choice.offline, { recursive: true });
  }
  return choice;
}

/** `~/x` as the shell would expand it (a quoted `--offline='~/ws'` reaches us unexpanded). */
const expandHome = (path: string, env: NodeJS.ProcessEnv): string => path.replace(/^~(?=\/|$)/, env.HOME ?? '~');

/**
 * How a command opens a live environment: with the command's environment (PATH, KUBEDRILL_HOME),
 * progress (cluster creation, the policy probe) on stderr so stdout stays clean for --json, and
 * Ctrl-C cancelling.
 */
export const liveOptionsFor = (io: CommandIO): OpenOptions => ({ env: io.env, onProgress: (line) => io.stderr.write(`${line}\n`), signal: io.signal });

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
