import { readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';

/** The default kind cluster kubedrill creates and uses. */
export const DEFAULT_CLUSTER = 'kubedrill';

/** kind's cluster names: the name becomes container names and kubedrill's kubeconfig path. */
export const CLUSTER_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const CLUSTER_NAME_RULE = 'a cluster name is lowercase letters, digits and dashes';

/**
 * kubedrill's data directory: `$KUBEDRILL_HOME` when set (tests, portable installs), else the
 * platform's data dir (XDG_DATA_HOME on Linux). The one rule: services and commands use it too.
 */
export function kubedrillDataDir(env: NodeJS.ProcessEnv): string {
  const home = env.KUBEDRILL_HOME;
  return home && home.length > 0 ? home : envPaths('kubedrill', { suffix: '' }).data;
}

/** kubedrill's own kubeconfig for a kind cluster: never the learner's ~/.kube/config. */
export const kindKubeconfigPath = (dataDir: string, cluster: string): string => join(dataDir, 'kube', `${cluster}.kubeconfig`);

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

/** What the live runner remembers about a task's applied objects, so reset works across sessions. */
export const taskStatePath = (dataDir: string, taskId: string): string => join(dataDir, 'task-state', `${taskId.replaceAll('/', '__')}.json`);

/** kind's context name for a cluster. */
export const kindContext = (cluster: string): string => `kind-${cluster}`;
