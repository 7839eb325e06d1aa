/**
 * Scoring a finished exam: overall, per domain and per task, and the verdict. Pure, so the
 * controller and `--resume` (which may re-grade) score the same way.
 */
import type { TaskReport } from '../models/index.js';
// Not models/index: the home screen's first frame must not load zod (see commands/home.test.ts).
import { isIncomplete } from '../models/report.js';
import type { ExamResults, TaskResult } from './exam-result-types.js';
import type { ExamState } from './exam-state.js';

export type { DomainResult, ExamOutcome, ExamResults, ResultsChoice, TaskResult } from './exam-result-types.js';

const round1 = (n: number): number => Math.round(n * 10) / 10;
const percentOf = (earned: number, possible: number): number => (possible === 0 ? 0 : round1((earned / possible) * 100));

/** Scores the exam from each task's report: overall, per domain (weakest first), per task. */
export function computeResults(state: ExamState, reports: ReadonlyMap<string, TaskReport>): ExamResults {
  const tasks: TaskResult[] = state.tasks.map((t) => {
    const report = reports.get(t.id) ?? emptyReport(t.id, t.title, 'not graded');
    return {
      id: t.id,
      title: t.title,
      domain: t.domain,
      points: t.points,
      earned: report.score.earned,
      possible: report.score.possible,
      percent: report.score.percent,
      spentMs: t.spentMs,
      flagged: t.flagged,
      report,
    };
  });
  const sum = (list: TaskResult[], key: 'earned' | 'possible') => list.reduce((n, t) => n + t[key], 0);
  const domains = state.domains
    .map((d) => {
      const inDomain = tasks.filter((t) => t.domain === d.id);
      const earned = sum(inDomain, 'earned');
      const possible = sum(inDomain, 'possible');
      const spentMs = inDomain.reduce((n, t) => n + t.spentMs, 0);
      return { id: d.id, title: d.title, earned, possible, percent: percentOf(earned, possible), spentMs };
    })
    .filter((d) => d.possible > 0)
    .sort((a, b) => a.percent - b.percent || a.id.localeCompare(b.id));
  const earned = sum(tasks, 'earned');
  const possible = sum(tasks, 'possible');
  const percent = percentOf(earned, possible);
  const incomplete = tasks.filter((t) => isIncomplete(t.report));
  const verdict = verdictOf(incomplete.length, possible, percent, state.passPercent);
  return {
    earned,
    possible,
    percent,
    passPercent: state.passPercent,
    passed: verdict === 'pass',
    verdict,
    ...(verdict === 'incomplete' ? { incompleteReason: incompleteReason(incomplete) } : {}),
    ungraded: tasks.reduce((n, t) => n + t.report.ungraded, 0),
    domains,
    tasks,
    usedMs: (state.endedAt ?? state.deadline) - state.startedAt,
  };
}

/** Full marks: every point of the task could be graded and was earned (the results' ✓). */
export const isFullMarks = (t: Pick<TaskResult, 'earned' | 'possible'>): boolean => t.possible > 0 && t.earned === t.possible;

/** The tasks below full marks, in exam order: what "retry the missed tasks" drills. */
export const missedTaskIds = (results: Pick<ExamResults, 'tasks'>): string[] => results.tasks.filter((t) => !isFullMarks(t)).map((t) => t.id);

/**
 * PASS or FAIL only when every point could be graded here: a check this environment cannot grade
 * is not the learner's doing, so it makes the verdict incomplete rather than a failure.
 */
function verdictOf(incompleteTasks: number, possible: number, percent: number, passPercent: number): ExamResults['verdict'] {
  if (incompleteTasks > 0 || possible === 0) return 'incomplete';
  return percent >= passPercent ? 'pass' : 'fail';
}

/** One sentence: how many tasks had ungraded checks, and the first reasons. */
function incompleteReason(tasks: readonly TaskResult[]): string {
  if (tasks.length === 0) return 'no check could be graded';
  const reasons = [...new Set(tasks.flatMap((t) => t.report.checks.filter((c) => c.status === 'error' || c.status === 'unsupported').map((c) => c.reason ?? c.status)))];
  const shown = reasons.slice(0, 2).join('; ') + (reasons.length > 2 ? `; and ${reasons.length - 2} more` : '');
  return `${tasks.length} task${tasks.length === 1 ? '' : 's'} had checks that could not be graded here (${shown})`;
}

/** A report for a task that could not be graded at all (its world failed to open). */
export function emptyReport(id: string, title: string, reason: string): TaskReport {
  return {
    formatVersion: 1,
    task: { id, title },
    score: { earned: 0, possible: 0, percent: 0 },
    ungraded: 0,
    checks: [{ id: 'grading', type: 'engine', status: 'error', points: 0, earned: 0, reason, durationMs: 0 }],
  };
}
