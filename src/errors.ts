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
