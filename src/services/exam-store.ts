import { mkdir, readFile, rename, rm, writeFile, appendFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import type { ExamState } from './exam-session.js';

/**
 * kubedrill's data directory: `$KUBEDRILL_HOME` when set (tests, portable installs), else the
 * platform's data dir (XDG_DATA_HOME on Linux) from env-paths.
 */
export function dataDir(env: NodeJS.ProcessEnv): string {
  const home = env.KUBEDRILL_HOME;
  if (home && home.length > 0) return home;
  return envPaths('kubedrill', { suffix: '' }).data;
}

/** Where things live under the data dir. */
export function storePaths(env: NodeJS.ProcessEnv): { currentExam: string; history: string; workspace: string } {
  const root = dataDir(env);
  return {
    currentExam: join(root, 'exam', 'current.json'),
    history: join(root, 'history.jsonl'),
    workspace: join(root, 'workspace'),
  };
}

/**
 * Writes a file so that a reader (or a crash) never sees half of it: write a temp file beside it,
 * then rename over the target — rename is atomic within a directory.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Saves and restores the exam in progress; one exam at a time. */
export class ExamStore {
  /** Serialises saves so an older state never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Queues an atomic save of `state`; resolves when it (and every earlier save) is on disk. */
  save(state: ExamState): Promise<void> {
    const text = JSON.stringify(state, null, 2) + '\n';
    const next = this.queue.then(() => writeFileAtomic(this.file, text));
    // A failed save must not block later ones; the caller of this save still sees the error.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The saved exam, or undefined when none is in progress. Throws on a corrupt file. */
  async load(): Promise<ExamState | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const state = JSON.parse(text) as ExamState;
    if (state.formatVersion !== 1) throw new Error(`${this.file}: unknown formatVersion ${String(state.formatVersion)}`);
    return state;
  }

  /** Forgets the exam in progress (after it is graded and recorded). */
  async clear(): Promise<void> {
    await this.queue;
    await rm(this.file, { force: true });
  }
}

/** Appends one JSON object as a line to a JSON Lines file. */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, JSON.stringify(value) + '\n', 'utf8');
}
