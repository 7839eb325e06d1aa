import { BugError, InterruptedError, UserError } from './errors.js';
import { inert, inertJson, inertLine } from './text/inert.js';

/** Where an error goes: always a text on stderr; with `--json`, also a JSON object on stdout. */
export interface ErrorOutput {
  stderr: NodeJS.WritableStream;
  /** Set when the command was asked for `--json`: scripts get parseable output even on failure. */
  json?: NodeJS.WritableStream;
}

/**
 * The one place errors become text (the model is in src/errors.ts). User errors get their message
 * and next steps, never a stack; an interrupt (Ctrl-C, SIGTERM) gets nothing at all; anything
 * else is a bug and asks to be reported. Returns the exit code to use.
 */
export function renderError(error: unknown, out: ErrorOutput): number {
  if (error instanceof InterruptedError) return error.exitCode;
  // Messages quote pack text (ids, keys, file names, whole problem lines): shown, never obeyed.
  if (error instanceof UserError) {
    out.stderr.write(`error: ${inert(error.message)}\n`);
    for (const step of error.nextSteps) out.stderr.write(`  → ${inertLine(step)}\n`);
    writeJsonError(out, error.exitCode === 2 ? 'usage' : 'problem', error.message, error.nextSteps, error.exitCode);
    return error.exitCode;
  }
  const bug = error instanceof Error ? error : new BugError(String(error));
  out.stderr.write(`kubedrill hit a bug: ${inert(bug.message)}\n${inert(bug.stack ?? '')}\n`);
  out.stderr.write('Please report it with the command you ran (and the --debug log if you have one).\n');
  writeJsonError(out, 'bug', bug.message, [], 70);
  return 70;
}

/** The error as `--json` prints it: `{ formatVersion, error: { kind, message, nextSteps, exitCode } }`. */
export function writeJsonError(out: ErrorOutput, kind: 'usage' | 'problem' | 'bug', message: string, nextSteps: readonly string[], exitCode: number): void {
  if (!out.json) return;
  out.json.write(`${inertJson(JSON.stringify({ formatVersion: 1, error: { kind, message, nextSteps, exitCode } }, null, 2))}\n`);
}
