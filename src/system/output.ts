/**
 * Reading what an external command printed: the failure reason to show (last line, tail) and
 * JSON that may be absent or cut short. Written once here so every caller of the process runner
 * (services, environments, this module's own errors) condenses output the same way.
 */

/** The last few lines of a command's stderr: enough to explain a failure, short enough to print. */
export function tail(text: string, lines = 10, chars = 2000): string {
  const trimmed = text.trimEnd();
  const last = trimmed.split('\n').slice(-lines).join('\n');
  return last.length > chars ? `…${last.slice(-chars)}` : last;
}

/**
 * The last non-blank line of a command's output: the one that usually says what went wrong
 * (`Error: …`, `error: the server doesn't have a resource type`). `fallback` when there is none,
 * so callers can say "no error output" or `exit 1` instead of an empty reason.
 */
export function lastLine(text: string, fallback = ''): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? fallback;
}

/**
 * `text` parsed as JSON, or `fallback` when it is not JSON (empty stdout of a failed command,
 * output cut short by a timeout): callers that only probe a field treat both as "not there".
 */
export function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
