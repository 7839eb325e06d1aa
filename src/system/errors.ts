import { InterruptedError, UserError } from '../errors.js';
import { lastLine, tail } from './output.js';

/** What to do about a failed or timed-out external command that no caller explained better. */
const SEE_DEBUG_LOG = ['kubedrill doctor checks Docker, kind and the cluster', 'run again with --debug FILE to record every command kubedrill runs'];

/**
 * An external command exited non-zero: an environment problem the user can look into (exit 3),
 * not a bug. Callers map known stderr texts to clearer UserErrors.
 */
export class ExternalError extends UserError {
  override readonly name = 'ExternalError';
  readonly stderrTail: string;
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    /** The external command's exit code (the CLI's own is `exitCode`, 3). */
    readonly commandExitCode: number,
    stderr: string,
  ) {
    const stderrTail = tail(stderr);
    super(`${command} ${args.slice(0, 3).join(' ')}${args.length > 3 ? ' …' : ''} failed (exit ${commandExitCode}): ${lastLine(stderrTail, 'no error output')}`, SEE_DEBUG_LOG);
    this.stderrTail = stderrTail;
  }
}

/** An external command ran longer than its deadline and was killed (exit 3: the cluster or Docker is slow or stuck). */
export class ProcessTimeoutError extends UserError {
  override readonly name = 'ProcessTimeoutError';
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`${command} ${args.slice(0, 3).join(' ')}${args.length > 3 ? ' …' : ''} timed out after ${formatMs(timeoutMs)} and was stopped`, SEE_DEBUG_LOG);
  }
}

/** The user cancelled (Ctrl-C) while a command ran; the child has been killed. An interrupt, never a bug. */
export class ProcessAbortedError extends InterruptedError {
  override readonly name = 'ProcessAbortedError';
  constructor(readonly command: string) {
    super('SIGINT');
    this.message = `${command} was cancelled`;
  }
}

/** A binary kubedrill needs is not on PATH (spawn failed with ENOENT). */
export class MissingBinaryError extends UserError {
  constructor(
    readonly binary: string,
    nextSteps: readonly string[] = [`install ${binary} and make sure it is on your PATH`],
  ) {
    super(`${binary} was not found on your PATH`, nextSteps);
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
