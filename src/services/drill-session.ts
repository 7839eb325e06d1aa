import { randomInt } from 'node:crypto';
import type { LoadedTask, Step, Task, TaskReport, TemplateVars, WalkthroughStep } from '../models/index.js';
import type { TaskWorld } from '../environments/types.js';
import { createViewStore, type ViewStore } from './session-store.js';
import { applyVariant, drawVariant, hasParams, type TaskVariant } from './task-variants.js';

/** What a drill needs from the outside world; injected so it runs in tests without a cluster. */
export interface DrillDeps {
  now: () => number;
  /** Opens a task's world (answers dir, access lines). */
  world: (taskId: string) => Promise<TaskWorld>;
  grade: (task: Task, world: TaskWorld, onProgress?: (checkId: string) => void) => Promise<TaskReport>;
  /** `expandTemplates` from src/templating.ts. */
  expand: <T>(value: T, vars: TemplateVars) => T;
  /** Called after each check (history of drills), with the variant checked when the task has params. */
  onChecked?: (task: Task, report: TaskReport, spentMs: number, variant?: TaskVariant) => Promise<void>;
  /**
   * The seed of the variant drawn for a task with params, asked each time the task is first
   * opened and each time it is reset: a new one each time (the default, random), or always the
   * same (`drill ID --seed N`).
   */
  variantSeed?: (task: Task) => number;
  /**
   * Reset each task's world before its first setup, so earlier answers (an exam's, for a retry of
   * the missed tasks) do not count. What the learner wrote is backed up by the reset, never lost.
   */
  freshStart?: boolean;
  /**
   * Before a task's setup (first open and every reset): the cluster back to the state it was made
   * in, so what another task or an earlier attempt changed (a cordon, a taint, a kubelet flag, a
   * leftover pod) cannot pass or fail this one, then the add-ons and images the task needs.
   */
  prepareCluster?: (task: Task) => Promise<void>;
  /** Keeps the variant being set up, so `kubedrill check ID` grades what the drill states (current-variant.ts). */
  rememberVariant?: (taskId: string, variant: TaskVariant) => Promise<void>;
}

/**
 * A walkthrough as the learner's cluster names things: `{{…}}` expanded like the statement, and
 * an `on:` written as a logical node (`worker1`) shown by its real name, as `ssh` needs it.
 */
export function expandWalkthrough(
  steps: readonly WalkthroughStep[],
  vars: TemplateVars,
  expand: <T>(value: T, vars: TemplateVars) => T,
): WalkthroughStep[] {
  const nodes = vars.nodes as Record<string, string | undefined>;
  return expand([...steps], vars).map((step) => (step.on !== undefined && nodes[step.on] !== undefined ? { ...step, on: nodes[step.on] as string } : step));
}

/** What the drill screen shows. */
export interface DrillView {
  index: number;
  count: number;
  /** The task as its drawn variant states it (`{{params.NAME}}` filled in). */
  task: Task;
  /** The variant drawn, for a task with params. */
  variant?: TaskVariant;
  status: 'preparing' | 'ready' | 'checking' | 'resetting' | 'failed';
  /** The statement with `{{…}}` expanded (raw until the world is open). */
  statement: string;
  accessLines: readonly string[];
  /** Where the task runs, as the exam's context line (empty until the world is open). */
  contextLine: string;
  /** When the learner started this task (first open), for the timer. */
  startedAt: number;
  /** Checks done / total while checking. */
  progress?: { done: number; total: number };
  report?: TaskReport;
  hintsShown: number;
  /**
   * Solution steps (expanded) once revealed. From then on the report shows full evidence
   * (expected vs actual); before, only what is wrong.
   */
  solution?: Step[];
  /** The solution as a candidate types it (expanded), once revealed, when the task has one. */
  walkthrough?: WalkthroughStep[];
  /** Setup or check failure to show. */
  problem?: string;
}

interface TaskProgress {
  /** The task with its current variant's values; a new variant on each reset. */
  task: Task;
  variant?: TaskVariant;
  world?: TaskWorld;
  startedAt: number;
  hintsShown: number;
  report?: TaskReport;
  solution?: Step[];
  walkthrough?: WalkthroughStep[];
}

/**
 * One drill run over a list of tasks. A task's setup runs the first time it is opened; the
 * learner checks as often as they like, asks for hints one at a time, reveals the solution,
 * resets (world reset, then setup again) and moves between tasks keeping each one's progress.
 */
export class DrillSession {
  private readonly store: ViewStore<DrillView>;
  private progress = new Map<string, TaskProgress>();

  constructor(
    private readonly tasks: readonly LoadedTask[],
    private readonly deps: DrillDeps,
    index = 0,
  ) {
    if (tasks.length === 0) throw new Error('a drill needs at least one task');
    this.store = createViewStore(this.viewFor(Math.max(0, Math.min(index, tasks.length - 1)), 'preparing'));
  }

  /** The current snapshot (stable between changes). */
  getSnapshot = (): DrillView => this.store.getSnapshot();

  /** Notifies `listener` on every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  private get view(): DrillView {
    return this.store.getSnapshot();
  }

  /** Opens the current task: the first time, its world is opened and its setup runs. */
  async open(): Promise<void> {
    const { task } = this.view;
    const entry = this.entry(task);
    if (entry.world) return this.update('ready');
    this.update('preparing');
    try {
      const world = await this.deps.world(task.metadata.id);
      await this.prepareCluster(task);
      if (this.deps.freshStart) await world.reset();
      await this.runSetup(task, world);
      entry.world = world;
      entry.startedAt = this.deps.now();
      this.update('ready');
    } catch (error) {
      this.update('failed', `setup failed: ${(error as Error).message}`);
    }
  }

  /** Grades the current task, with live progress. */
  async check(): Promise<void> {
    const { task, status } = this.view;
    const entry = this.entry(task);
    if (status !== 'ready' || !entry.world) return;
    const total = task.checks.length;
    let done = 0;
    this.update('checking', undefined, { done, total });
    try {
      const report = await this.deps.grade(task, entry.world, () => {
        done += 1;
        this.update('checking', undefined, { done, total });
      });
      entry.report = report;
      this.update('ready');
      await this.deps.onChecked?.(task, report, this.deps.now() - entry.startedAt, entry.variant);
    } catch (error) {
      this.update('ready', `check failed: ${(error as Error).message}`);
    }
  }

  /** Shows one more hint; returns false when there is none left. */
  hint(): boolean {
    const entry = this.entry(this.view.task);
    if (entry.hintsShown >= this.view.task.hints.length) return false;
    entry.hintsShown += 1;
    this.update(this.view.status);
    return true;
  }

  /** Reveals the solution (the screen asks for a confirm first). */
  revealSolution(): void {
    this.expandSolution(this.entry(this.view.task));
    this.update(this.view.status);
  }

  private expandSolution(entry: TaskProgress): void {
    const { task } = entry;
    const vars = entry.world?.vars;
    entry.solution = vars ? this.deps.expand(task.solution, vars) : task.solution;
    if (task.walkthrough.length > 0) entry.walkthrough = vars ? expandWalkthrough(task.walkthrough, vars, this.deps.expand) : task.walkthrough;
  }

  /** Draws a variant of `task` (a task without params is its own only variant). */
  private drawInto(entry: TaskProgress, task: Task): void {
    if (!hasParams(task)) return;
    const variant = drawVariant(task, this.deps.variantSeed ? this.deps.variantSeed(task) : randomSeed());
    entry.variant = variant;
    entry.task = applyVariant(task, variant);
  }

  /**
   * Brings the cluster back to its baseline and gives it what the task needs (deps.prepareCluster).
   * Tasks opened earlier in this drill lose their setup with it: each sets up again when revisited.
   */
  private async prepareCluster(task: Task): Promise<void> {
    if (!this.deps.prepareCluster) return;
    await this.deps.prepareCluster(task);
    for (const [id, other] of this.progress) if (id !== task.metadata.id) delete other.world;
  }

  /** Puts the task back as setup left it: world reset, then setup again; the timer restarts. */
  async reset(): Promise<void> {
    const { task } = this.view;
    const entry = this.entry(task);
    if (!entry.world || this.view.status === 'checking') return;
    this.update('resetting');
    try {
      await entry.world.reset();
      await this.prepareCluster(task);
      // A new variant once the old one's objects are gone; a revealed solution follows it.
      this.drawInto(entry, (this.tasks[this.view.index] as LoadedTask).task);
      if (entry.solution) this.expandSolution(entry);
      entry.report = undefined;
      this.update('resetting');
      await this.runSetup(entry.task, entry.world);
      entry.startedAt = this.deps.now();
      this.update('ready');
    } catch (error) {
      this.update('failed', `reset failed: ${(error as Error).message}`);
    }
  }

  next(): Promise<void> {
    return this.go(this.view.index + 1);
  }

  previous(): Promise<void> {
    return this.go(this.view.index - 1);
  }

  private async go(index: number): Promise<void> {
    if (index < 0 || index >= this.tasks.length || index === this.view.index) return;
    if (this.view.status === 'checking' || this.view.status === 'preparing') return;
    this.store.set(this.viewFor(index, 'preparing'));
    await this.open();
  }

  private async runSetup(task: Task, world: TaskWorld): Promise<void> {
    const variant = this.progress.get(task.metadata.id)?.variant;
    if (variant && hasParams(task)) await this.deps.rememberVariant?.(task.metadata.id, variant);
    for (const step of task.setup) await world.runStep(this.deps.expand(step, world.vars));
  }

  /** A task's progress; the first time, with its first variant drawn. */
  private entry(task: Task): TaskProgress {
    let entry = this.progress.get(task.metadata.id);
    if (!entry) {
      entry = { task, startedAt: this.deps.now(), hintsShown: 0 };
      this.drawInto(entry, task);
      this.progress.set(task.metadata.id, entry);
    }
    return entry;
  }

  private viewFor(index: number, status: DrillView['status'], problem?: string, progress?: DrillView['progress']): DrillView {
    const entry = this.entry((this.tasks[index] as LoadedTask).task);
    const { task } = entry;
    const view: DrillView = {
      index,
      count: this.tasks.length,
      task,
      status,
      statement: entry.world ? this.deps.expand(task.statement, entry.world.vars) : task.statement,
      accessLines: entry.world?.accessLines ?? [],
      contextLine: entry.world?.terminal.contextLine ?? '',
      startedAt: entry.startedAt,
      hintsShown: entry.hintsShown,
    };
    if (entry.variant) view.variant = entry.variant;
    if (progress) view.progress = progress;
    if (entry.report) view.report = entry.report;
    if (entry.solution) view.solution = entry.solution;
    if (entry.walkthrough) view.walkthrough = entry.walkthrough;
    if (problem) view.problem = problem;
    return view;
  }

  private update(status: DrillView['status'], problem?: string, progress?: DrillView['progress']): void {
    this.store.set(this.viewFor(this.view.index, status, problem, progress));
  }
}

/** A fresh variant seed: any unsigned 32-bit number. */
const randomSeed = (): number => randomInt(0x1_0000_0000);
