// Exam attempts as history.jsonl records them (src/services/history-entry.ts), built from a few
// task outcomes, for the class-results tests. The totals (task, domain and exam scores) are
// added up here from the checks, as the exam's grading does, so a fixture cannot contradict itself.
import type { AttemptPack, ExamAttempt } from '../../src/services/history-entry.js';

export interface TaskOutcome {
  id: string;
  domain: string;
  /** Check id → passed (true) or failed (false); each check is worth `points` (default 1). */
  checks: Record<string, boolean>;
  points?: number;
}

export function examAttemptOf(attemptId: string, tasks: readonly TaskOutcome[], packs?: AttemptPack[], finishedAt = 1_760_000_000_000): ExamAttempt {
  const attemptTasks = tasks.map((t) => {
    const points = t.points ?? 1;
    const checks = Object.entries(t.checks).map(([id, passed]) => ({ id, status: passed ? ('passed' as const) : ('failed' as const), points, earned: passed ? points : 0, ...(passed ? {} : { summary: `${id} is not right yet` }) }));
    return {
      id: t.id,
      domain: t.domain,
      tags: [],
      earned: checks.reduce((sum, c) => sum + c.earned, 0),
      possible: checks.reduce((sum, c) => sum + c.points, 0),
      spentMs: 60_000,
      title: t.id,
      flagged: false,
      checks,
    };
  });
  const domainIds = [...new Set(attemptTasks.map((t) => t.domain))];
  const domains = domainIds.map((id) => {
    const mine = attemptTasks.filter((t) => t.domain === id);
    const earned = mine.reduce((sum, t) => sum + t.earned, 0);
    const possible = mine.reduce((sum, t) => sum + t.possible, 0);
    return { id, title: id, earned, possible, percent: Math.round((earned / possible) * 1000) / 10 };
  });
  const earned = attemptTasks.reduce((sum, t) => sum + t.earned, 0);
  const possible = attemptTasks.reduce((sum, t) => sum + t.possible, 0);
  const percent = Math.round((earned / possible) * 1000) / 10;
  return {
    formatVersion: 1,
    kind: 'exam',
    attemptId,
    exam: 'CKA',
    seed: 7,
    practice: false,
    startedAt: finishedAt - 3_600_000,
    finishedAt,
    endedBy: 'submit',
    earned,
    possible,
    percent,
    passPercent: 66,
    passed: percent >= 66,
    verdict: percent >= 66 ? 'pass' : 'fail',
    domains,
    tasks: attemptTasks,
    ungraded: 0,
    ...(packs ? { packs } : {}),
  };
}
