// After an exam: its results reopened from the history, and a drill over the tasks it missed.
// The home screen's History and the exam's own results screen both end here.
import type { Environment } from '../environments/types.js';
import type { CheckResult, LoadedTask, Task, TaskReport } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';
import type { ExamResults, ResultsChoice, TaskResult } from './exam-results.js';
import { storePaths } from './exam-store.js';
import { readHistory, type ExamAttempt, type ExamAttemptTask } from './history.js';

/** A recorded exam attempt and its results as the results screen shows them. */
export interface AttemptResults {
  attempt: ExamAttempt;
  results: ExamResults;
}

const percentOf = (earned: number, possible: number): number => (possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10);

/** A recorded task's report: each check with its outcome in a few words, no evidence. */
function recordedReport(t: ExamAttemptTask, title: string): TaskReport {
  const checks: CheckResult[] = (t.checks ?? []).map((c) => ({
    id: c.id,
    type: 'recorded',
    status: c.status,
    points: c.points,
    earned: c.earned,
    durationMs: 0,
    ...(c.summary === undefined ? {} : c.status === 'failed' ? { summary: c.summary } : { reason: c.summary }),
  }));
  const ungraded = checks.filter((c) => c.status === 'error' || c.status === 'unsupported').reduce((n, c) => n + c.points, 0);
  return { formatVersion: 1, task: { id: t.id, title }, score: { earned: t.earned, possible: t.possible, percent: percentOf(t.earned, t.possible) }, ungraded, checks };
}

/**
 * The results screen's view of a history line. Lines written before results could be reopened
 * have no titles or checks: `titleOf` (the catalog) names their tasks, else the id does.
 */
export function resultsFromAttempt(attempt: ExamAttempt, titleOf: (taskId: string) => string | undefined = () => undefined): ExamResults {
  const tasks: TaskResult[] = attempt.tasks.map((t) => {
    const title = t.title ?? titleOf(t.id) ?? t.id;
    return { id: t.id, title, domain: t.domain, points: t.possible, earned: t.earned, possible: t.possible, percent: percentOf(t.earned, t.possible), spentMs: t.spentMs, flagged: t.flagged ?? false, report: recordedReport(t, title) };
  });
  const domains = attempt.domains.map((d) => ({ ...d, spentMs: tasks.filter((t) => t.domain === d.id).reduce((n, t) => n + t.spentMs, 0) }));
  const verdict = attempt.verdict ?? (attempt.passed ? 'pass' : 'fail');
  return {
    earned: attempt.earned,
    possible: attempt.possible,
    percent: attempt.percent,
    passPercent: attempt.passPercent,
    passed: attempt.passed,
    verdict,
    ...(attempt.incompleteReason ? { incompleteReason: attempt.incompleteReason } : {}),
    ungraded: attempt.ungraded ?? 0,
    domains,
    tasks,
    usedMs: attempt.finishedAt - attempt.startedAt,
    recorded: true,
  };
}

/** The results of exam attempt `attemptId` from the history file, or undefined when it is not there. */
export async function openAttemptResults(historyFile: string, attemptId: string, titleOf?: (taskId: string) => string | undefined): Promise<AttemptResults | undefined> {
  const attempt = (await readHistory(historyFile)).find((e): e is ExamAttempt => e.kind === 'exam' && e.attemptId === attemptId);
  return attempt && { attempt, results: resultsFromAttempt(attempt, titleOf) };
}

/**
 * Shows a recorded exam's results (from the home screen's History); when the learner asks to
 * retry the missed tasks, opens `environment` and drills them. Resolves when they are done;
 * false when the attempt is not in the history.
 */
export async function reviewAttempt(attemptId: string, options: { catalog: Pick<Catalog, 'tasks'>; environment: () => Promise<Environment> }, io: CommandIO): Promise<boolean> {
  const byId = new Map(options.catalog.tasks.map((t) => [t.task.metadata.id, t.task]));
  const opened = await openAttemptResults(storePaths(io.env).history, attemptId, (id) => byId.get(id)?.metadata.title);
  if (!opened) return false;
  const ui = await import('../ui/index.js');
  const choice: ResultsChoice = await ui.renderResults({ io, exam: opened.attempt.exam, finishedAt: opened.attempt.finishedAt, now: io.now(), results: opened.results, taskOf: (id: string): Task | undefined => byId.get(id) });
  if (choice.kind === 'retry') await drillMissed(choice.taskIds, options.catalog, await options.environment(), io);
  return true;
}

/**
 * A drill over an exam's missed tasks, in exam order. Tasks no longer in the packs are named and
 * left out; those this environment cannot grade in full are skipped with a note (drillableHere).
 */
export async function drillMissed(taskIds: readonly string[], catalog: Pick<Catalog, 'tasks'>, environment: Environment, io: CommandIO): Promise<void> {
  const tasks: LoadedTask[] = [];
  for (const id of taskIds) {
    const found = catalog.tasks.find((t) => t.task.metadata.id === id);
    if (found) tasks.push(found);
    else io.stderr.write(`note: ${inertLine(id)} is no longer in the packs; it is left out of the drill\n`);
  }
  if (tasks.length === 0) return;
  const { drillableHere, runDrill } = await import('./drill-start.js');
  const here = await drillableHere(tasks, 0, environment, io);
  // The exam's answers stay in the workspace or cluster: each task starts again from its setup.
  await runDrill(here.tasks, here.index, environment, io, { freshStart: true });
}
