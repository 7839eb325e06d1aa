import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { acquireLock, lockHolder, type LockAttempt, type LockHolder, type LockOptions } from '../system/pid-lock.js';
import { describeDamage, readStateFile, writeFileAtomic } from '../system/state-file.js';
import type { ExamState } from './exam-state.js';

export { writeFileAtomic } from '../system/state-file.js';

/** kubedrill's data directory (one rule for the whole program: environments/data-dir.ts). */
export { kubedrillDataDir as dataDir } from '../environments/data-dir.js';

/** Where things live under the data dir. */
export function storePaths(env: NodeJS.ProcessEnv): { currentExam: string; history: string; workspace: string } {
  const root = kubedrillDataDir(env);
  return {
    currentExam: join(root, 'exam', 'current.json'),
    history: join(root, 'history.jsonl'),
    workspace: join(root, 'workspace'),
  };
}

export interface ExamStoreOptions {
  /** One-line notes for the learner (a damaged saved exam moved aside). Defaults to none. */
  onNotice?: (line: string) => void;
  now?: () => number;
  /** For tests: who "this process" is, and which processes are alive. */
  lock?: LockOptions;
}

/**
 * Saves and restores the exam in progress; one exam at a time, open in one kubedrill at a time
 * (a lock file beside the state holds the pid of the kubedrill showing it).
 */
export class ExamStore {
  /** Serialises saves so an older state never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: ExamStoreOptions = {},
  ) {}

  /** The lock file: `current.json.lock`. */
  get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** Queues an atomic save of `state`; resolves when it (and every earlier save) is on disk. */
  save(state: ExamState): Promise<void> {
    const text = JSON.stringify(state, null, 2) + '\n';
    const next = this.queue.then(() => writeFileAtomic(this.file, text));
    // A failed save must not block later ones; the caller of this save still sees the error.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The saved exam, or undefined when none is in progress. A damaged file (not JSON, wrong shape,
   * a directory…) is moved aside with a note, and counts as no exam: it never stops a new one.
   */
  async load(): Promise<ExamState | undefined> {
    // Loaded here, not at import: the home screen imports this module before its first frame, without zod.
    const { parseExamState } = await import('./exam-state-schema.js');
    const read = await readStateFile(this.file, parseExamState, this.options.now ? { now: this.options.now } : {});
    if (read.status === 'ok') return read.value;
    if (read.status === 'damaged') this.options.onNotice?.(describeDamage('the saved exam', read, 'that exam cannot be resumed; your history is kept'));
    return undefined;
  }

  /** Another live kubedrill showing the exam, if any. */
  holder(): Promise<LockHolder | undefined> {
    return lockHolder(this.lockFile, this.options.lock);
  }

  /** Takes the exam lock for this process (release it when the exam screen closes). */
  lock(): Promise<LockAttempt> {
    return acquireLock(this.lockFile, { ...(this.options.now ? { now: this.options.now } : {}), ...this.options.lock });
  }

  /** Forgets the exam in progress (after it is graded and recorded). */
  async clear(): Promise<void> {
    await this.queue;
    await rm(this.file, { force: true });
  }
}
