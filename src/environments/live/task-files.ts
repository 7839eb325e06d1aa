import { readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Where a live task keeps its files below kubedrill's data dir (kind and context alike: the
// learner's machine holds the answers, the cluster holds the objects).

/**
 * A task id as ONE path segment (`cka/rbac` → `cka__rbac`, as the offline workspace does). Ids
 * hold only `a-z0-9-` and `/`, so this is one-to-one, and no task's directory is inside
 * another's: with a segment per id part, task `cka`'s reset took every `cka/...` task's answers.
 */
export const taskSegment = (taskId: string): string => taskId.replaceAll('/', '__');

/** The learner's answer files for one task, on the learner's machine: `<data>/answers/<cka__rbac>/`. */
export const answersDirFor = (dataDir: string, taskId: string): string => join(dataDir, 'answers', taskSegment(taskId));

/** Where a reset moves a task's earlier answer files: `<data>/backup/<cka__rbac>/<time>/`. */
export const answersBackupDirFor = (dataDir: string, taskId: string): string => join(dataDir, 'backup', taskSegment(taskId));

/** Where versions before the one-segment layout kept a task's answers: `<data>/answers/cka/rbac/`. */
export const legacyAnswersDirFor = (dataDir: string, taskId: string): string => join(dataDir, 'answers', ...taskId.split('/'));

/**
 * Moves a task's answers from the old nested layout to its one-segment directory, so answers
 * written before the change stay where the task looks. Only when the new directory is absent or
 * empty (never merges), and only for ids with a `/` (a one-part id has the same path in both).
 * Emptied parent directories are removed. Returns the old directory when it moved something.
 */
export async function adoptLegacyAnswers(dataDir: string, taskId: string): Promise<string | undefined> {
  if (!taskId.includes('/')) return undefined;
  const legacy = legacyAnswersDirFor(dataDir, taskId);
  const target = answersDirFor(dataDir, taskId);
  const isDir = await stat(legacy).then((s) => s.isDirectory(), () => false);
  if (!isDir) return undefined;
  const existing = await readdir(target).catch(() => undefined);
  if (existing && existing.length > 0) return undefined;
  if (existing) await rmdir(target);
  await rename(legacy, target);
  const root = join(dataDir, 'answers');
  for (let dir = dirname(legacy); dir !== root && dir.startsWith(root); dir = dirname(dir)) {
    // ENOTEMPTY: other tasks' old answers still live below; they move when those tasks open.
    if (!(await rmdir(dir).then(() => true, () => false))) break;
  }
  return legacy;
}

/** What the live step runner remembers about a task's applied objects, so reset works across sessions. */
export const taskStatePath = (dataDir: string, taskId: string): string => join(dataDir, 'task-state', `${taskSegment(taskId)}.json`);
