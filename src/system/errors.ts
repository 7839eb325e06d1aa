import { UserError } from '../errors.js';
import { lastLine, tail } from './output.js';

/** An external command exited non-zero. Callers map known stderr texts to UserErrors. */
export class ExternalError extends Error {
  override readonly name = 'ExternalError';
  readonly stderrTail: string;
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    stderr: string,
  ) {
    const stderrTail = tail(stderr);
    super(`${command} ${args.slice(0, 3).join(' ')}${args.length > 3 ? ' …' : ''} failed (exit ${exitCode}): ${lastLine(stderrTail, 'no error output')}`);
    this.stderrTail = stderrTail;
  }
}

/** An external command ran longer than its deadline and was killed. */
export class ProcessTimeoutError extends Error {
  override readonly name = 'ProcessTimeoutError';
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`${command} ${args.slice(0, 3).join(' ')}${args.length > 3 ? ' …' : ''} timed out after ${formatMs(timeoutMs)} and was stopped`);
  }
}

/** The user cancelled (Ctrl-C) while a command ran; the child has been killed. */
export class ProcessAbortedError extends Error {
  override readonly name = 'ProcessAbortedError';
  constructor(readonly command: string) {
    super(`${command} was cancelled`);
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
