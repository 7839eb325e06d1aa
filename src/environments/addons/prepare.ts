// What a task's `environment.addons` and `environment.images` ask of its cluster, done before the
// task's timer starts: the one call the drill and exam preparation make (kind and --context alike).
import type { Task } from '../../models/task.js';
import type { ProcessRunner } from '../../system/index.js';
import type { Kubectl } from '../live/kubectl.js';
import { preloadImages } from '../preload-images.js';
import { installAddons, type AddonInstallOptions } from './install.js';

export interface TaskClusterTarget {
  kubectl: Kubectl;
  runner: ProcessRunner;
  /** The kind cluster's name; absent for a cluster kubedrill did not make (`--context`). */
  kindCluster?: string;
}

/**
 * Installs the task's add-ons (once per cluster) and, on a kind cluster, puts its images into the
 * nodes. On a `--context` cluster images are left to the kubelet: kubedrill cannot load into
 * nodes it does not run, and says so once.
 */
export async function prepareTaskCluster(task: Pick<Task, 'environment'>, target: TaskClusterTarget, options: AddonInstallOptions = {}): Promise<void> {
  const addons = task.environment.addons ?? [];
  const images = task.environment.images ?? [];
  if (addons.length > 0) await installAddons(target.kubectl, addons, options);
  if (images.length === 0) return;
  if (target.kindCluster === undefined) {
    options.onProgress?.(`images ${images.join(', ')}: not preloaded (not a kind cluster); the nodes pull them when pods start`);
    return;
  }
  await preloadImages(target.runner, target.kindCluster, images, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
