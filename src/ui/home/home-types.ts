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

/** What the home screen shows, loaded after the first frame. */
/** A mock exam as the home menu shows it (from its profile). */
export interface HomeExam {
  exam: Exam;
  title: string;
  durationMinutes: number;
  tasks: string;
  passPercent: number;
}

export interface HomeData {
  tasks: TaskSummary[];
  packs: { id: string; tasks: number }[];
  /** Pack problems, formatted `FILE:LINE:COL: path: message`. */
  problems: string[];
  /** Every exam: the built-in profiles and those packs ship. */
  exams: HomeExam[];
  history: HistorySummary;
}

/** What the learner chose on the home screen. */
export type HomeChoice =
  | { kind: 'exam'; exam: Exam }
  | { kind: 'drill'; taskIds: string[]; index: number }
  | { kind: 'quit' };
