import type { OutcomeStatus } from './outcome.js';

/** One graded check in a report. `earned` is `points` when passed, else 0. */
export interface CheckResult {
  id: string;
  type: string;
  description?: string;
  status: OutcomeStatus;
  points: number;
  earned: number;
  expected?: string;
  actual?: string;
  hint?: string;
  /**
   * A failed check in words that do not give the answer away (Outcome.summary, or the engine's
   * generic one): shown instead of expected/actual/hint until the solution is revealed. Reports
   * written before it existed lack it.
   */
  summary?: string;
  evidence?: string;
  reason?: string;
  durationMs: number;
  /** A guard check: no points; when it fails the task scores 0. */
  guard?: boolean;
  /** Graded offline from a model of the behaviour (NetworkPolicy semantics), not by running it. */
  modelled?: boolean;
}

/**
 * A task's grade, versioned JSON. `possible` leaves out checks that ended `error` or
 * `unsupported`: what could not be graded is never counted against the learner.
 */
export interface TaskReport {
  formatVersion: 1;
  task: { id: string; title: string };
  score: { earned: number; possible: number; percent: number };
  /** Points of checks that could not be graded (error or unsupported). */
  ungraded: number;
  /** Guards that failed: the task scores 0 whatever else passed. */
  guardsFailed?: string[];
  /** Files of an offline workspace that could not be read (`file:line:col: message`); their objects are missing. */
  problems?: string[];
  checks: CheckResult[];
}

/**
 * True when some check of the report could not be graded for a reason that is not the learner's
 * doing (a capability the environment lacks, a kubedrill fault): then no verdict is given.
 */
export function isIncomplete(report: TaskReport): boolean {
  return report.checks.some((c) => c.status === 'error' || c.status === 'unsupported');
}

export type Verdict = 'pass' | 'fail' | 'incomplete';

/** An exam attempt's verdict; history lines written before verdicts existed have only `passed`. */
export function verdictOf(attempt: { passed: boolean; verdict?: Verdict | undefined }): Verdict {
  return attempt.verdict ?? (attempt.passed ? 'pass' : 'fail');
}
