import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../../system/state-file.js';

/**
 * kubedrill's own directory inside a workspace: its journal and the backups of learner files it
 * had to change. A dot-directory, so its files are never read as objects.
 */
export const KUBEDRILL_DIR = '.kubedrill';

/** What one task's steps put in the workspace. */
export interface TaskEntry {
  /** Identities (see `identity`) of the objects its steps wrote. */
  objects: string[];
  /** Namespaces its steps created: a reset empties them, as deleting a namespace does. */
  namespaces: string[];
}

interface JournalData {
  formatVersion: 1;
  /** Files kubedrill wrote, relative to the workspace, with the SHA-256 of what it wrote. */
  files: Record<string, string>;
  tasks: Record<string, TaskEntry>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The record of what kubedrill wrote in a workspace, so that a reset removes exactly that and
 * never a file the learner wrote (kubedrill never deletes a file it did not write). A file is
 * kubedrill's while its content is what kubedrill last wrote; any other file that kubedrill must
 * change or remove is first copied to `.kubedrill/backup/<time>/`, where the learner finds it.
 */
export class WorkspaceJournal {
  private constructor(
    private readonly workspace: string,
    private data: JournalData,
    private readonly now: () => Date,
  ) {}

  static async open(workspace: string, now: () => Date = () => new Date()): Promise<WorkspaceJournal> {
    return new WorkspaceJournal(workspace, await readJournal(journalPath(workspace)), now);
  }

  /** The entry of a task (empty when its steps wrote nothing). */
  task(taskId: string): TaskEntry {
    return this.data.tasks[taskId] ?? { objects: [], namespaces: [] };
  }

  /** Records objects (and namespaces) a task's step wrote. */
  recordObjects(taskId: string, identities: readonly string[], namespaces: readonly string[]): void {
    const entry = this.task(taskId);
    this.data.tasks[taskId] = {
      objects: [...new Set([...entry.objects, ...identities])],
      namespaces: [...new Set([...entry.namespaces, ...namespaces])],
    };
  }

  forgetTask(taskId: string): void {
    delete this.data.tasks[taskId];
  }

  /** True when kubedrill wrote this file and nobody changed it since. */
  owns(file: string, content: string): boolean {
    return this.data.files[this.key(file)] === sha256(content);
  }

  /** Records that kubedrill wrote `content` to `file`. */
  wrote(file: string, content: string): void {
    this.data.files[this.key(file)] = sha256(content);
  }

  /** Records that kubedrill removed `file`. */
  removed(file: string): void {
    delete this.data.files[this.key(file)];
  }

  /**
   * Before kubedrill changes or removes `file` (whose text is `content`): a file it does not own
   * is copied into this reset's backup directory first. Returns where the copy went, if any.
   */
  async preserve(file: string, content: string): Promise<string | undefined> {
    if (this.owns(file, content)) return undefined;
    const copy = join(this.backupDir(), this.key(file));
    await mkdir(dirname(copy), { recursive: true });
    await cp(file, copy, { force: false, errorOnExist: false });
    return copy;
  }

  /** Moves a file the learner wrote into the backup directory (a rename: nothing is lost). */
  async moveToBackup(file: string): Promise<void> {
    const target = join(this.backupDir(), this.key(file));
    await mkdir(dirname(target), { recursive: true });
    await rename(file, target);
  }

  /** One backup directory per journal session, named by the time it was first needed. */
  backupDir(): string {
    this.stamp ??= this.now().toISOString().replaceAll(':', '-');
    return join(this.workspace, KUBEDRILL_DIR, 'backup', this.stamp);
  }
  private stamp: string | undefined;

  /** Writes the journal atomically (a torn journal would make kubedrill forget what it owns). */
  async save(): Promise<void> {
    await writeFileAtomic(journalPath(this.workspace), JSON.stringify(this.data, null, 2));
  }

  private key(file: string): string {
    return relative(this.workspace, file);
  }
}

const journalPath = (workspace: string): string => join(workspace, KUBEDRILL_DIR, 'journal.json');

/** A missing or unreadable journal is an empty one: then kubedrill owns nothing, and deletes nothing without a backup. */
async function readJournal(path: string): Promise<JournalData> {
  const empty: JournalData = { formatVersion: 1, files: {}, tasks: {} };
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<JournalData>;
    if (value.formatVersion !== 1 || typeof value.files !== 'object' || typeof value.tasks !== 'object') return empty;
    return { formatVersion: 1, files: value.files ?? {}, tasks: value.tasks ?? {} };
  } catch {
    return empty;
  }
}
