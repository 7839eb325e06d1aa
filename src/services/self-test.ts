import { needsLiveCluster, stepKind, type Checker, type Step, type Task, type TaskReport } from '../models/index.js';
import type { Environment, TaskWorld } from '../environments/types.js';
import { gradeTask, gradingWorld } from '../grading/index.js';
import { expandTemplates } from '../templating.js';
import { prepareClusterFor } from '../environments/index.js';

/**
 * What one self-test phase demands of the score: setup alone exactly 0, the solution and every
 * alternative exactly 100, every near miss below 100.
 */
export type Requirement = { exactly: 0 | 100 } | { below: 100 };

export interface PhaseResult {
  /** `setup`, `solution`, `alternative: <name>` or `near miss: <name>`. */
  phase: string;
  requirement: Requirement;
  ok: boolean;
  /** Why the phase failed, when it did (a step error, the score against the requirement, a failed guard). */
  problem?: string;
  /** Why the phase did not run here (an alternative with kubectl or node steps, offline); not counted as passed. */
  skipped?: string;
  report?: TaskReport;
}

export interface SelfTestResult {
  taskId: string;
  ok: boolean;
  phases: PhaseResult[];
}

export interface SelfTestOptions {
  signal?: AbortSignal;
  onPhase?: (taskId: string, phase: PhaseResult) => void;
}

interface PlannedPhase {
  phase: string;
  steps: readonly Step[];
  requirement: Requirement;
  /** Guards must hold after this phase (all but near misses, which may break what they guard). */
  guardsHold: boolean;
}

/**
 * Proves a task fair (the README, Writing a pack): setup alone scores exactly 0, its solution and every
 * alternative exactly 100%, each near miss below 100%, and no guard fails except in a near miss.
 * Every phase starts from a reset world, so one phase's leftovers cannot make another pass. Works
 * on any Environment; offline, an alternative that needs a live cluster is skipped, saying so.
 */
export async function selfTestTask(
  task: Task,
  environment: Environment,
  checkers: readonly Checker[],
  options: SelfTestOptions = {},
): Promise<SelfTestResult> {
  const world = await environment.openTask(task.metadata.id);
  const phases: PhaseResult[] = [];
  const plan: PlannedPhase[] = [
    { phase: 'setup', steps: [], requirement: { exactly: 0 }, guardsHold: true },
    { phase: 'solution', steps: task.solution, requirement: { exactly: 100 }, guardsHold: true },
    ...task.alternatives.map((alt) => ({ phase: `alternative: ${alt.name}`, steps: alt.steps, requirement: { exactly: 100 } as const, guardsHold: true })),
    ...task.nearMisses.map((miss) => ({ phase: `near miss: ${miss.name}`, steps: miss.steps, requirement: { below: 100 } as const, guardsHold: false })),
  ];
  try {
    for (const planned of plan) {
      const liveOnly = environment.kind === 'offline' ? planned.steps.find(needsLiveCluster) : undefined;
      const result: PhaseResult = liveOnly
        ? { phase: planned.phase, requirement: planned.requirement, ok: true, skipped: `a ${stepKind(liveOnly)} step needs a live cluster` }
        : await runPhase(task, environment, world, checkers, [...task.setup, ...planned.steps], planned, options.signal);
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
  { phase, requirement, guardsHold }: PlannedPhase,
  signal: AbortSignal | undefined,
): Promise<PhaseResult> {
  await world.reset();
  try {
    // Each phase from the cluster's baseline: another phase's cordon or kubelet change cannot pass it.
    await prepareClusterFor(environment, task, signal);
    for (const step of steps) await world.runStep(expandTemplates(step, world.vars), signal);
  } catch (error) {
    return { phase, requirement, ok: false, problem: `a step failed: ${(error as Error).message}` };
  }
  const report = await gradeTask(
    task,
    gradingWorld(environment, world),
    checkers,
    signal ? { signal } : {},
  );
  const problem = judge(report, requirement, guardsHold);
  return problem === undefined ? { phase, requirement, ok: true, report } : { phase, requirement, ok: false, problem, report };
}

/** Returns why the report misses the requirement, or undefined when it meets it. */
export function judge(report: TaskReport, requirement: Requirement, guardsHold = true): string | undefined {
  const { percent, possible } = report.score;
  const broken = report.checks.filter((c) => c.status === 'error');
  if (broken.length > 0) {
    return `could not grade: ${broken.map((c) => `${c.id} (${c.reason ?? 'error'})`).join('; ')}`;
  }
  if (possible === 0) return 'no check could be graded in this environment';
  if (guardsHold && report.guardsFailed) {
    const failedGuards = report.checks.filter((c) => report.guardsFailed?.includes(c.id));
    return `guard failed: ${failedGuards.map((c) => `${c.id}: expected ${c.expected}, got ${c.actual}`).join('; ')}`;
  }
  if ('exactly' in requirement) {
    if (percent === requirement.exactly) return undefined;
    const wrong = report.checks.filter((c) => !c.guard && c.status === (requirement.exactly === 0 ? 'passed' : 'failed'));
    const detail =
      requirement.exactly === 0
        ? `free points: ${wrong.map((c) => `${c.id} passes on setup alone (${c.evidence ?? 'passed'})`).join('; ')}`
        : wrong.map((c) => `${c.id}: expected ${c.expected}, got ${c.actual}`).join('; ');
    return `scored ${percent}%, needs ${requirement.exactly}% (${detail})`;
  }
  return percent < requirement.below ? undefined : `scored ${percent}%, needs below ${requirement.below}%`;
}
