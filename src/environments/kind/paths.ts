import { join } from 'node:path';
import envPaths from 'env-paths';

/** The default kind cluster kubedrill creates and uses. */
export const DEFAULT_CLUSTER = 'kubedrill';

/**
 * kubedrill's data directory: `$KUBEDRILL_HOME` when set, else the platform data dir. Same rule
 * as the services' store (kept here too because environments must not import services).
 */
export function kubedrillDataDir(env: NodeJS.ProcessEnv): string {
  const home = env.KUBEDRILL_HOME;
  return home && home.length > 0 ? home : envPaths('kubedrill', { suffix: '' }).data;
}

/** kubedrill's own kubeconfig for a kind cluster: never the learner's ~/.kube/config. */
export const kindKubeconfigPath = (dataDir: string, cluster: string): string => join(dataDir, 'kube', `${cluster}.kubeconfig`);

/** The learner's answer files for one task, on the learner's machine. */
export const answersDirFor = (dataDir: string, taskId: string): string => join(dataDir, 'answers', ...taskId.split('/'));

/** Where a reset moves a task's earlier answer files: `<data>/backup/<task>/<time>/`. */
export const answersBackupDirFor = (dataDir: string, taskId: string): string => join(dataDir, 'backup', ...taskId.split('/'));

/** What the live runner remembers about a task's applied objects, so reset works across sessions. */
export const taskStatePath = (dataDir: string, taskId: string): string => join(dataDir, 'task-state', `${taskId.replaceAll('/', '__')}.json`);

/** kind's context name for a cluster. */
export const kindContext = (cluster: string): string => `kind-${cluster}`;
