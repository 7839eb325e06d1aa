import { resolve } from 'node:path';
import { z } from 'zod';
import type { Environment } from '../environments/types.js';
import { openEnvironment, workersNeeded } from '../environments/index.js';
import { UserError, UsageError } from '../errors.js';

export { profileFor } from './exam-choice.js';
import { disruptiveLast, type ExamProfile, type Task } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import { drawExam, type ExamDraw } from '../services/exam-draw.js';
import { createExamState, ExamSession, remainingMs, type ExamState } from '../services/exam-session.js';
import { ExamStore, storePaths } from '../services/exam-store.js';
import { examAttempt, recordExamAttempt } from '../services/history.js';
import type { LockHolder } from '../system/pid-lock.js';
import { expandTemplates } from '../templating.js';
import { loadCatalogOrFail } from './catalog.js';
import { examChoices, profileFor } from './exam-choice.js';
import { requireTrust } from './trust-gate.js';
import { examEligibility, graderFor, preparable, sessionOptionsSchema, worldCache } from './drill.js';
import { liveOptionsFor, parseOptions } from './options.js';
import { normalizeOfflineArg, prepareTerminal, resolveChoice, SESSION_OPTIONS } from './session-args.js';
import { inertJson, inertLine } from '../text/inert.js';
import type { Command, CommandIO } from './types.js';

const usage = 'exam NAME [--seed N] [--practice] [--plan [--json]] [--new] [--pack DIR]… [--yes] [--offline [DIR] | --context NAME | --cluster NAME] [--debug FILE] | exam --resume';

const optionsSchema = sessionOptionsSchema.extend({
  seed: z.coerce.number().int().min(0).max(0xffffffff).optional(),
  practice: z.boolean().optional(),
  plan: z.boolean().optional(),
  json: z.boolean().optional(),
  resume: z.boolean().optional(),
  new: z.boolean().optional(),
  positionals: z.array(z.string()).max(1, 'name one exam, e.g. cka (kubedrill list shows the exams of every pack)'),
});

/** The plan as `--plan --json` prints it (the fields are a contract for scripts). */
export const planJson = (draw: ExamDraw) => ({
  exam: draw.exam,
  seed: draw.seed,
  durationMinutes: draw.durationMinutes,
  passPercent: draw.passPercent,
  tasks: draw.tasks,
});

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

/** Sets up an exam's tasks in the environment, printing progress, then runs the screen. */
export async function startExam(catalog: Catalog, draw: ExamDraw, profile: ExamProfile, environment: Environment, source: ExamState['source'], practice: boolean, io: CommandIO): Promise<number> {
  if (draw.tasks.length === 0) throw new UserError(`no ${draw.exam} task can run here`, ['add packs with --pack DIR, or drop --offline to use the kind cluster']);
  const store = examStore(io);
  // Locked before setup: a second kubedrill must not set up (and reset) the same tasks meanwhile.
  const release = await lockExam(store);
  try {
    return await setUpAndRun(catalog, draw, profile, environment, source, practice, io, store);
  } finally {
    await release();
  }
}

async function setUpAndRun(catalog: Catalog, draw: ExamDraw, profile: ExamProfile, environment: Environment, source: ExamState['source'], practice: boolean, io: CommandIO, store: ExamStore): Promise<number> {
  if (draw.shortfall) io.stderr.write(`note: ${draw.shortfall}\n`);
  const byId = new Map(catalog.tasks.map((t) => [t.task.metadata.id, t.task]));
  const world = worldCache(environment);
  // Every task is prepared before the clock starts: the exam's time is for solving, not waiting.
  // A disruptive task goes last, so its breakage cannot stop the others' setup (and an etcd
  // snapshot it takes holds them all).
  const order = disruptiveLast(draw.tasks, (drawn) => byId.get(drawn.id) as Task);
  for (const [i, drawn] of order.entries()) {
    io.stderr.write(`Preparing task ${i + 1}/${order.length}: ${inertLine(drawn.title)}\n`);
    const task = byId.get(drawn.id) as Task;
    const w = await world(drawn.id);
    for (const step of task.setup) await w.runStep(expandTemplates(step, w.vars), io.signal);
  }
  const state = createExamState(draw, profile, { practice, source, now: io.now() });
  return runExam(state, byId, environment, io, store);
}

/** Runs the exam screen for a state (new or resumed), then records a finished attempt. The caller holds the lock. */
async function runExam(state: ExamState, tasks: Map<string, Task>, environment: Environment, io: CommandIO, store: ExamStore): Promise<number> {
  const paths = storePaths(io.env);
  await store.save(state);
  const session = new ExamSession(state, {
    now: io.now,
    tasks,
    world: worldCache(environment),
    grade: graderFor(environment, io.signal),
    signal: io.signal,
    save: (s) => store.save(s),
    onFinished: async (finished) => {
      // Once per attempt id: a finish after a crash between recording and clearing writes nothing.
      const { notice } = await recordExamAttempt(paths.history, examAttempt(finished, (id) => tasks.get(id)?.metadata.tags ?? []));
      if (notice) io.stderr.write(`note: ${notice}\n`);
      await store.clear();
    },
  });
  // Time ran out while kubedrill was closed: grade at once, the results are what is left to see.
  if (state.phase !== 'running' || remainingMs(state, io.now()) === 0) void session.finish(state.endedBy ?? 'timeout');
  const ui = await import('../ui/index.js');
  const outcome = await ui.renderExam({ io, session, expand: expandTemplates });
  const final = session.getSnapshot().state;
  if (outcome === 'left' && final.phase !== 'finished') {
    const left = Math.ceil(remainingMs(final, io.now()) / 60_000);
    io.stdout.write(`Exam saved (${left} min left on the clock). Continue with: kubedrill exam --resume\n`);
  }
  return 0;
}

/** `kubedrill exam --resume`: the saved exam, with the time that really remains. */
async function resumeExam(io: CommandIO): Promise<number> {
  const store = examStore(io);
  // Before loading: the holder may be saving it right now, and would record it a second time.
  const release = await lockExam(store);
  try {
    return await resumeLocked(store, io);
  } finally {
    await release();
  }
}

async function resumeLocked(store: ExamStore, io: CommandIO): Promise<number> {
  const state = await store.load();
  if (!state) throw new UserError('no exam in progress', ['kubedrill exam cka starts one']);
  const catalog = await loadCatalogOrFail(state.source.packDirs);
  const tasks = new Map(catalog.tasks.map((t) => [t.task.metadata.id, t.task]));
  const missing = state.tasks.filter((t) => !tasks.has(t.id)).map((t) => t.id);
  if (missing.length > 0) io.stderr.write(`note: no longer in the packs, graded as not gradable: ${inertLine(missing.join(', '))}\n`);
  prepareTerminal(io, 'resume the exam from a terminal');
  const { packDirs: _packs, ...choice } = state.source;
  // A pack changed since the exam started asks again before its steps run.
  await requireTrust(catalog, choice.offline !== undefined, io, false);
  const drawn = state.tasks.map((t) => tasks.get(t.id)).filter((t) => t !== undefined);
  const environment = await openEnvironment(choice, { ...liveOptionsFor(io), workers: workersNeeded(drawn) });
  // The clock was never paused: the deadline is wall-clock time. Time away is booked to no task.
  return runExam({ ...state, currentSince: io.now() }, tasks, environment, io, store);
}

/** `kubedrill exam NAME` (any exam with a profile): a timed mock exam, or its plan with `--plan --json`. */
export const examCommand: Command = {
  name: 'exam',
  summary: 'Take a timed mock exam (or print its plan with --plan --json; continue one with --resume)',
  usage,
  async run(args, io) {
    const spec = { ...SESSION_OPTIONS, seed: { type: 'string' }, practice: { type: 'boolean' }, plan: { type: 'boolean' }, json: { type: 'boolean' }, resume: { type: 'boolean' }, new: { type: 'boolean' } } as const;
    const options = parseOptions(normalizeOfflineArg(args, io.cwd), spec, optionsSchema, usage);
    if (options.resume) return resumeExam(io);
    const catalog = await loadCatalogOrFail(options.pack);
    // Exams are the loaded profiles (built-in and the packs'), so the name is checked against them.
    const name = options.positionals[0];
    if (!name) throw new UsageError(`choose an exam: ${examChoices(catalog)}`, [`usage: kubedrill ${usage}`]);
    const profile = profileFor(catalog, name);
    const exam = profile.exam;
    const offline = options.offline !== undefined;
    const seed = options.seed ?? (io.now() ^ 0x5bd1e995) >>> 0;
    if (options.plan) {
      // Without opening the cluster, the plan cannot know what it grades: a live exam with the same
      // seed draws among the tasks its cluster can grade in full, so it may differ there.
      const draw = drawExam(profile, catalog.tasks, { seed, ...(offline ? { eligible: (t: Task) => preparable(t, { kind: 'offline' }) } : {}) });
      if (options.json) io.stdout.write(inertJson(JSON.stringify(planJson(draw), null, 2)) + '\n');
      else {
        io.stdout.write(`${exam} mock exam · seed ${seed} · ${draw.durationMinutes} min · pass ${draw.passPercent}%\n`);
        for (const t of draw.tasks) io.stdout.write(`  ${String(t.points).padStart(2)}p ${String(t.minutes).padStart(2)}m ${inertLine(t.domain).padEnd(28)} ${inertLine(t.id)}\n`);
      }
      if (draw.shortfall) io.stderr.write(`note: ${draw.shortfall}\n`);
      return 0;
    }
    const store = examStore(io);
    // Even --new is refused here: the other kubedrill would go on saving over the new exam.
    const holder = await store.holder();
    if (holder) throw openElsewhere(holder, store);
    // Loaded even with --new: a damaged file is moved aside here (with a note), not in the way of the save.
    const current = await store.load();
    if (current && !options.new) {
      const left = Math.ceil(remainingMs(current, io.now()) / 60_000);
      throw new UserError(`a ${current.exam} exam is in progress (${left} min left)`, ['kubedrill exam --resume continues it', `kubedrill exam ${exam.toLowerCase()} --new discards it and starts another`]);
    }
    prepareTerminal(io, `kubedrill exam ${exam.toLowerCase()} --plan --json prints the draw without the terminal UI`);
    const choice = await resolveChoice(options, io);
    await requireTrust(catalog, choice.offline !== undefined, io, options.yes === true);
    // The full topology: which tasks are drawn depends on what the environment can grade.
    const environment = await openEnvironment(choice, liveOptionsFor(io));
    const draw = drawExam(profile, catalog.tasks, { seed, eligible: await examEligibility(environment) });
    return startExam(catalog, draw, profile, environment, { ...choice, packDirs: options.pack.map((dir) => resolve(io.cwd, dir)) }, options.practice === true, io);
  },
};
