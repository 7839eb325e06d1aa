import { CAPABILITIES, checkNeeds, checkParams, stepHostTools, type Capability, type Checker, type LoadedTask, type Task } from '../models/index.js';
import type { Environment } from '../environments/types.js';

/**
 * Every capability a task needs to be prepared and graded in full: declared ones, its checks',
 * and the host programs its steps run (a `helm` step needs helm on this machine).
 */
export function taskNeeds(task: Task, checkers: readonly Checker[]): Capability[] {
  const byType = new Map(checkers.map((c) => [c.type, c]));
  const needs = new Set<Capability>(task.environment.needs);
  const steps = [...task.setup, ...task.solution, ...task.alternatives.flatMap((a) => a.steps), ...task.nearMisses.flatMap((m) => m.steps)];
  for (const tool of steps.flatMap(stepHostTools)) if ((CAPABILITIES as readonly string[]).includes(tool)) needs.add(tool as Capability);
  for (const check of task.checks) {
    const checker = byType.get(check.type);
    if (checker) for (const need of checkNeeds(checker, checkParams(check))) needs.add(need);
  }
  return [...needs];
}

/**
 * Why a live environment cannot grade the task in full, one reason per missing capability
 * (empty when it can). Such a task is not offered there: a policy check where policies are not
 * enforced would drop out of the score and let an answer that only looks right score 100%.
 * Offline workspaces are a reduced mode on purpose and are not filtered here.
 */
export function missingNeeds(task: Task, environment: Pick<Environment, 'kind' | 'capabilities' | 'unavailable'>, checkers: readonly Checker[]): string[] {
  if (environment.kind === 'offline') return [];
  return taskNeeds(task, checkers)
    .filter((need) => !environment.capabilities.has(need))
    .map((need) => `needs ${need}: ${environment.unavailable?.[need] ?? 'this environment does not offer it'}`);
}

/** Splits tasks into those the environment can run and, for the others, why not. */
export function runnableHere(tasks: readonly LoadedTask[], environment: Pick<Environment, 'kind' | 'capabilities' | 'unavailable'>, checkers: readonly Checker[]) {
  const runnable: LoadedTask[] = [];
  const refused: { id: string; reasons: string[] }[] = [];
  for (const t of tasks) {
    const reasons = missingNeeds(t.task, environment, checkers);
    if (reasons.length === 0) runnable.push(t);
    else refused.push({ id: t.task.metadata.id, reasons });
  }
  return { runnable, refused };
}
