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
  evidence?: string;
  reason?: string;
  durationMs: number;
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
  checks: CheckResult[];
}
