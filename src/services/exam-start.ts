// Starting, resuming and planning a mock exam. Home and `kubedrill exam` start exams through
// `startExam` here, so the draw, the lock, the setup and the store are the same from both.
import { resolve } from 'node:path';
import type { Environment } from '../environments/types.js';
import { DEFAULT_CLUSTER, openEnvironment, workersNeeded } from '../environments/index.js';
import { UserError, UsageError } from '../errors.js';
import { disruptiveLast, type ExamProfile, type Task } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import type { LockHolder } from '../system/pid-lock.js';
import type { CommandIO } from '../system/io.js';
import { expandTemplates } from '../templating.js';
import { inertLine } from '../text/inert.js';
import { attemptPacks } from './attempt-packs.js';
import { examEligibility } from './drill-start.js';
import { examClusters, type ExamClusters, type OpenLab } from './exam-clusters.js';
import { examChoices, profileFor } from './exam-choice.js';
import { drawExam, newSeed, type ExamDraw } from './exam-draw.js';
import { createExamState, ExamSession, remainingMs, type ExamOutcome, type ExamState, type ExamTaskState } from './exam-session.js';
import { placeDraw } from './exam-plan.js';
import { drillMissed } from './exam-review.js';
import { ExamStore, storePaths } from './exam-store.js';
import { examAttempt, recordExamAttempt } from './history.js';
import { labClustersNotice } from './lab-clusters.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { liveOptionsFor, prepareTerminal, resolveChoice, type SessionOptions } from './session-environment.js';
import { shellOpener } from './shell-env.js';
import { applyVariant, examVariant, hasParams, type TaskVariant } from './task-variants.js';
import { saveCurrentVariant } from './current-variant.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { requireTrust } from './trust-gate.js';

/** `kubedrill exam`'s own options, beside the session ones. */
export interface ExamOptions extends SessionOptions {
  seed?: number;
  practice?: true;
  plan?: true;
  json?: true;
  resume?: true;
  new?: true;
  /** At most this many clusters (main and labs) for the plan's placement. */
  maxClusters?: number;
}

/** The exam store, with its notes (a damaged saved exam moved aside) going to stderr. */
function examStore(io: CommandIO): ExamStore {
  return new ExamStore(storePaths(io.env).currentExam, { now: io.now, onNotice: (line) => io.stderr.write(`note: ${line}\n`) });
}

/** The refusal when another kubedrill shows the exam: two screens would both record it. */
function openElsewhere(holder: LockHolder, store: ExamStore): UserError {
  return new UserError(`this exam is open in another kubedrill (pid ${holder.pid}, since ${holder.startedAt})`, [
    'continue it there, or leave it there (it stays saved) and run kubedrill exam --resume here',
    `if no kubedrill runs as pid ${holder.pid}, remove ${store.lockFile}`,
  ]);
}

/** Takes the exam lock or refuses; returns the release. */
async function lockExam(store: ExamStore): Promise<() => Promise<void>> {
  const attempt = await store.lock();
  if (!attempt.acquired) throw openElsewhere(attempt.holder, store);
  return attempt.release;
}

/**
 * After the exam screen, with the exam lock released: the drill over the missed tasks the
 * learner asked for on the results screen.
 */
async function followUp(outcome: ExamOutcome, catalog: Pick<Catalog, 'tasks'>, environment: Environment, io: CommandIO): Promise<number> {
  if (outcome.kind === 'retry') await drillMissed(outcome.taskIds, catalog, environment, io);
  return 0;
}

/** Sets up an exam's tasks on its clusters, printing progress, then runs the screen. */
async function startExam(catalog: Catalog, draw: ExamDraw, profile: ExamProfile, environment: Environment, source: ExamState['source'], options: StartOptions, io: CommandIO): Promise<number> {
  if (draw.tasks.length === 0) throw new UserError(`no ${draw.exam} task can run here`, ['add packs with --pack DIR, or drop --offline to use the kind cluster']);
  const store = examStore(io);
  // Locked before setup: a second kubedrill must not set up (and reset) the same tasks meanwhile.
  const release = await lockExam(store);
  let outcome: ExamOutcome;
  try {
    outcome = await setUpAndRun(catalog, draw, profile, environment, source, options, io, store);
  } finally {
    await release();
  }
  return followUp(outcome, catalog, environment, io);
}

/** How a new exam starts, beside its draw. */
export interface StartOptions {
  practice: boolean;
  /** At most this many clusters, main included (`--max-clusters`); default: as many as isolation needs. */
  maxClusters?: number;
  /** How a lab cluster opens; default: a kind cluster through openEnvironment (tests pass stand-ins). */
  openLab?: OpenLab;
}

/** Whether this exam can give disruptive tasks lab clusters: only on kind, which kubedrill creates, and when allowed more than one. */
const labsPossible = (environment: Environment, maxClusters: number | undefined): boolean => environment.kind === 'kind' && maxClusters !== 1;

async function setUpAndRun(catalog: Catalog, draw: ExamDraw, profile: ExamProfile, environment: Environment, source: ExamState['source'], options: StartOptions, io: CommandIO, store: ExamStore): Promise<ExamOutcome> {
  const { state, byId, clusters } = await prepareExam(catalog, draw, profile, environment, source, options, io);
  return runExam(state, byId, clusters, io, store, catalog);
}

/** An exam set up and ready for its clock. */
export interface PreparedExam {
  state: ExamState;
  /** Each task as this exam states it (its variant). */
  byId: Map<string, Task>;
  clusters: ExamClusters;
}

/**
 * Sets a drawn exam up on its clusters: the placement announced, lab clusters created one after
 * another in the background while the main cluster's tasks are prepared, each cluster brought
 * back to its baseline, every task's variant set up. Every task is prepared before the clock
 * starts: the exam's time is for solving, not waiting. The live suite calls it without a screen.
 */
export async function prepareExam(catalog: Catalog, draw: ExamDraw, profile: ExamProfile, environment: Environment, source: ExamState['source'], options: StartOptions, io: CommandIO): Promise<PreparedExam> {
  if (draw.shortfall) io.stderr.write(`note: ${draw.shortfall}\n`);
  const variants = examVariants(catalog, draw.seed);
  const byId = examTasks(catalog, variants);
  const clusters = placeOnClusters(draw, byId, environment, source, options, io);
  const labsOpened = clusters.openLabs();
  labsOpened.catch(() => undefined); // awaited through each lab's preparation below
  const labOpened = async (lab: ExamClusters['labs'][number]) =>
    clusters.environmentOf(lab.tasks[0] as string).catch((error: unknown) => {
      throw new UserError(`could not create lab cluster ${lab.name}: ${(error as Error).message}`, [
        `kubedrill exam ${draw.exam.toLowerCase()} --max-clusters 1 runs every task on one cluster (kubedrill exam ${draw.exam.toLowerCase()} --plan --max-clusters 1 shows what it gives up)`,
        'kubedrill doctor (free memory, Docker resources)',
      ]);
    });
  const groups = [
    { name: source.cluster ?? DEFAULT_CLUSTER, environment: Promise.resolve(environment), tasks: draw.tasks.filter((t) => clusters.clusterOf(t.id) === undefined) },
    ...clusters.labs.map((lab) => ({ name: lab.name, environment: labOpened(lab), tasks: draw.tasks.filter((t) => lab.tasks.includes(t.id)) })),
  ];
  await Promise.all(groups.map(async (group) => prepareCluster(group.name, await group.environment, group.tasks, { byId, variants, clusters }, io, groups.length > 1)));
  const created = createExamState(draw, profile, { practice: options.practice, source, now: io.now() });
  const state: ExamState = { ...created, tasks: created.tasks.map((t) => withVariant(withCluster(t, clusters.clusterOf(t.id)), variants.get(t.id))) };
  return { state, byId, clusters };
}

const withCluster = (task: ExamTaskState, cluster: string | undefined): ExamTaskState => (cluster === undefined ? task : { ...task, cluster });
const withVariant = (task: ExamTaskState, variant: TaskVariant | undefined): ExamTaskState => (variant === undefined ? task : { ...task, variant });

/** Each task with params's variant in an exam of `seed`: the saved one when a resumed exam has it, else drawn from the seed. */
function examVariants(catalog: Pick<Catalog, 'tasks'>, seed: number, saved: ReadonlyMap<string, TaskVariant> = new Map()): Map<string, TaskVariant> {
  return new Map(catalog.tasks.filter((t) => hasParams(t.task)).map((t) => [t.task.metadata.id, saved.get(t.task.metadata.id) ?? examVariant(t.task, seed)]));
}

/**
 * The catalog's tasks by id, each stated as its variant in this exam (`{{params.…}}` filled in);
 * a task without params as it is. A resumed exam passes the variants it saved.
 */
function examTasks(catalog: Pick<Catalog, 'tasks'>, variants: ReadonlyMap<string, TaskVariant>): Map<string, Task> {
  return new Map(catalog.tasks.map(({ task }) => {
    const variant = variants.get(task.metadata.id);
    return [task.metadata.id, variant ? applyVariant(task, variant) : task];
  }));
}

/**
 * Where each drawn task runs: on kind, disruptive tasks get lab clusters (exam-placement.ts),
 * announced with the memory they take before anything is created; elsewhere (offline, a context
 * the learner named) every task shares the one environment.
 */
function placeOnClusters(draw: ExamDraw, byId: ReadonlyMap<string, Task>, environment: Environment, source: ExamState['source'], options: StartOptions, io: CommandIO): ExamClusters {
  const signal = io.signal;
  if (!labsPossible(environment, options.maxClusters)) return examClusters(environment, [], () => Promise.reject(new Error('no lab clusters here')), signal);
  const main = source.cluster ?? DEFAULT_CLUSTER;
  const placement = placeDraw(draw, (id) => byId.get(id), { main, ...(options.maxClusters !== undefined ? { maxClusters: options.maxClusters } : {}) });
  const labs = placement.clusters.slice(1).map(({ name, workers, tasks }) => ({ name, workers, tasks }));
  if (labs.length > 0) {
    io.stderr.write(`This exam runs on ${placement.clusters.length} clusters, about ${(placement.memoryMb / 1024).toFixed(1)} GB of node containers (an estimate):\n`);
    for (const c of placement.clusters) io.stderr.write(`  ${c.name} (context ${c.context}): ${c.tasks.length} task${c.tasks.length === 1 ? '' : 's'}\n`);
    io.stderr.write(`  fewer clusters, less memory: kubedrill exam ${draw.exam.toLowerCase()} --max-clusters N (kubedrill exam ${draw.exam.toLowerCase()} --plan shows what it gives up)\n`);
  }
  for (const line of placement.givenUp) io.stderr.write(`note: isolation given up: ${inertLine(line)}\n`);
  const { packDirs: _packs, ...choice } = source;
  const openLab: OpenLab =
    options.openLab ??
    ((cluster, workers) => openEnvironment({ ...choice, cluster }, { ...liveOptionsFor(io), workers, onProgress: (line) => io.stderr.write(`[${cluster}] ${line}\n`) }));
  return examClusters(environment, labs, openLab, signal);
}

/**
 * Prepares one cluster's tasks: the cluster back to its baseline (what earlier drills and
 * exams left), each task's own reset, then every setup. Resets all come before any setup, so
 * one task's reset cannot undo another's fresh setup in a namespace they share; a disruptive
 * task goes last, so its breakage cannot stop the others' setup (and an etcd snapshot it takes
 * holds them all).
 */
async function prepareCluster(
  name: string,
  environment: Environment,
  drawn: readonly ExamDraw['tasks'][number][],
  exam: { byId: ReadonlyMap<string, Task>; variants: ReadonlyMap<string, TaskVariant>; clusters: ExamClusters },
  io: CommandIO,
  named: boolean,
): Promise<void> {
  const { byId, variants, clusters } = exam;
  const say = (line: string) => io.stderr.write(named ? `[${name}] ${line}\n` : `${line}\n`);
  const order = disruptiveLast(drawn, (t) => byId.get(t.id) as Task);
  if (environment.restoreBaseline) {
    say('Bringing the cluster back to its baseline…');
    for (const line of await environment.restoreBaseline(io.signal)) say(`  ${inertLine(line)}`);
  }
  say(`Clearing what earlier attempts left for these ${order.length} tasks…`);
  for (const t of order) await (await clusters.world(t.id)).reset();
  for (const [i, t] of order.entries()) {
    say(`Preparing task ${i + 1}/${order.length}: ${inertLine(t.title)}`);
    const task = byId.get(t.id) as Task;
    await environment.prepareTask?.(task, io.signal);
    const variant = variants.get(t.id);
    if (variant) await saveCurrentVariant(kubedrillDataDir(io.env), t.id, variant);
    const w = await clusters.world(t.id);
    for (const step of task.setup) await w.runStep(expandTemplates(step, w.vars), io.signal);
  }
}

/** Runs the exam screen for a state (new or resumed), then records a finished attempt. The caller holds the lock. */
async function runExam(state: ExamState, tasks: Map<string, Task>, clusters: ExamClusters, io: CommandIO, store: ExamStore, catalog: Pick<Catalog, 'packs' | 'tasks'>): Promise<ExamOutcome> {
  const paths = storePaths(io.env);
  await store.save(state);
  const session = new ExamSession(state, {
    now: io.now,
    tasks,
    world: (id) => clusters.world(id),
    grade: (task, world, onProgress) => clusters.grade(task, world, onProgress),
    clusterOf: (id) => clusters.clusterOf(id),
    signal: io.signal,
    save: (s) => store.save(s),
    onFinished: async (finished) => {
      // Once per attempt id: a finish after a crash between recording and clearing writes nothing.
      // With the packs' versions and hashes, so an exported attempt says which pack content it was.
      const packs = await attemptPacks(catalog, finished.tasks.map((t) => t.id));
      const { notice } = await recordExamAttempt(paths.history, examAttempt(finished, (id) => tasks.get(id)?.metadata.tags ?? [], packs));
      if (notice) io.stderr.write(`note: ${notice}\n`);
      await store.clear();
    },
  });
  // Time ran out while kubedrill was closed: grade at once, the results are what is left to see.
  if (state.phase !== 'running' || remainingMs(state, io.now()) === 0) void session.finish(state.endedBy ?? 'timeout');
  const ui = await import('../ui/index.js');
  const outcome = await ui.renderExam({ io, session, expand: expandTemplates, openShell: shellOpener((id) => session.world(id), io) });
  const final = session.getSnapshot().state;
  if (outcome.kind === 'left' && final.phase !== 'finished') {
    const left = Math.ceil(remainingMs(final, io.now()) / 60_000);
    io.stdout.write(`Exam saved (${left} min left on the clock). Continue with: kubedrill exam --resume\n`);
  }
  // Lab clusters hold memory until deleted: the learner hears of them whether the exam ended or was left.
  const labs = clusters.labs.map((lab) => lab.name);
  const main = state.source.cluster ?? DEFAULT_CLUSTER;
  const notice = labClustersNotice(main, labs);
  if (notice) io.stderr.write(`note: ${notice}\n`);
  return outcome;
}

/**
 * The lab clusters a saved exam's tasks run on. Reopened as they are, never created: a lab
 * deleted since lost its tasks' setup and answers, and its tasks say so when graded.
 */
function savedLabs(state: ExamState): ExamClusters['labs'] {
  const labs = new Map<string, string[]>();
  for (const t of state.tasks) if (t.cluster !== undefined) labs.set(t.cluster, [...(labs.get(t.cluster) ?? []), t.id]);
  return [...labs].map(([name, tasks]) => ({ name, workers: 0, tasks }));
}

/** `kubedrill exam --resume`: the saved exam, with the time that really remains. */
async function resumeExam(io: CommandIO): Promise<number> {
  const store = examStore(io);
  // Before loading: the holder may be saving it right now, and would record it a second time.
  const release = await lockExam(store);
  let resumed: { outcome: ExamOutcome; catalog: Catalog; environment: Environment };
  try {
    resumed = await resumeLocked(store, io);
  } finally {
    await release();
  }
  return followUp(resumed.outcome, resumed.catalog, resumed.environment, io);
}

async function resumeLocked(store: ExamStore, io: CommandIO): Promise<{ outcome: ExamOutcome; catalog: Catalog; environment: Environment }> {
  const state = await store.load();
  if (!state) throw new UserError('no exam in progress', ['kubedrill exam cka starts one']);
  const catalog = await loadCatalogOrFail(state.source.packDirs, { env: io.env });
  // The variants the exam was set up in: saved with it, or (older saves) drawn again from its seed.
  const saved = new Map(state.tasks.flatMap((t) => (t.variant ? [[t.id, t.variant] as const] : [])));
  const tasks = examTasks(catalog, examVariants(catalog, state.seed, saved));
  const missing = state.tasks.filter((t) => !tasks.has(t.id)).map((t) => t.id);
  if (missing.length > 0) io.stderr.write(`note: no longer in the packs, graded as not gradable: ${inertLine(missing.join(', '))}\n`);
  prepareTerminal(io, 'resume the exam from a terminal');
  const { packDirs: _packs, ...choice } = state.source;
  // A pack changed since the exam started asks again before its steps run.
  await requireTrust(catalog, choice.offline !== undefined, io, false);
  const onMain = state.tasks.filter((t) => t.cluster === undefined).map((t) => tasks.get(t.id)).filter((t) => t !== undefined);
  const environment = await openEnvironment(choice, { ...liveOptionsFor(io), workers: workersNeeded(onMain) });
  const clusters = examClusters(environment, savedLabs(state), (cluster, workers) => openEnvironment({ ...choice, cluster }, { ...liveOptionsFor(io), workers, create: false }), io.signal);
  // The clock was never paused: the deadline is wall-clock time. Time away is booked to no task.
  const outcome = await runExam({ ...state, currentSince: io.now() }, tasks, clusters, io, store, catalog);
  return { outcome, catalog, environment };
}

/** `kubedrill exam [NAME]`: a timed mock exam, or the saved one (`--resume`); `--plan` is exam-plan.ts. */
export async function takeExam(name: string | undefined, options: ExamOptions, io: CommandIO): Promise<number> {
  if (options.resume) return resumeExam(io);
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  // Exams are the loaded profiles (built-in and the packs'), so the name is checked against them.
  if (!name) throw new UsageError(`choose an exam: ${examChoices(catalog)}`, ['kubedrill exam --help']);
  const profile = profileFor(catalog, name);
  const exam = profile.exam;
  const seed = options.seed ?? newSeed(io.now());
  await refuseWhileInProgress(exam, options.new === true, io);
  prepareTerminal(io, `kubedrill exam ${exam.toLowerCase()} --plan --json prints the draw without the terminal UI`);
  const choice = await resolveChoice(options, io);
  await requireTrust(catalog, choice.offline !== undefined, io, options.yes === true);
  // The full topology: which tasks are drawn depends on what the environment can grade.
  const environment = await openEnvironment(choice, liveOptionsFor(io));
  const source = { ...choice, packDirs: options.pack.map((dir) => resolve(io.cwd, dir)) };
  return drawAndStartExam(catalog, profile, environment, source, { seed, practice: options.practice === true, ...(options.maxClusters !== undefined ? { maxClusters: options.maxClusters } : {}) }, io);
}

/**
 * Refuses to start an exam over a saved one (unless `replace`, i.e. `--new`) or while another
 * kubedrill holds the exam. Checked before any cluster is opened or created.
 */
export async function refuseWhileInProgress(exam: string, replace: boolean, io: CommandIO): Promise<void> {
  const store = examStore(io);
  // Even --new is refused here: the other kubedrill would go on saving over the new exam.
  const holder = await store.holder();
  if (holder) throw openElsewhere(holder, store);
  // Loaded even with --new: a damaged file is moved aside here (with a note), not in the way of the save.
  const current = await store.load();
  if (current && !replace) {
    const left = Math.ceil(remainingMs(current, io.now()) / 60_000);
    throw new UserError(`a ${current.exam} exam is in progress (${left} min left)`, ['kubedrill exam --resume continues it', `kubedrill exam ${exam.toLowerCase()} --new discards it and starts another`]);
  }
}

/** Draws the exam among the tasks `environment` can grade in full, then sets it up and runs it. */
export async function drawAndStartExam(
  catalog: Catalog,
  profile: ExamProfile,
  environment: Environment,
  source: ExamState['source'],
  options: StartOptions & { seed?: number },
  io: CommandIO,
): Promise<number> {
  const draw = drawExam(profile, catalog.tasks, {
    seed: options.seed ?? newSeed(io.now()),
    eligible: await examEligibility(environment),
    isolatedClusters: labsPossible(environment, options.maxClusters),
  });
  return startExam(catalog, draw, profile, environment, source, options, io);
}
