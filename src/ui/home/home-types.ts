import type { Exam } from '../../models/index.js';
import type { HistorySummary } from '../../services/history.js';

/** A task as the browser lists it. */
export interface TaskSummary {
  id: string;
  title: string;
  exams: Exam[];
  domain: string;
  tags: string[];
  minutes: number;
  points: number;
  difficulty: string;
  /** False when this environment cannot prepare it (offline and the setup needs a node or kubectl). */
  available: boolean;
}

/** A mock exam as the home menu shows it (from its profile). */
export interface HomeExam {
  exam: Exam;
  title: string;
  durationMinutes: number;
  tasks: string;
  passPercent: number;
}

/** The exam saved in progress, which home offers to resume. */
export interface SavedExam {
  exam: Exam;
  /** Whole minutes left on the clock; 0 when time ran out while kubedrill was closed. */
  minutesLeft: number;
  practice: boolean;
}

/** What the home screen shows, loaded after the first frame. */
export interface HomeData {
  tasks: TaskSummary[];
  /** Tasks an offline workspace can prepare: what "Practise offline" offers. */
  offlineTasks: number;
  packs: { id: string; tasks: number }[];
  /** Pack problems, formatted `FILE:LINE:COL: path: message`. */
  problems: string[];
  /** Every exam: the built-in profiles and those packs ship. */
  exams: HomeExam[];
  /** Domain id → its title in the exam profiles ("Services & Networking"), for people. */
  domainTitles: Record<string, string>;
  history: HistorySummary;
  saved?: SavedExam;
  /** Something to tell the learner about the saved exam (a damaged file moved aside). */
  notice?: string;
}

/** What home learns about the live environment after its first frame. */
export interface LiveCheck {
  /** The environment line, now that it is known whether the cluster can start. */
  environment: string;
  /** Why live tasks cannot run here, with the fix: home then offers offline practice first. */
  problem?: string;
}

/** What the learner chose on the home screen. */
export type HomeChoice =
  /** A new exam, confirmed; `practice` allows checks during it. */
  | { kind: 'exam'; exam: Exam; practice: boolean }
  /** The saved exam, on its remaining clock. */
  | { kind: 'resume' }
  | { kind: 'drill'; taskIds: string[]; index: number }
  /** The results of a finished exam from History (and from there, a drill of its missed tasks). */
  | { kind: 'results'; attemptId: string }
  /** Switch this session to the default offline workspace (no cluster needed). */
  | { kind: 'offline' }
  | { kind: 'quit' };
