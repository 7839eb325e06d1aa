import { BugError, InterruptedError, UserError } from './errors.js';
import { inert, inertLine } from './text/inert.js';

/**
 * The one place errors become text. User errors get their message and next steps, never a
 * stack; an interrupt (Ctrl-C, SIGTERM) gets nothing at all; anything else is a bug and asks to
 * be reported. Returns the exit code to use.
 */
export function renderError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof InterruptedError) return error.exitCode;
  // Messages quote pack text (ids, keys, file names, whole problem lines): shown, never obeyed.
  if (error instanceof UserError) {
    stderr.write(`error: ${inert(error.message)}\n`);
    for (const step of error.nextSteps) stderr.write(`  → ${inertLine(step)}\n`);
    return error.exitCode;
  }
  const bug = error instanceof Error ? error : new BugError(String(error));
  stderr.write(`kubedrill hit a bug: ${inert(bug.message)}\n${inert(bug.stack ?? '')}\n`);
  stderr.write('Please report it with the command you ran (and the --debug log if you have one).\n');
  return 70;
}
