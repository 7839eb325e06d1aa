import { execa, execaSync } from 'execa';
import { silentLog, type DebugLog } from './debug-log.js';
import { ExternalError, MissingBinaryError, ProcessAbortedError, ProcessTimeoutError } from './errors.js';
import { tail } from './output.js';

/** How to run one command. Never through a shell: argv goes to the binary as given. */
export interface ProcessOptions {
  /** Written to the child's stdin (manifests, node scripts). Without it stdin is closed. */
  input?: string;
  /** Kill the child after this long and throw ProcessTimeoutError. */
  timeoutMs?: number;
  /** Ctrl-C: aborting kills the child and throws ProcessAbortedError. */
  signal?: AbortSignal;
  /** Variables added to (and overriding) the runner's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** The seam adapters take, so tests can put stub executables first on PATH. */
export interface ProcessRunner {
  /** Runs to completion; any exit code is a result. Throws on missing binary, timeout, abort. */
  run(command: string, args: readonly string[], options?: ProcessOptions): Promise<ProcessResult>;
  /** Like `run`, but a non-zero exit throws ExternalError. */
  runOk(command: string, args: readonly string[], options?: ProcessOptions): Promise<ProcessResult>;
  /** Hands the terminal to the child (`kubedrill ssh`, `edit`) and returns its exit code. */
  interactive(command: string, args: readonly string[], options?: Omit<ProcessOptions, 'input' | 'timeoutMs'>): Promise<number>;
}

export interface RunnerConfig {
  /** Base environment for every child (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  log?: DebugLog;
  now?: () => number;
}

/** The longest delay a Node timer takes (2^31-1 ms); models/common.ts has the same bound for pack durations. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Grace period between SIGTERM and SIGKILL when a child must stop (docker exec ignores TERM sometimes). */
const KILL_GRACE_MS = 2000;

/** Creates the process runner: the ONE place in the product that spawns processes. */
export function createProcessRunner(config: RunnerConfig = {}): ProcessRunner {
  const log = config.log ?? silentLog;
  const now = config.now ?? Date.now;
  const baseEnv = config.env ?? process.env;

  async function run(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
    options.signal?.throwIfAborted();
    const started = now();
    const result = await execa(command, [...args], {
      reject: false,
      shell: false,
      env: { ...baseEnv, ...options.env },
      extendEnv: false,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
      // Capped: Node fires a timer above 2^31-1 ms at once, which would kill the child immediately.
      ...(options.timeoutMs !== undefined ? { timeout: Math.min(options.timeoutMs, MAX_TIMER_MS) } : {}),
      ...(options.signal ? { cancelSignal: options.signal } : {}),
      forceKillAfterDelay: KILL_GRACE_MS,
      stripFinalNewline: false,
      encoding: 'utf8',
    });
    const durationMs = now() - started;
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    const base = { command, args, durationMs, ...(options.input !== undefined ? { inputBytes: Buffer.byteLength(options.input) } : {}) };
    if ((result as { code?: string }).code === 'ENOENT' && result.exitCode === undefined) {
      log.record({ ...base, exitCode: undefined, outcome: 'missing binary' });
      throw new MissingBinaryError(command);
    }
    if (result.timedOut) {
      log.record({ ...base, exitCode: undefined, outcome: 'timeout', stderrTail: tail(stderr) });
      throw new ProcessTimeoutError(command, args, options.timeoutMs ?? 0);
    }
    if (result.isCanceled) {
      log.record({ ...base, exitCode: undefined, outcome: 'aborted' });
      throw new ProcessAbortedError(command);
    }
    const exitCode = result.exitCode ?? 1;
    log.record({ ...base, exitCode, ...(exitCode !== 0 ? { stderrTail: tail(stderr, 5) } : {}) });
    return { exitCode, stdout, stderr, durationMs };
  }

  return {
    run,
    async runOk(command, args, options) {
      const result = await run(command, args, options);
      if (result.exitCode !== 0) throw new ExternalError(command, args, result.exitCode, result.stderr);
      return result;
    },
    async interactive(command, args, options = {}) {
      options.signal?.throwIfAborted();
      const started = now();
      const result = await execa(command, [...args], {
        reject: false,
        shell: false,
        stdio: 'inherit',
        env: { ...baseEnv, ...options.env },
        extendEnv: false,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.signal ? { cancelSignal: options.signal } : {}),
      });
      const durationMs = now() - started;
      if ((result as { code?: string }).code === 'ENOENT' && result.exitCode === undefined) {
        log.record({ command, args, durationMs, exitCode: undefined, outcome: 'missing binary' });
        throw new MissingBinaryError(command);
      }
      log.record({ command, args, durationMs, exitCode: result.exitCode, ...(result.isCanceled ? { outcome: 'aborted' } : {}) });
      return result.exitCode ?? 1;
    },
  };
}

/** Runs one command with the default runner (this process's environment, no debug log). */
export function runProcess(command: string, args: readonly string[], options?: ProcessOptions): Promise<ProcessResult> {
  return createProcessRunner().run(command, args, options);
}

/** Hands the terminal to one command with the default runner. */
export function runInteractive(command: string, args: readonly string[], options?: Omit<ProcessOptions, 'input' | 'timeoutMs'>): Promise<number> {
  return createProcessRunner().interactive(command, args, options);
}

/**
 * Hands the terminal to one command and blocks this process until it exits (the screens' `!`
 * shell). Blocking is the point: while the child owns the terminal nothing of kubedrill's may run.
 * A screen render would draw over the child's screen, and a read of stdin (ink keeps the terminal
 * open for reading) would take the child's keystrokes, and would stop kubedrill (SIGTTIN) once an
 * interactive shell has made itself the terminal's foreground process group. Timers and signals
 * wait until the child is done (the exam clock is wall-clock time, so it loses nothing).
 */
export function runInteractiveSync(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; log?: DebugLog; now?: () => number } = {}): number {
  const log = options.log ?? silentLog;
  const now = options.now ?? Date.now;
  const started = now();
  const result = execaSync(command, [...args], {
    reject: false,
    shell: false,
    stdio: 'inherit',
    env: options.env ?? process.env,
    extendEnv: false,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  const durationMs = now() - started;
  if ((result as { code?: string }).code === 'ENOENT' && result.exitCode === undefined) {
    log.record({ command, args, durationMs, exitCode: undefined, outcome: 'missing binary' });
    throw new MissingBinaryError(command);
  }
  log.record({ command, args, durationMs, exitCode: result.exitCode });
  return result.exitCode ?? 1;
}
