// What a graded exam is: the shape the exam state keeps (exam-state.ts) and scoring produces
// (exam-results.ts), in a module of its own so neither needs the other to name it.
import type { TaskReport } from '../models/index.js';

/** One exam domain's score (only domains with gradable points are listed). */
export interface DomainResult {
  id: string;
  title: string;
  earned: number;
  possible: number;
  percent: number;
  /** Time spent on the domain's tasks. */
  spentMs: number;
}

/** One task's score, with its full report for the results screen. */
export interface TaskResult {
  id: string;
  title: string;
  domain: string;
  points: number;
  earned: number;
  possible: number;
  percent: number;
  spentMs: number;
  flagged: boolean;
  report: TaskReport;
}

/** The graded exam. */
export interface ExamResults {
  earned: number;
  possible: number;
  percent: number;
  passPercent: number;
  /** Only with a `pass` verdict. */
  passed: boolean;
  /**
   * `incomplete` when some check could not be graded for a reason that is not the learner's
   * doing (a capability this environment lacks, a kubedrill fault): then no PASS or FAIL is given.
   */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** Why the verdict is incomplete: which tasks had checks that could not be graded. */
  incompleteReason?: string;
  /** Points that could not be graded here (error or unsupported): never counted against the learner. */
  ungraded: number;
  /** Weakest first. */
  domains: DomainResult[];
  tasks: TaskResult[];
  usedMs: number;
  /**
   * Rebuilt from a history line (exam-review.ts): each check carries only its outcome in a few
   * words (`summary` when failed, `reason` when not graded), not the full evidence.
   */
  recorded?: true;
}

/** What the learner chose on the results screen: done, or a drill over the tasks below full marks. */
export type ResultsChoice = { kind: 'done' } | { kind: 'retry'; taskIds: string[] };

/** How the exam screen ended: left mid-exam (the exam stays saved), or a choice on its results. */
export type ExamOutcome = { kind: 'left' } | ResultsChoice;
