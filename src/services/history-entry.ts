// The lines of history.jsonl: what history.ts writes and summarizes and history-schema.ts
// checks when reading, in a module of its own so neither needs the other to name them.
import type { Exam, OutcomeStatus, Verdict } from '../models/index.js';
import type { TaskVariant } from '../models/task-params.js';

/** One task's score inside an attempt, with what it trains (for weakest topics). */
export interface AttemptTask {
  id: string;
  domain: string;
  tags: string[];
  earned: number;
  possible: number;
  spentMs: number;
  /** The variant attempted, for a task with params (absent for others and in older lines). */
  variant?: TaskVariant;
}

/** One check of an exam task as history keeps it: its outcome in a few words, not the evidence. */
export interface AttemptCheck {
  id: string;
  status: OutcomeStatus;
  points: number;
  earned: number;
  /** Why it failed (the learner-safe summary) or could not be graded (the reason), cut short. */
  summary?: string;
}

/**
 * An exam task's score with what reopening the results needs. The extra fields are absent in
 * lines written before results could be reopened: such attempts reopen with scores only.
 */
export interface ExamAttemptTask extends AttemptTask {
  title?: string;
  flagged?: boolean;
  checks?: AttemptCheck[];
}

/**
 * A pack that gave an attempt tasks, as it was when the attempt was recorded: an instructor
 * comparing exports (results-summary.ts) sees who worked on another version or changed content.
 */
export interface AttemptPack {
  id: string;
  version: string;
  /** The pack directory's content hash (packs/fingerprint.ts), as `pack trust` keeps it. */
  sha256: string;
}

/** A finished mock exam, as one line of history.jsonl. */
export interface ExamAttempt {
  formatVersion: 1;
  kind: 'exam';
  attemptId: string;
  exam: Exam;
  seed: number;
  practice: boolean;
  startedAt: number;
  finishedAt: number;
  endedBy: 'submit' | 'timeout';
  earned: number;
  possible: number;
  percent: number;
  passPercent: number;
  passed: boolean;
  /** Absent in lines written before verdicts existed: then `passed` decides. */
  verdict?: Verdict;
  domains: { id: string; title: string; earned: number; possible: number; percent: number }[];
  tasks: ExamAttemptTask[];
  /** Points that could not be graded (absent in older lines). */
  ungraded?: number;
  /** Why the verdict is incomplete, cut short (absent in older lines). */
  incompleteReason?: string;
  /** The packs the drawn tasks came from (absent in lines written before they were recorded). */
  packs?: AttemptPack[];
}

/** One check of a drill task, as one line of history.jsonl. */
export interface DrillAttempt {
  formatVersion: 1;
  kind: 'drill';
  at: number;
  exams: Exam[];
  task: AttemptTask;
  percent: number;
}

export type HistoryEntry = ExamAttempt | DrillAttempt;
