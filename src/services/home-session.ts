// The home screen's session: what it lists, and what it opens when the learner picks (a drill,
// a mock exam, the saved exam, offline practice) until they quit. Packs and checkers load after
// the first frame is drawn. A pick that fails with a problem the learner can fix comes back to
// home as a message: nothing picked on home ends kubedrill.
import { resolve } from 'node:path';
import { openEnvironment, type EnvironmentChoice } from '../environments/index.js';
import type { Environment } from '../environments/types.js';
import { UserError } from '../errors.js';
import type { ExamProfile } from '../models/index.js';
import { domainLabel } from '../models/task-domains.js';
import type { Catalog } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import type { HomeChoice, HomeData, HomeExam } from '../ui/index.js';
import { taskPoints } from './exam-draw.js';
import { remainingMs } from './exam-state.js';
import { ExamStore, storePaths } from './exam-store.js';
import { readHistory, summarizeHistory } from './history.js';
import { missingLiveTools, missingToolsLine, type LiveTool } from './live-tools.js';
import { liveOptionsFor, prepareTerminal, resolveChoice, type SessionOptions } from './session-environment.js';
import { requireTrust } from './trust-gate.js';

/** An exam profile as the home menu shows it. */
function homeExam(p: Pick<ExamProfile, 'exam' | 'title' | 'durationMinutes' | 'tasks' | 'passPercent'>): HomeExam {
  return { exam: p.exam, title: p.title, durationMinutes: p.durationMinutes, tasks: `${p.tasks.min}–${p.tasks.max}`, passPercent: p.passPercent };
}

/**
 * The exam saved in progress, for the Resume entry. A damaged file is moved aside by the store;
 * its note goes to the screen (stderr is hidden behind the home screen).
 */
async function savedExam(io: CommandIO): Promise<Pick<HomeData, 'saved' | 'notice'>> {
  let notice: string | undefined;
  const store = new ExamStore(storePaths(io.env).currentExam, { now: io.now, onNotice: (line) => (notice = line) });
  const state = await store.load();
  const saved = state && { exam: state.exam, minutesLeft: Math.ceil(remainingMs(state, io.now()) / 60_000), practice: state.practice };
  return { ...(saved ? { saved } : {}), ...(notice ? { notice } : {}) };
}

/** What the home screen lists, from the catalog, the history file and the saved exam. */
export async function homeData(catalog: Catalog, offline: boolean, io: CommandIO): Promise<HomeData> {
  const [{ formatProblem }, { preparable }] = await Promise.all([import('../packs/problem.js'), import('./preparable.js')]);
  const [entries, saved] = await Promise.all([readHistory(storePaths(io.env).history), savedExam(io)]);
  const packs = new Map<string, number>();
  for (const t of catalog.tasks) packs.set(t.packId, (packs.get(t.packId) ?? 0) + 1);
  const domainTitles: Record<string, string> = {};
  for (const d of catalog.profiles.flatMap((p) => p.domains)) domainTitles[d.id] ??= d.title;
  const offlineReady = (task: Catalog['tasks'][number]['task']) => preparable(task, 'offline');
  return {
    tasks: catalog.tasks.map(({ task }) => ({
      id: task.metadata.id,
      title: task.metadata.title,
      exams: [...task.metadata.exams],
      domain: domainLabel(task),
      tags: [...task.metadata.tags],
      minutes: task.metadata.minutes,
      difficulty: task.metadata.difficulty,
      points: taskPoints(task),
      available: !offline || offlineReady(task),
    })),
    offlineTasks: catalog.tasks.filter(({ task }) => offlineReady(task)).length,
    packs: [...packs].map(([id, tasks]) => ({ id, tasks })),
    problems: catalog.problems.map(formatProblem),
    exams: catalog.profiles.map(homeExam),
    domainTitles,
    history: summarizeHistory(entries),
    ...saved,
  };
}

/** The environment line; for kind, what the PATH lookup found once it has run (`missing`). */
export function describeChoice(choice: EnvironmentChoice, missing?: readonly LiveTool[]): string {
  if (choice.offline !== undefined) return `offline workspace ${choice.offline}`;
  if (choice.context !== undefined) return `context ${choice.context} (live)`;
  const cluster = `kind cluster ${choice.cluster ?? 'kubedrill'}`;
  if (missing === undefined) return `${cluster} (live)`;
  if (missing.length > 0) return `${cluster} (live; cannot start here: ${missing.join(' and ')} not installed)`;
  return `${cluster} (live; created when a task needs it)`;
}

/** A problem the learner can fix, as one line for the home screen: what, then what to do. */
const messageOf = (error: UserError): string => (error.nextSteps.length > 0 ? `${error.message} → ${error.nextSteps.join('; ')}` : error.message);

/** `kubedrill` with no command: the home screen, and whatever the learner opens from it. */
export async function runHome(options: SessionOptions, io: CommandIO): Promise<number> {
  prepareTerminal(io, 'kubedrill --help lists the commands for scripts (list, check, exam --plan --json, history --json)');
  let choice = await resolveChoice(options, io);
  const packDirs = options.pack.map((dir) => resolve(io.cwd, dir));
  const ui = await import('../ui/index.js');
  let catalog: Promise<Catalog> | undefined;
  // Packs load after the first frame is drawn (the screen shows "loading packs…"), from the
  // catalog cache when nothing changed; home shows a broken pack's problems instead of failing.
  const loadOnce = () => (catalog ??= import('./load-catalog.js').then(({ loadCatalogCached }) => loadCatalogCached(packDirs, { env: io.env })));
  // The built-in exam profiles alone, for the menu's first entries long before packs load.
  const loadExams = () => import('../packs/profile-preview.js').then(async ({ previewBuiltinProfiles }) => (await previewBuiltinProfiles()).map(homeExam));
  // The live cluster could not be opened on an earlier pick: offer offline practice meanwhile.
  let liveFailed = false;
  let environment: Promise<Environment> | undefined;
  const env = () =>
    (environment ??= openEnvironment(choice, liveOptionsFor(io)).catch((error: unknown) => {
      // Forgotten, so the next pick tries again (Docker started, kind installed meanwhile).
      environment = undefined;
      if (choice.offline === undefined) liveFailed = true;
      throw error;
    }));
  let message: string | undefined;
  for (;;) {
    // This screen's choice: the loop may switch `choice` to offline before its promises settle.
    const shown = choice;
    const offline = shown.offline !== undefined;
    const kind = !offline && shown.context === undefined;
    // Only a kind cluster is started by kubedrill: its tools are looked up on PATH, after the first frame.
    const checkLive = async () => {
      const missing = kind ? await missingLiveTools(io.env) : [];
      const problem = missing.length > 0 ? missingToolsLine(missing) : liveFailed ? 'Live tasks cannot start until the problem below is fixed; offline practice needs no cluster.' : undefined;
      return { environment: describeChoice(shown, kind ? missing : undefined), ...(problem ? { problem } : {}) };
    };
    const pick: HomeChoice = await ui.renderHome({
      io,
      environment: describeChoice(shown),
      loadExams,
      load: async () => homeData(await loadOnce(), offline, io),
      ...(offline ? {} : { checkLive }),
      ...(message ? { message } : {}),
    });
    message = undefined;
    if (pick.kind === 'quit') return 0;
    if (pick.kind === 'offline') {
      // The default workspace, as `--offline` alone: drills and exams picked from now on run there.
      choice = await resolveChoice({ ...options, offline: true }, io);
      environment = undefined;
      continue;
    }
    try {
      await open(pick, await loadOnce(), { choice, packDirs, env, yes: options.yes === true }, io);
    } catch (error) {
      // Ctrl-C ends kubedrill as a signal does (exit 130), even when the error it caused is a UserError.
      if (!(error instanceof UserError) || io.signal.aborted) throw error;
      message = messageOf(error);
    }
  }
}

/** What opening a pick needs from the home session: where tasks run and the packs loaded. */
interface Session {
  choice: EnvironmentChoice;
  packDirs: string[];
  env: () => Promise<Environment>;
  yes: boolean;
}

/** Opens what the learner picked: a drill, a new exam (mock or practice) or the saved exam. */
async function open(pick: Exclude<HomeChoice, { kind: 'quit' | 'offline' }>, loaded: Catalog, session: Session, io: CommandIO): Promise<void> {
  if (pick.kind === 'resume') {
    // The same path as `kubedrill exam --resume`: the saved exam's own environment and packs.
    const { takeExam } = await import('./exam-start.js');
    await takeExam(undefined, { pack: [], resume: true }, io);
    return;
  }
  if (pick.kind === 'results') {
    // The environment opens only if the learner asks to retry the missed tasks there.
    const { reviewAttempt } = await import('./exam-review.js');
    const retry = async () => {
      await requireTrust(loaded, session.choice.offline !== undefined, io, session.yes);
      return session.env();
    };
    if (!(await reviewAttempt(pick.attemptId, { catalog: loaded, environment: retry }, io))) throw new UserError('that attempt is no longer in the history file');
    return;
  }
  const offline = session.choice.offline !== undefined;
  await requireTrust(loaded, offline, io, session.yes);
  if (pick.kind === 'drill') {
    const { drillableHere, runDrill } = await import('./drill-start.js');
    const tasks = pick.taskIds.map((id) => loaded.tasks.find((t) => t.task.metadata.id === id)).filter((t) => t !== undefined);
    const here = await drillableHere(tasks, pick.index, await session.env(), io);
    await runDrill(here.tasks, here.index, await session.env(), io);
    return;
  }
  const [{ drawAndStartExam, refuseWhileInProgress }, { profileFor }] = await Promise.all([import('./exam-start.js'), import('./exam-choice.js')]);
  const profile = profileFor(loaded, pick.exam);
  await refuseWhileInProgress(profile.exam, false, io);
  await drawAndStartExam(loaded, profile, await session.env(), { ...session.choice, packDirs: session.packDirs }, { practice: pick.practice }, io);
}
