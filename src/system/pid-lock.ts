import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readStateFile } from './state-file.js';

/** Who holds a lock: a process id and when it took the lock (ISO time). */
export interface LockHolder {
  pid: number;
  startedAt: string;
}

/** The outcome of `acquireLock`: ours (release it when done), or held by another live process. */
export type LockAttempt = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockHolder };

export interface LockOptions {
  /** This process (tests pass another). */
  pid?: number;
  now?: () => number;
  /** Whether a process exists; a lock whose holder is gone is stale. */
  isAlive?: (pid: number) => boolean;
}

/** The lock's content, or undefined when it is not a lock (no zod: the exam screen's first frame imports this). */
function asHolder(value: unknown): LockHolder | undefined {
  const v = value as Partial<LockHolder> | null;
  return v !== null && typeof v === 'object' && Number.isInteger(v.pid) && (v.pid as number) > 0 && typeof v.startedAt === 'string' ? { pid: v.pid as number, startedAt: v.startedAt } : undefined;
}

/** A parser for `readStateFile`: throws when the text is not a lock. */
function parseHolder(text: string): LockHolder {
  const holder = asHolder(safeJson(text));
  if (!holder) throw new Error('not a kubedrill lock');
  return holder;
}

/** Whether process `pid` exists (EPERM: it does, but belongs to another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live holder of lock `file` other than this process, or undefined (no lock, a stale one,
 * or ours). A damaged or stale lock is left for `acquireLock` to replace.
 */
export async function lockHolder(file: string, options: LockOptions = {}): Promise<LockHolder | undefined> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? pidAlive;
  const holder = asHolder(safeJson(await readRegular(file)));
  if (!holder || holder.pid === pid || !isAlive(holder.pid)) return undefined;
  return holder;
}

/**
 * Takes lock `file` for this process. The lock is a small JSON file `{pid, startedAt}` put in
 * place with link(2), which fails when the file exists, so two processes never both win and no
 * one ever reads a half-written lock. A lock whose process is gone (a crash, a kill -9) is stale
 * and replaced; a lock this process already holds is taken again.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<LockAttempt> {
  const pid = options.pid ?? process.pid;
  const now = options.now ?? Date.now;
  const content = JSON.stringify({ pid, startedAt: new Date(now()).toISOString() } satisfies LockHolder) + '\n';
  await mkdir(dirname(file), { recursive: true });
  // Three rounds: a stale lock is removed once, and a racing process may win the next round.
  for (let round = 0; round < 3; round++) {
    if (await place(file, content)) return { acquired: true, release: () => releaseLock(file, pid) };
    const holder = await lockHolder(file, options);
    if (holder) return { acquired: false, holder };
    const read = await readStateFile(file, parseHolder, { now });
    if (read.status === 'ok' && read.value.pid === pid) return { acquired: true, release: () => releaseLock(file, pid) };
    // Stale (its process is gone): remove it. A damaged one was already moved aside by readStateFile.
    if (read.status === 'ok') await rm(file, { force: true });
  }
  const holder = await lockHolder(file, options);
  if (holder) return { acquired: false, holder };
  throw new Error(`could not take the lock ${file}`);
}

/** Removes the lock if this process still holds it (never another's). */
async function releaseLock(file: string, pid: number): Promise<void> {
  if (asHolder(safeJson(await readRegular(file)))?.pid === pid) await rm(file, { force: true });
}

/** Creates `file` with `content` only if it does not exist; false when it does. */
async function place(file: string, content: string): Promise<boolean> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A filesystem without hard links: exclusive create is the next best (a reader may briefly see it empty).
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? '')) {
      try {
        await writeFile(file, content, { flag: 'wx' });
        return true;
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw inner;
      }
    }
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** The file's text, or undefined when it is missing or not a regular file (reading a FIFO would block). */
async function readRegular(file: string): Promise<string | undefined> {
  try {
    return (await stat(file)).isFile() ? await readFile(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
