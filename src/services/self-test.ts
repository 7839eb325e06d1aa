import type { Checker, Step, Task, TaskReport } from '../models/index.js';
import type { Environment, TaskWorld } from '../environments/types.js';
import { gradeTask } from '../grading/index.js';
import { expandTemplates } from '../templating.js';

/** What one self-test phase demands of the score. */
export type Requirement = { below: number } | { exactly: 100 };

export interface PhaseResult {
  /** `setup`, `solution`, or `near miss: <name>`. */
  phase: string;
  requirement: Requirement;
  ok: boolean;
  /** Why the phase failed, when it did (a step error, or the score against the requirement). */
  problem?: string;
  report?: TaskReport;
}

export interface SelfTestResult {
  taskId: string;
  ok: boolean;
  phases: PhaseResult[];
}

export interface SelfTestOptions {
  /** The pass mark of the task's exam: setup alone must score below it. */
  passPercent: number;
  signal?: AbortSignal;
  onPhase?: (taskId: string, phase: PhaseResult) => void;
}

/**
 * Proves a task fair (DESIGN.md §4): after setup alone it scores below the pass mark, after its
 * solution 100%, and after each near miss below 100%. Every phase starts from a reset world, so
 * one phase's leftovers cannot make another pass. Works on any Environment.
 */
export async function selfTestTask(
  task: Task,
  environment: Environment,
  checkers: readonly Checker[],
  options: SelfTestOptions,
): Promise<SelfTestResult> {
  const world = await environment.openTask(task.metadata.id);
  const phases: PhaseResult[] = [];
  const plan: { phase: string; steps: Step[]; requirement: Requirement }[] = [
    { phase: 'setup', steps: [], requirement: { below: options.passPercent } },
    { phase: 'solution', steps: task.solution, requirement: { exactly: 100 } },
    ...task.nearMisses.map((miss) => ({ phase: `near miss: ${miss.name}`, steps: miss.steps, requirement: { below: 100 } })),
  ];
  try {
    for (const { phase, steps, requirement } of plan) {
      const result = await runPhase(task, environment, world, checkers, [...task.setup, ...steps], phase, requirement, options.signal);
      phases.push(result);
      options.onPhase?.(task.metadata.id, result);
    }
  } finally {
    await world.reset();
  }
  return { taskId: task.metadata.id, ok: phases.every((p) => p.ok), phases };
}

async function runPhase(
  task: Task,
  environment: Environment,
  world: TaskWorld,
  checkers: readonly Checker[],
  steps: Step[],
  phase: string,
  requirement: Requirement,
  signal: AbortSignal | undefined,
): Promise<PhaseResult> {
  await world.reset();
  try {
    for (const step of steps) await world.runStep(expandTemplates(step, world.vars), signal);
  } catch (error) {
    return { phase, requirement, ok: false, problem: `a step failed: ${(error as Error).message}` };
  }
  const report = await gradeTask(
    task,
    { ports: world.ports, vars: world.vars, capabilities: environment.capabilities, offline: environment.kind === 'offline' },
    checkers,
    signal ? { signal } : {},
  );
  const problem = judge(report, requirement);
  return problem === undefined ? { phase, requirement, ok: true, report } : { phase, requirement, ok: false, problem, report };
}

/** Returns why the report misses the requirement, or undefined when it meets it. */
export function judge(report: TaskReport, requirement: Requirement): string | undefined {
  const { percent, possible } = report.score;
  const broken = report.checks.filter((c) => c.status === 'error');
  if (broken.length > 0) {
    return `could not grade: ${broken.map((c) => `${c.id} (${c.reason ?? 'error'})`).join('; ')}`;
  }
  if (possible === 0) return 'no check could be graded in this environment';
  if ('exactly' in requirement) {
    if (percent === 100) return undefined;
    const lost = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id}: expected ${c.expected}, got ${c.actual}`);
    return `scored ${percent}%, needs 100% (${lost.join('; ')})`;
  }
  return percent < requirement.below ? undefined : `scored ${percent}%, needs below ${requirement.below}%`;
}
