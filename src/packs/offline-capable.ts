import { checkNeeds, checkParams, needsLiveCluster, stepKind, type Capability, type Checker, type Step, type Task } from '../models/index.js';

/** What the offline workspace can do: RBAC questions are answered from the workspace's objects. */
export const OFFLINE_CAPABILITIES: readonly Capability[] = ['can-i'];

/** Whether a task can be self-tested and drilled offline, and why (not). */
export interface OfflineCapability {
  capable: boolean;
  /**
   * Why not (steps that need a live cluster), followed by information that does not block:
   * checks that will be `unsupported` offline.
   */
  reasons: string[];
}

/**
 * A task is offline-capable when its setup and solution use no `node`/`kubectl` step;
 * alternatives and near misses that do are skipped offline, phase by phase. Checks needing capabilities the workspace lacks do not block (they grade as
 * `unsupported` there), but they are listed so `pack test --offline` can say so.
 */
export function offlineCapability(
  task: Task,
  checkers: readonly Checker[],
  offlineCapabilities: readonly Capability[] = OFFLINE_CAPABILITIES,
): OfflineCapability {
  const blocking: string[] = [];
  const liveSteps = (steps: readonly Step[], where: string): void => {
    steps.forEach((step, i) => {
      if (needsLiveCluster(step)) blocking.push(`${where} step ${i + 1} is a ${stepKind(step)} step (needs a live cluster)`);
    });
  };
  liveSteps(task.setup, 'setup');
  liveSteps(task.solution, 'solution');
  // An add-on is CRDs and controllers on a real API server: the workspace has neither.
  const addons = task.environment.addons ?? [];
  if (addons.length > 0) blocking.push(`it needs the add-on${addons.length > 1 ? 's' : ''} ${addons.join(', ')} (a live cluster)`);

  const info: string[] = [];
  const byType = new Map(checkers.map((c) => [c.type, c]));
  for (const check of task.checks) {
    const checker = byType.get(check.type);
    // A checker that models its behaviour offline (NetworkPolicy connectivity) grades there.
    const missing = checker && !checker.modelsOffline ? checkNeeds(checker, checkParams(check)).filter((need) => !offlineCapabilities.includes(need)) : [];
    if (missing.length > 0) info.push(`check "${check.id}" (${check.type}) needs ${missing.join(', ')}: unsupported offline`);
  }
  return { capable: blocking.length === 0, reasons: [...blocking, ...info] };
}
