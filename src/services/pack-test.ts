import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disruptiveLast, isDisruptive, type Checker, type LoadedTask, type Task } from '../models/index.js';
import type { Environment } from '../environments/types.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import { offlineCapability } from '../packs/offline-capable.js';
import { selfTestTask, type PhaseResult, type SelfTestResult } from './self-test.js';
import { missingNeeds } from './task-needs.js';
import { applyVariant, enumerateVariants, hasParams, type TaskVariant } from './task-variants.js';

/**
 * One task's self-test; a task with parameters has one per variant tested, each naming its
 * variant (seed and values) so a failure can be had again with `kubedrill drill ID --seed N`.
 */
export type TaskTestResult =
  | (SelfTestResult & { skipped?: undefined; variant?: TaskVariant })
  | { taskId: string; ok: true; skipped: string; phases: []; variant?: undefined };

/** How many variants of a task with parameters are proven unless told otherwise (`--variants N`). */
export const DEFAULT_VARIANTS = 3;

export interface PackTestOptions {
  tasks: readonly LoadedTask[];
  checkers: readonly Checker[];
  /**
   * Offline: every task gets a fresh temporary workspace. Live: the given environment, and
   * `renew` (kubedrill's own kind cluster only) re-creates it before each disruptive task.
   */
  target: { offline: true } | { offline: false; environment: Environment; renew?: () => Promise<Environment> };
  /**
   * Variants per task with parameters (default DEFAULT_VARIANTS): every combination when there
   * are at most this many, else this many different ones (see enumerateVariants).
   */
  variants?: number;
  signal?: AbortSignal;
  onPhase?: (taskId: string, phase: PhaseResult) => void;
  onTaskStart?: (taskId: string, variant?: TaskVariant) => void;
}

/** The task as each of its variants to test states it: the task itself when it has no parameters. */
function variantsToTest(task: Task, options: PackTestOptions): { task: Task; variant?: TaskVariant }[] {
  if (!hasParams(task)) return [{ task }];
  return enumerateVariants(task, options.variants ?? DEFAULT_VARIANTS).map((variant) => ({ task: applyVariant(task, variant), variant }));
}

const withVariant = (result: SelfTestResult, variant: TaskVariant | undefined): TaskTestResult => (variant ? { ...result, variant } : result);

/**
 * Self-tests tasks one after another. Offline, tasks that need a live cluster are skipped with
 * the reason; they are never counted as passed silently — the summary shows them apart.
 */
export async function testTasks(options: PackTestOptions): Promise<TaskTestResult[]> {
  const { target } = options;
  if (!target.offline) return testLive(options, target);
  const results: TaskTestResult[] = [];
  for (const { task } of options.tasks) {
    options.signal?.throwIfAborted();
    const id = task.metadata.id;
    const capability = offlineCapability(task, options.checkers);
    if (!capability.capable) {
      results.push({ taskId: id, ok: true, skipped: capability.reasons.join('; '), phases: [] });
      continue;
    }
    for (const { task: variantTask, variant } of variantsToTest(task, options)) {
      options.signal?.throwIfAborted();
      options.onTaskStart?.(id, variant);
      results.push(withVariant(await testOffline(variantTask, options), variant));
    }
  }
  return results;
}

/**
 * Live, tasks share one cluster. Disruptive ones (a broken kubelet, cordoned nodes, a restored
 * etcd) go last, each on a re-created cluster where that is ours to re-create; otherwise only the
 * first runs and the others say how to test them alone. Tasks the cluster cannot grade in full
 * are skipped with the reason, never passed.
 */
async function testLive(options: PackTestOptions, target: { environment: Environment; renew?: () => Promise<Environment> }): Promise<TaskTestResult[]> {
  let environment = target.environment;
  let changedBy: string | undefined;
  const ordered = disruptiveLast(options.tasks, (t) => t.task);
  const results: TaskTestResult[] = [];
  for (const { task } of ordered) {
    options.signal?.throwIfAborted();
    const id = task.metadata.id;
    if (isDisruptive(task) && changedBy !== undefined) {
      if (!target.renew) {
        results.push({ taskId: id, ok: true, skipped: `the cluster was changed by ${changedBy}; test it alone with --task ${id}`, phases: [] });
        continue;
      }
      environment = await target.renew();
    }
    const missing = missingNeeds(task, environment, options.checkers);
    if (missing.length > 0) {
      results.push({ taskId: id, ok: true, skipped: missing.join('; '), phases: [] });
      continue;
    }
    if (isDisruptive(task)) changedBy = id;
    // A task's variants follow one another like its phases do, each from a reset world.
    for (const { task: variantTask, variant } of variantsToTest(task, options)) {
      options.signal?.throwIfAborted();
      options.onTaskStart?.(id, variant);
      results.push(withVariant(await selfTestTask(variantTask, environment, options.checkers, selfTestOptions(options)), variant));
    }
  }
  // Report in the order the tasks were given (a stable sort keeps each task's variants in order).
  const order = new Map(options.tasks.map((t, i) => [t.task.metadata.id, i]));
  return results.sort((a, b) => (order.get(a.taskId) ?? 0) - (order.get(b.taskId) ?? 0));
}

const selfTestOptions = (options: PackTestOptions) => ({
  ...(options.signal ? { signal: options.signal } : {}),
  ...(options.onPhase ? { onPhase: options.onPhase } : {}),
});

async function testOffline(task: Task, options: PackTestOptions): Promise<SelfTestResult> {
  const workspace = await mkdtemp(join(tmpdir(), 'kubedrill-selftest-'));
  try {
    const environment = await openOfflineEnvironment(workspace);
    return await selfTestTask(task, environment, options.checkers, selfTestOptions(options));
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
