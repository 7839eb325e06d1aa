// Starting a drill: which tasks, whether this environment can run them, and the session that
// grades them. The exam (exam-start.ts) and the home screen (home-session.ts) share the pieces.
import { resolve, sep } from 'node:path';
import type { Environment, TaskWorld } from '../environments/types.js';
import { openEnvironment, prepareClusterFor, workersNeeded } from '../environments/index.js';
import { UserError } from '../errors.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import type { LoadedTask, Task, TaskReport } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { expandTemplates } from '../templating.js';
import { inertLine } from '../text/inert.js';
import { DrillSession } from './drill-session.js';
import { preparable } from './preparable.js';
import { storePaths } from './exam-store.js';
import { appendHistory, drillAttempt } from './history.js';
import { liveOptionsFor, prepareTerminal, resolveChoice, type SessionOptions } from './session-environment.js';
import { saveCurrentVariant } from './current-variant.js';
import { shellOpener } from './shell-env.js';
import { requireTrust } from './trust-gate.js';

/**
 * Keeps the drill's tasks this environment can grade in full (a live cluster without NetworkPolicy
 * enforcement cannot grade a policy task). A refused task the learner named is an error with the
 * reason; others are skipped with a note on stderr.
 */
export async function drillableHere(tasks: readonly LoadedTask[], index: number, environment: Environment, io: CommandIO): Promise<{ tasks: LoadedTask[]; index: number }> {
  const [{ runnableHere }, { CHECKERS }] = await Promise.all([import('./task-needs.js'), import('../../checkers/index.js')]);
  const { runnable, refused } = runnableHere(tasks, environment, CHECKERS);
  const chosen = tasks[index];
  const chosenRefused = refused.find((r) => r.id === chosen?.task.metadata.id);
  if (chosenRefused && (tasks.length === 1 || runnable.length === 0)) {
    throw new UserError(`${chosenRefused.id} cannot be graded in full on ${environment.label}: ${chosenRefused.reasons.join('; ')}`, ['kubedrill doctor says what is missing and how to fix it']);
  }
  for (const r of refused) io.stderr.write(`skipped ${inertLine(r.id)}: ${inertLine(r.reasons.join('; '))}\n`);
  const at = chosenRefused ? 0 : Math.max(0, runnable.findIndex((t) => t === chosen));
  return { tasks: runnable, index: at };
}

/** Which tasks an exam may draw in `environment`: preparable there and gradable in full. */
export async function examEligibility(environment: Environment): Promise<(task: Task) => boolean> {
  const [{ missingNeeds }, { CHECKERS }] = await Promise.all([import('./task-needs.js'), import('../../checkers/index.js')]);
  return (task) => preparable(task, environment.kind) && missingNeeds(task, environment, CHECKERS).length === 0;
}

/**
 * Grades a task in a world of `environment`, the way drills and exams do. The engine and the
 * checkers load on the first check, so the first screen draws without waiting for them.
 */
export function graderFor(environment: Environment, signal: AbortSignal) {
  return async (task: Task, world: TaskWorld, onProgress?: (checkId: string) => void): Promise<TaskReport> => {
    const [{ gradeTask, gradingWorld }, { CHECKERS }] = await Promise.all([import('../grading/index.js'), import('../../checkers/index.js')]);
    return gradeTask(task, gradingWorld(environment, world), CHECKERS, {
      signal,
      ...(onProgress ? { onProgress: (id: string) => onProgress(id) } : {}),
    });
  };
}

/** Caches one world per task, so a task's answers dir and access lines are opened once. */
export function worldCache(environment: Environment): (taskId: string) => Promise<TaskWorld> {
  const worlds = new Map<string, Promise<TaskWorld>>();
  return (taskId) => {
    let world = worlds.get(taskId);
    if (!world) {
      world = environment.openTask(taskId);
      worlds.set(taskId, world);
    }
    return world;
  };
}

/** Picks the drill's tasks: a task id, else every task with that tag, domain or words. */
export async function selectDrillTasks(catalog: Catalog, what: string | undefined, offline: boolean): Promise<{ tasks: LoadedTask[]; index: number }> {
  const { filterTasks, findTask } = await import('../packs/catalog.js');
  const usable = (list: LoadedTask[]) => list.filter((t) => !offline || preparable(t.task, 'offline'));
  if (what === undefined) return { tasks: usable(catalog.tasks), index: 0 };
  const exact = catalog.tasks.find((t) => t.task.metadata.id === what);
  if (exact) {
    if (!usable([exact]).length) {
      throw new UserError(`${what} needs a live cluster: its setup runs on a node or with kubectl`, ['drop --offline to drill it on the kind cluster']);
    }
    return { tasks: [exact], index: 0 };
  }
  const byTag = filterTasks(catalog, { tag: what });
  const byDomain = filterTasks(catalog, { domain: what });
  const matched = byTag.length > 0 ? byTag : byDomain.length > 0 ? byDomain : filterTasks(catalog, { text: what });
  if (matched.length === 0) findTask(catalog, what); // throws with "did you mean"
  const tasks = usable(matched);
  if (tasks.length === 0) throw new UserError(`every task matching "${what}" needs a live cluster`, ['drop --offline to drill them on the kind cluster']);
  return { tasks, index: 0 };
}

/**
 * Runs a drill over `tasks` in `environment` until the learner quits. A task with params gets a
 * new variant each time it is opened or reset, unless `variantSeed` pins it (`drill ID --seed N`).
 */
export async function runDrill(
  tasks: readonly LoadedTask[],
  index: number,
  environment: Environment,
  io: CommandIO,
  options: { freshStart?: boolean; variantSeed?: (task: Task) => number } = {},
): Promise<void> {
  const history = storePaths(io.env).history;
  const world = worldCache(environment);
  const session = new DrillSession(
    tasks,
    {
      now: io.now,
      world,
      grade: graderFor(environment, io.signal),
      expand: expandTemplates,
      onChecked: (task, report, spentMs, variant) => appendHistory(history, drillAttempt(task, report, io.now(), spentMs, variant)),
      ...(options.freshStart ? { freshStart: true } : {}),
      ...(options.variantSeed ? { variantSeed: options.variantSeed } : {}),
      prepareCluster: (task) => prepareClusterFor(environment, task, io.signal),
      rememberVariant: (taskId, variant) => saveCurrentVariant(kubedrillDataDir(io.env), taskId, variant),
    },
    index,
  );
  const ui = await import('../ui/index.js');
  await ui.renderDrill({ io, session, now: io.now, openShell: shellOpener(world, io) });
}

/** The tasks of the packs found in `packDirs` (a pack directory, or a directory of packs). */
export function tasksOfPacks(catalog: Catalog, packDirs: readonly string[]): LoadedTask[] {
  const roots = packDirs.map((dir) => resolve(dir));
  const named = new Set(catalog.packs.filter((p) => roots.some((root) => resolve(p.dir) === root || resolve(p.dir).startsWith(`${root}${sep}`))).map((p) => p.pack.metadata.id));
  return catalog.tasks.filter((t) => named.has(t.packId));
}

/**
 * `kubedrill drill [WHAT]`: practise the tasks WHAT names (id, tag, domain or words) until the
 * learner quits. `seed` pins the variant of tasks with params: the seed `pack test` and history
 * name, so `drill ID --seed N` is that variant again.
 */
export async function startDrill(what: string | undefined, options: SessionOptions & { seed?: number }, io: CommandIO): Promise<number> {
  const { loadCatalogOrFail } = await import('./load-catalog.js');
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  const choice = await resolveChoice(options, io);
  // `drill --pack DIR` alone drills that pack: the learner named it, not the built-in ones.
  const drillable = what === undefined && options.pack.length > 0 ? { ...catalog, tasks: tasksOfPacks(catalog, options.pack) } : catalog;
  const { tasks, index } = await selectDrillTasks(drillable, what, choice.offline !== undefined);
  if (tasks.length === 0) throw new UserError('no task to drill', ['add a pack with --pack DIR']);
  prepareTerminal(io, `kubedrill check ${tasks[index]?.task.metadata.id ?? 'TASK-ID'} grades a task without the terminal UI`);
  await requireTrust(catalog, choice.offline !== undefined, io, options.yes === true);
  const environment = await openEnvironment(choice, { ...liveOptionsFor(io), workers: workersNeeded(tasks.map((t) => t.task)) });
  const here = await drillableHere(tasks, index, environment, io);
  const { seed } = options;
  await runDrill(here.tasks, here.index, environment, io, seed === undefined ? {} : { variantSeed: () => seed });
  return 0;
}
