/**
 * A problem the user can fix (bad pack, Docker not running, kind missing). Rendered without a
 * stack trace, with the next steps to take.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly nextSteps: readonly string[] = [],
    /** Exit code the CLI uses: 1 failure, 2 usage. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** A usage mistake on the command line (exit code 2). */
export class UsageError extends UserError {
  constructor(message: string, nextSteps: readonly string[] = []) {
    super(message, nextSteps, 2);
  }
}

/** Something kubedrill got wrong: rendered with a stack and a request to report it. */
export class BugError extends Error {
  override readonly name = 'BugError';
}

/** The signals kubedrill stops on, with their POSIX numbers (the same on Linux and macOS). */
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * The user stopped kubedrill (Ctrl-C, SIGTERM, a closed terminal): the reason of the commands'
 * AbortSignal. Not a failure and never a bug: the CLI exits 128 + the signal's number, quietly.
 */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  /** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP: what a shell reports for that signal. */
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.exitCode = 128 + (SIGNAL_NUMBERS[signal] ?? 2);
  }
}
