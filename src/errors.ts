// kubedrill's one error model. Whatever goes wrong reaches the user as one of these, and
// src/render-error.ts turns it into text (or JSON) and an exit code:
//   UsageError        2  bad input on the command line (an unknown task, exam or option)
//   UserError         3  a problem with the environment or a pack that the user can fix
//                        (Docker not running, kind missing, a broken pack, a failed kubectl)
//   InterruptedError  130/143  Ctrl-C or SIGTERM: quiet, never a failure or a bug
//   anything else     70  a bug: shown with its stack and a request to report it
// Exit 1 is not an error: a command that ran and answers "no" (check below full marks, a pack
// with problems, a self-test that fails, an unhealthy cluster).

/**
 * A problem the user can fix (bad pack, Docker not running, kind missing, an external command
 * that failed). Rendered without a stack trace, with the next steps to take.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    message: string,
    readonly nextSteps: readonly string[] = [],
    /** Exit code the CLI uses: 2 usage, 3 an environment or pack problem. */
    readonly exitCode: 2 | 3 = 3,
  ) {
    super(message);
  }
}

/** A usage mistake on the command line (exit code 2). */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
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
  override readonly name: string = 'InterruptedError';
  /** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP: what a shell reports for that signal. */
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.exitCode = 128 + (SIGNAL_NUMBERS[signal] ?? 2);
  }
}
