import { BugError, UserError } from './errors.js';

/**
 * The one place errors become text. User errors get their message and next steps, never a
 * stack; anything else is a bug and asks to be reported. Returns the exit code to use.
 */
export function renderError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof UserError) {
    stderr.write(`error: ${error.message}\n`);
    for (const step of error.nextSteps) stderr.write(`  → ${step}\n`);
    return error.exitCode;
  }
  const bug = error instanceof Error ? error : new BugError(String(error));
  stderr.write(`kubedrill hit a bug: ${bug.message}\n${bug.stack ?? ''}\n`);
  stderr.write('Please report it with the command you ran (and the --debug log if you have one).\n');
  return 70;
}
