import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disruptiveLast, isDisruptive, type Checker, type LoadedTask, type Task } from '../models/index.js';
import type { Environment } from '../environments/types.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import { offlineCapability } from '../packs/offline-capable.js';
import { selfTestTask, type PhaseResult, type SelfTestResult } from './self-test.js';
import { missingNeeds } from './task-needs.js';

export type TaskTestResult =
  | (SelfTestResult & { skipped?: undefined })
  | { taskId: string; ok: true; skipped: string; phases: [] };

export interface PackTestOptions {
  tasks: readonly LoadedTask[];
  checkers: readonly Checker[];
  /**
   * Offline: every task gets a fresh temporary workspace. Live: the given environment, and
   * `renew` (kubedrill's own kind cluster only) re-creates it before each disruptive task.
   */
  target: { offline: true } | { offline: false; environment: Environment; renew?: () => Promise<Environment> };
  signal?: AbortSignal;
  onPhase?: (taskId: string, phase: PhaseResult) => void;
  onTaskStart?: (taskId: string) => void;
}

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
    options.onTaskStart?.(id);
    results.push(await testOffline(task, options));
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
    options.onTaskStart?.(id);
    results.push(await selfTestTask(task, environment, options.checkers, selfTestOptions(options)));
  }
  // Report in the order the tasks were given.
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
