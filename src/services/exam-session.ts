/**
 * The exam controller the screen subscribes to. The state and its transitions live in
 * exam-state.ts, scoring in exam-results.ts, saving in exam-store.ts; this module wires them to
 * the clock, the grader and the screen.
 */
import type { Task, TaskReport } from '../models/index.js';
import type { TaskWorld } from '../environments/types.js';
import { endExam, moveTo, setNotes, tick, toggleAnswered, toggleFlag, type ExamState } from './exam-state.js';
import { computeResults, emptyReport } from './exam-results.js';
import { createViewStore, type ViewStore } from './session-store.js';

// Re-exported so importers keep one entry point for the exam (commands, ui, history, tests).
export {
  createExamState,
  endExam,
  moveTo,
  NOTES_MAX,
  remainingMs,
  setNotes,
  submitWarnings,
  tick,
  toggleAnswered,
  toggleFlag,
  WARNING_MINUTES,
  type ExamSource,
  type ExamState,
  type ExamTaskState,
} from './exam-state.js';
export { computeResults, emptyReport, isFullMarks, missedTaskIds, type DomainResult, type ExamOutcome, type ExamResults, type ResultsChoice, type TaskResult } from './exam-results.js';

/** What the exam controller needs from the outside world; injected so tests run without a cluster. */
export interface ExamDeps {
  now: () => number;
  tasks: ReadonlyMap<string, Task>;
  world: (taskId: string) => Promise<TaskWorld>;
  grade: (task: Task, world: TaskWorld, onProgress?: (checkId: string) => void) => Promise<TaskReport>;
  save: (state: ExamState) => Promise<void>;
  /** The cluster a task runs on, when an exam spreads over several: each is graded in parallel with the others. */
  clusterOf?: (taskId: string) => string | undefined;
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
  private readonly store: ViewStore<ExamView>;
  private finishing?: Promise<void>;

  constructor(
    state: ExamState,
    private readonly deps: ExamDeps,
  ) {
    this.store = createViewStore<ExamView>({ state, now: deps.now(), checking: false });
  }

  /** The current snapshot (stable between changes). */
  getSnapshot = (): ExamView => this.store.getSnapshot();

  /** Notifies `listener` on every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  private get view(): ExamView {
    return this.store.getSnapshot();
  }

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

  /** Marks the current task answered, or not any more. */
  markAnswered(): void {
    this.commit(toggleAnswered(this.view.state));
  }

  /** Saves the current task's notes pad (kept in the saved exam, so a resume shows them). */
  saveNotes(text: string): void {
    this.commit(setNotes(this.view.state, text));
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
    let done = 0;
    const gradeOne = async (entry: (typeof entries)[number]) => {
      const task = this.deps.tasks.get(entry.id);
      try {
        if (!task) throw new Error(`task ${entry.id} is no longer in the catalog`);
        reports.set(entry.id, await this.deps.grade(task, await this.deps.world(entry.id)));
      } catch (error) {
        reports.set(entry.id, emptyReport(entry.id, entry.title, (error as Error).message));
      }
      done += 1;
    };
    // One cluster's tasks one after another (their checks share its API server); clusters side by side.
    const byCluster = new Map<string, (typeof entries)[number][]>();
    for (const entry of entries) {
      const cluster = this.deps.clusterOf?.(entry.id) ?? '';
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), entry]);
    }
    await Promise.all(
      [...byCluster.values()].map(async (group) => {
        for (const entry of group) {
          if (this.deps.signal?.aborted) return;
          this.set({ ...this.view, grading: { done, total: entries.length, current: entry.title } });
          await gradeOne(entry);
        }
      }),
    );
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
    this.store.set(view);
  }
}
