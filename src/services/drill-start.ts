import { z } from 'zod';
import type { Environment, TaskWorld } from '../environments/types.js';
import { openEnvironment, workersNeeded } from '../environments/index.js';
import { UserError } from '../errors.js';
import { needsLiveCluster, type LoadedTask, type Task, type TaskReport } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import { DrillSession } from '../services/drill-session.js';
import { storePaths } from '../services/exam-store.js';
import { appendHistory, drillAttempt } from '../services/history.js';
import { expandTemplates } from '../templating.js';
import { liveOptionsFor, parseOptions } from './options.js';
import { environmentOptionsShape } from './environment-options.js';
import { normalizeOfflineArg, prepareTerminal, resolveChoice, SESSION_OPTIONS } from './session-args.js';
import { requireTrust } from './trust-gate.js';
import { inertLine } from '../text/inert.js';
import type { Command, CommandIO } from './types.js';

const usage = 'drill [TASK-ID|TAG|DOMAIN] [--pack DIR]… [--yes] [--offline [DIR] | --context NAME | --cluster NAME] [--debug FILE]';

/** Validates SESSION_OPTIONS for drill and exam (home checks its own without zod: session-args.ts). */
export const sessionOptionsSchema = z.object({
  pack: z.array(z.string()),
  yes: z.boolean().optional(),
  ...environmentOptionsShape,
});

/** Whether this environment can prepare the task: offline, setup must not need a node or kubectl. */
export const preparable = (task: Task, environment: Pick<Environment, 'kind'> | { kind: 'offline' | 'live' }): boolean =>
  environment.kind !== 'offline' || !task.setup.some(needsLiveCluster);

/**
 * Keeps the drill's tasks this environment can grade in full (a live cluster without NetworkPolicy
 * enforcement cannot grade a policy task). A refused task the learner named is an error with the
 * reason; others are skipped with a note on stderr.
 */
export async function drillableHere(tasks: readonly LoadedTask[], index: number, environment: Environment, io: CommandIO): Promise<{ tasks: LoadedTask[]; index: number }> {
  const [{ runnableHere }, { CHECKERS }] = await Promise.all([import('../services/task-needs.js'), import('../../checkers/index.js')]);
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
  const [{ missingNeeds }, { CHECKERS }] = await Promise.all([import('../services/task-needs.js'), import('../../checkers/index.js')]);
  return (task) => preparable(task, environment) && missingNeeds(task, environment, CHECKERS).length === 0;
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
  const usable = (list: LoadedTask[]) => list.filter((t) => !offline || preparable(t.task, { kind: 'offline' }));
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

/** Runs a drill over `tasks` in `environment` until the learner quits. */
export async function runDrill(tasks: readonly LoadedTask[], index: number, environment: Environment, io: CommandIO): Promise<void> {
  const history = storePaths(io.env).history;
  const session = new DrillSession(
    tasks,
    {
      now: io.now,
      world: worldCache(environment),
      grade: graderFor(environment, io.signal),
      expand: expandTemplates,
      onChecked: (task, report, spentMs) => appendHistory(history, drillAttempt(task, report, io.now(), spentMs)),
    },
    index,
  );
  const ui = await import('../ui/index.js');
  await ui.renderDrill({ io, session, now: io.now });
}

/** `kubedrill drill [TASK-ID|TAG]`: practise tasks one at a time with instant checks. */
export const drillCommand: Command = {
  name: 'drill',
  summary: 'Practise tasks one at a time: check, hints, solution, reset',
  usage,
  async run(args, io) {
    const schema = sessionOptionsSchema.extend({ positionals: z.array(z.string()).max(1, 'name at most one task id, tag or domain') });
    const options = parseOptions(normalizeOfflineArg(args, io.cwd), SESSION_OPTIONS, schema, usage);
    const { loadCatalogOrFail } = await import('./catalog.js');
    const catalog = await loadCatalogOrFail(options.pack);
    const choice = await resolveChoice(options, io);
    const { tasks, index } = await selectDrillTasks(catalog, options.positionals[0], choice.offline !== undefined);
    if (tasks.length === 0) throw new UserError('no task to drill', ['add a pack with --pack DIR']);
    prepareTerminal(io, `kubedrill check ${tasks[index]?.task.metadata.id ?? 'TASK-ID'} grades a task without the terminal UI`);
    await requireTrust(catalog, choice.offline !== undefined, io, options.yes === true);
    const environment = await openEnvironment(choice, { ...liveOptionsFor(io), workers: workersNeeded(tasks.map((t) => t.task)) });
    const here = await drillableHere(tasks, index, environment, io);
    await runDrill(here.tasks, here.index, environment, io);
    return 0;
  },
};
