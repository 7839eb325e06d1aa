import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

/**
 * kubedrill's own state files (saved exam, history, caches): written so that a crash never leaves
 * half a file, and read so that a damaged one costs only itself — it is moved aside, never thrown.
 */

/** What reading a state file found. `damaged` files have already been moved aside (when possible). */
export type StateRead<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  | { status: 'damaged'; file: string; reason: string; movedTo?: string; moveError?: string };

/**
 * Writes `content` to `path` so that a reader (or a crash) never sees half of it: a temp file in
 * the same directory, flushed, then renamed over the target (rename is atomic within a directory).
 * `mode` applies from the first byte, so a secret is never readable by others, even briefly.
 */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // No fsync: the exam saves on every keypress, and a flush costs tens of ms on slow disks. A
    // process crash cannot tear the file; what a power loss might leave is caught on read.
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx', mode: options.mode ?? 0o666 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Appends `line` (without its newline) as ONE write, so concurrent appenders never interleave.
 * When the file's last line is torn (a crash mid-append), the new line starts on a line of its
 * own: otherwise it would be glued to the torn one and lost with it.
 */
export async function appendLine(path: string, line: string): Promise<void> {
  if (line.includes('\n')) throw new Error('appendLine: a line may not contain a newline');
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is not a regular file`);
    let prefix = '';
    if (info.size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, info.size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    // O_APPEND: the kernel puts the whole buffer at the end, whatever other processes append.
    await handle.write(Buffer.from(`${prefix}${line}\n`, 'utf8'));
  } finally {
    await handle.close();
  }
}

/** `<path>.damaged-<time>`: the name a damaged state file is moved to (kept for a bug report, never deleted). */
export const damagedName = (path: string, now: number): string => `${path}.damaged-${new Date(now).toISOString().replaceAll(':', '-')}`;

/**
 * Reads a state file and parses it with `parse` (which throws on anything it cannot use). A file
 * that is missing is `missing`; one that is not a regular file (directory, FIFO — reading a FIFO
 * would block forever —, device, symlink loop), unreadable, or unparsable is moved aside and
 * reported as `damaged`. Never throws.
 */
export async function readStateFile<T>(path: string, parse: (text: string) => T, options: { now?: () => number } = {}): Promise<StateRead<T>> {
  const damaged = async (reason: string): Promise<StateRead<T>> => {
    const target = damagedName(path, (options.now ?? Date.now)());
    try {
      await rename(path, target);
      return { status: 'damaged', file: path, reason, movedTo: target };
    } catch (error) {
      return { status: 'damaged', file: path, reason, moveError: errorText(error) };
    }
  };
  try {
    const info = await stat(path);
    if (!info.isFile()) return await damaged(info.isDirectory() ? 'it is a directory' : 'it is not a regular file');
    const text = await readFile(path, 'utf8');
    try {
      return { status: 'ok', value: parse(text) };
    } catch (error) {
      return await damaged(errorText(error));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return await damaged(errorText(error));
  }
}

/** A parser for `readStateFile`: JSON, then `schema`; the first problem becomes the error message. */
export function jsonWith<S extends z.ZodType>(schema: S): (text: string) => z.output<S> {
  return (text) => {
    if (text.trim() === '') throw new Error('the file is empty');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the file's bytes (control characters included): say it plainly.
      throw new Error('not valid JSON: torn by a crash or overwritten');
    }
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new Error(firstIssue(result.error));
  };
}

/** The first zod issue as `path: message` (and how many more). */
export function firstIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'unexpected content';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where}${issue.message}${more}`;
}

// Matching control characters is the point here: they must not reach the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** One line for the learner: which file, why, where it went, and what `consequence` that has. */
export function describeDamage(what: string, read: Extract<StateRead<unknown>, { status: 'damaged' }>, consequence: string): string {
  const where = read.movedTo ? `moved it to ${read.movedTo}` : `could not move it aside (${read.moveError ?? 'unknown error'}); remove it by hand`;
  // One line, and nothing a terminal would act on (a path or a reason may hold control characters).
  return `${what} ${read.file} was damaged (${read.reason}); ${where}; ${consequence}`.replace(CONTROL_CHARACTERS, ' ');
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  // Node's fs messages repeat the path ("EISDIR: illegal operation on a directory, read"); the code says it.
  if (typeof e?.code === 'string') return e.code === 'EACCES' ? 'permission denied' : e.code === 'ELOOP' ? 'a symlink loop' : e.code;
  return e instanceof Error ? e.message : String(error);
}
