import type { Exam, ExamProfile, Task, TaskReport } from '../models/index.js';
import { isIncomplete } from '../models/report.js';
import type { TaskWorld } from '../environments/types.js';
import type { ExamDraw } from './exam-draw.js';

/** One task's place in an exam. The answers are the cluster itself, so only this is kept. */
export interface ExamTaskState {
  id: string;
  title: string;
  domain: string;
  points: number;
  minutes: number;
  flagged: boolean;
  visited: boolean;
  /** Time spent on this task, counted up to the last move away from it. */
  spentMs: number;
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

export interface DomainResult {
  id: string;
  title: string;
  earned: number;
  possible: number;
  percent: number;
}

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
}

/** Minutes remaining at which the exam warns (DESIGN.md §5). */
export const WARNING_MINUTES = [30, 10, 5] as const;

const round1 = (n: number): number => Math.round(n * 10) / 10;
const percentOf = (earned: number, possible: number): number => (possible === 0 ? 0 : round1((earned / possible) * 100));

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
      return { id: d.id, title: d.title, earned, possible, percent: percentOf(earned, possible) };
    })
    .filter((d) => d.possible > 0)
    .sort((a, b) => a.percent - b.percent || a.id.localeCompare(b.id));
  const earned = sum(tasks, 'earned');
  const possible = sum(tasks, 'possible');
  const percent = percentOf(earned, possible);
  const incomplete = tasks.filter((t) => isIncomplete(t.report));
  const verdict = incomplete.length > 0 || possible === 0 ? 'incomplete' : percent >= state.passPercent ? 'pass' : 'fail';
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

/** What the exam controller needs from the outside world; injected so tests run without a cluster. */
export interface ExamDeps {
  now: () => number;
  tasks: ReadonlyMap<string, Task>;
  world: (taskId: string) => Promise<TaskWorld>;
  grade: (task: Task, world: TaskWorld, onProgress?: (checkId: string) => void) => Promise<TaskReport>;
  save: (state: ExamState) => Promise<void>;
  /** Called once with the finished state (history, clearing the saved exam). */
  onFinished?: (state: ExamState) => Promise<void>;
  /**
   * Aborted on Ctrl-C/SIGTERM: grading stops and the exam stays saved as "grading", so
   * `exam --resume` grades it again rather than recording checks that were cancelled.
   */
  signal?: AbortSignal;
}

/** A snapshot for the screen: the saved state plus what is transient (warning, progress). */
export interface ExamView {
  state: ExamState;
  now: number;
  /** Minutes-remaining warning to show, until the next action. */
  warning?: number;
  /** Grading progress (tasks done / total) while `phase` is grading. */
  grading?: { done: number; total: number; current?: string };
  /** Practice mode: the last check of the current task. */
  practiceReport?: TaskReport;
  checking: boolean;
  /** A save or grading problem to show; the exam goes on. */
  problem?: string;
}

/**
 * Runs one exam: holds the state, saves it on every change, grades every task at the end.
 * Screens subscribe to it (useSyncExternalStore) and call its actions; it knows nothing of ink.
 */
export class ExamSession {
  private view: ExamView;
  private listeners = new Set<() => void>();
  private finishing?: Promise<void>;

  constructor(
    state: ExamState,
    private readonly deps: ExamDeps,
  ) {
    this.view = { state, now: deps.now(), checking: false };
  }

  /** The current snapshot (stable between changes). */
  getSnapshot = (): ExamView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The full task (statement, solution) behind an exam entry. */
  task(id: string): Task | undefined {
    return this.deps.tasks.get(id);
  }

  world(id: string): Promise<TaskWorld> {
    return this.deps.world(id);
  }

  move(index: number): void {
    this.commit(moveTo(this.view.state, index, this.deps.now()), { practiceReport: undefined, warning: undefined });
  }

  next(): void {
    this.move(this.view.state.current + 1);
  }

  previous(): void {
    this.move(this.view.state.current - 1);
  }

  flag(): void {
    this.commit(toggleFlag(this.view.state));
  }

  /** Advances the clock; grades everything when time is up. Called every second by the screen. */
  tick(): Promise<void> | undefined {
    const now = this.deps.now();
    const result = tick(this.view.state, now);
    if (result.timedOut) return this.finish('timeout');
    if (result.warning !== undefined) this.commit(result.state, { warning: result.warning });
    else this.set({ ...this.view, now });
    return undefined;
  }

  /** Practice mode only: grades the current task now, without ending the exam. */
  async checkCurrent(): Promise<void> {
    const { state } = this.view;
    const entry = state.tasks[state.current];
    const task = entry && this.deps.tasks.get(entry.id);
    if (!state.practice || !entry || !task || this.view.checking) return;
    this.set({ ...this.view, checking: true });
    try {
      const report = await this.deps.grade(task, await this.deps.world(entry.id));
      this.set({ ...this.view, checking: false, practiceReport: report });
    } catch (error) {
      this.set({ ...this.view, checking: false, problem: `check failed: ${(error as Error).message}` });
    }
  }

  /** Ends the exam and grades every task (once, however often it is called). */
  finish(endedBy: 'submit' | 'timeout'): Promise<void> {
    this.finishing ??= this.gradeAll(endedBy);
    return this.finishing;
  }

  private async gradeAll(endedBy: 'submit' | 'timeout'): Promise<void> {
    const ended = endExam(this.view.state, this.deps.now(), endedBy);
    const entries = ended.tasks;
    this.commit(ended, { grading: { done: 0, total: entries.length }, warning: undefined });
    const reports = new Map<string, TaskReport>();
    for (const [i, entry] of entries.entries()) {
      if (this.deps.signal?.aborted) return;
      this.set({ ...this.view, grading: { done: i, total: entries.length, current: entry.title } });
      const task = this.deps.tasks.get(entry.id);
      try {
        if (!task) throw new Error(`task ${entry.id} is no longer in the catalog`);
        reports.set(entry.id, await this.deps.grade(task, await this.deps.world(entry.id)));
      } catch (error) {
        reports.set(entry.id, emptyReport(entry.id, entry.title, (error as Error).message));
      }
    }
    if (this.deps.signal?.aborted) return;
    const finished: ExamState = { ...this.view.state, phase: 'finished', results: computeResults(this.view.state, reports) };
    this.commit(finished, { grading: undefined });
    await this.deps.onFinished?.(finished);
  }

  private commit(state: ExamState, extra: Partial<ExamView> = {}): void {
    if (state === this.view.state && Object.keys(extra).length === 0) return;
    this.set({ ...this.view, ...extra, state, now: this.deps.now() });
    this.deps.save(state).catch((error: Error) => this.set({ ...this.view, problem: `could not save the exam: ${error.message}` }));
  }

  private set(view: ExamView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
