/**
 * The exam's saved state and its pure transitions. Every function here returns a new state and
 * takes the clock as an argument, so the controller (exam-session.ts) and tests drive time.
 */
import type { Exam, ExamProfile } from '../models/index.js';
import type { TaskVariant } from '../models/task-params.js';
import type { ExamDraw } from './exam-draw.js';
import type { ExamResults } from './exam-result-types.js';

/** One task's place in an exam. The answers are the cluster itself, so only this is kept. */
export interface ExamTaskState {
  id: string;
  title: string;
  domain: string;
  points: number;
  minutes: number;
  flagged: boolean;
  visited: boolean;
  /** The learner marked it answered (the answers are the cluster: only they know when they are done). */
  answered: boolean;
  /** The learner's notes pad for this task (at most NOTES_MAX characters). */
  notes: string;
  /** Time spent on this task, counted up to the last move away from it. */
  spentMs: number;
  /** The lab cluster the task runs on (exam-placement.ts); absent on the main cluster. */
  cluster?: string;
  /** The variant set up, for a task with params (drawn from the exam's seed). */
  variant?: TaskVariant;
}

/** Where the exam's tasks run, so `--resume` reopens the same environment and packs. */
export interface ExamSource {
  offline?: string;
  context?: string;
  cluster?: string;
  packDirs: string[];
}

/** The whole exam, saved on every change (JSON, `formatVersion`). */
export interface ExamState {
  formatVersion: 1;
  attemptId: string;
  exam: Exam;
  seed: number;
  practice: boolean;
  durationMinutes: number;
  passPercent: number;
  domains: { id: string; title: string }[];
  source: ExamSource;
  /** Wall-clock ms: the deadline survives crashes because it is not a countdown. */
  startedAt: number;
  deadline: number;
  tasks: ExamTaskState[];
  current: number;
  /** When the current task was entered (time per task). */
  currentSince: number;
  /** Minutes-remaining thresholds already announced. */
  warningsGiven: number[];
  phase: 'running' | 'grading' | 'finished';
  endedBy?: 'submit' | 'timeout';
  endedAt?: number;
  results?: ExamResults;
}

/** Minutes remaining at which the exam warns (the README, Exam profiles). */
export const WARNING_MINUTES = [30, 10, 5] as const;

/** A notes pad is a reminder, not a document: the cap keeps the state saved on every key small. */
export const NOTES_MAX = 500;

/** A fresh exam from a draw; the first task is open and visited. */
export function createExamState(
  draw: ExamDraw,
  profile: ExamProfile,
  options: { practice: boolean; source: ExamSource; now: number; attemptId?: string },
): ExamState {
  return {
    formatVersion: 1,
    attemptId: options.attemptId ?? `${draw.exam.toLowerCase()}-${options.now}-${draw.seed}`,
    exam: draw.exam,
    seed: draw.seed,
    practice: options.practice,
    durationMinutes: draw.durationMinutes,
    passPercent: draw.passPercent,
    domains: profile.domains.map(({ id, title }) => ({ id, title })),
    source: options.source,
    startedAt: options.now,
    deadline: options.now + draw.durationMinutes * 60_000,
    tasks: draw.tasks.map((t, i) => ({
      id: t.id,
      title: t.title,
      domain: t.domain,
      points: t.points,
      minutes: t.minutes,
      flagged: false,
      visited: i === 0,
      answered: false,
      notes: '',
      spentMs: 0,
    })),
    current: 0,
    currentSince: options.now,
    warningsGiven: [],
    phase: 'running',
  };
}

/** Ms left before the deadline (never negative). */
export const remainingMs = (state: ExamState, now: number): number => Math.max(0, state.deadline - now);

/** Books the time on the current task up to `now`. */
function bookTime(state: ExamState, now: number): ExamState {
  const elapsed = Math.max(0, Math.min(now, state.deadline) - state.currentSince);
  const tasks = state.tasks.map((t, i) => (i === state.current ? { ...t, spentMs: t.spentMs + elapsed } : t));
  return { ...state, tasks, currentSince: now };
}

/** Opens task `index` (clamped); it becomes visited. */
export function moveTo(state: ExamState, index: number, now: number): ExamState {
  if (state.phase !== 'running' || state.tasks.length === 0) return state;
  const target = Math.max(0, Math.min(state.tasks.length - 1, index));
  if (target === state.current) return state;
  const booked = bookTime(state, now);
  const tasks = booked.tasks.map((t, i) => (i === target ? { ...t, visited: true } : t));
  return { ...booked, tasks, current: target };
}

/** Flags or unflags the current task (a reminder to come back). */
export function toggleFlag(state: ExamState): ExamState {
  if (state.phase !== 'running') return state;
  const tasks = state.tasks.map((t, i) => (i === state.current ? { ...t, flagged: !t.flagged } : t));
  return { ...state, tasks };
}

/** Marks the current task answered, or not any more. */
export function toggleAnswered(state: ExamState): ExamState {
  if (state.phase !== 'running') return state;
  const tasks = state.tasks.map((t, i) => (i === state.current ? { ...t, answered: !t.answered } : t));
  return { ...state, tasks };
}

/** Replaces the current task's notes (one line: the pad is shown beside the statement). */
export function setNotes(state: ExamState, text: string): ExamState {
  if (state.phase !== 'running') return state;
  const notes = text.replace(/\s+/g, ' ').trim().slice(0, NOTES_MAX);
  const entry = state.tasks[state.current];
  if (!entry || entry.notes === notes) return state;
  const tasks = state.tasks.map((t, i) => (i === state.current ? { ...t, notes } : t));
  return { ...state, tasks };
}

/** What a submit should warn about: flagged tasks and tasks never opened (1-based numbers). */
export function submitWarnings(state: ExamState): { flagged: number[]; unopened: number[] } {
  const numbers = (keep: (t: ExamTaskState) => boolean) => state.tasks.flatMap((t, i) => (keep(t) ? [i + 1] : []));
  return { flagged: numbers((t) => t.flagged), unopened: numbers((t) => !t.visited) };
}

/**
 * Advances the clock: announces a crossed warning threshold once (the smallest crossed, so a
 * resumed exam with 7 minutes left says "10 minutes", not three warnings) and reports time-out.
 */
export function tick(state: ExamState, now: number): { state: ExamState; warning?: number; timedOut: boolean } {
  if (state.phase !== 'running') return { state, timedOut: false };
  const left = remainingMs(state, now);
  if (left === 0) return { state, timedOut: true };
  const crossed = WARNING_MINUTES.filter((m) => left <= m * 60_000 && !state.warningsGiven.includes(m));
  if (crossed.length === 0) return { state, timedOut: false };
  const warning = Math.min(...crossed);
  return { state: { ...state, warningsGiven: [...state.warningsGiven, ...crossed] }, warning, timedOut: false };
}

/** Ends the exam (submit or time-out): time is booked and grading may start. */
export function endExam(state: ExamState, now: number, endedBy: 'submit' | 'timeout'): ExamState {
  if (state.phase !== 'running') return state;
  return { ...bookTime(state, now), phase: 'grading', endedBy, endedAt: Math.min(now, state.deadline) };
}
