import { resolve } from 'node:path';
import { openEnvironment, type EnvironmentChoice } from '../environments/index.js';
import type { Environment } from '../environments/types.js';
import { UserError, UsageError } from '../errors.js';
import type { Catalog } from '../packs/catalog.js';
import { drawExam, taskPoints } from '../services/exam-draw.js';
import { ExamStore, storePaths } from '../services/exam-store.js';
import { readHistory, summarizeHistory } from '../services/history.js';
import type { HomeData, HomeExam } from '../ui/index.js';
import type { ExamProfile } from '../models/index.js';
import { liveOptionsFor, parseArgv } from './options.js';
import { normalizeOfflineArg, prepareTerminal, resolveChoice, SESSION_OPTIONS } from './session-args.js';
import { requireTrust } from './trust-gate.js';
import type { Command, CommandIO } from './types.js';

const usage = '[--pack DIR]… [--yes] [--offline [DIR] | --context NAME | --cluster NAME] [--debug FILE]';

/** An exam profile as the home menu shows it. */
function homeExam(p: Pick<ExamProfile, 'exam' | 'title' | 'durationMinutes' | 'tasks' | 'passPercent'>): HomeExam {
  return { exam: p.exam, title: p.title, durationMinutes: p.durationMinutes, tasks: `${p.tasks.min}–${p.tasks.max}`, passPercent: p.passPercent };
}

/** What the home screen lists, from the catalog and the history file. */
export async function homeData(catalog: Catalog, offline: boolean, io: CommandIO): Promise<HomeData> {
  const [{ formatProblem }, { preparable }] = await Promise.all([import('../packs/problem.js'), import('./drill.js')]);
  const history = summarizeHistory(await readHistory(storePaths(io.env).history));
  const packs = new Map<string, number>();
  for (const t of catalog.tasks) packs.set(t.packId, (packs.get(t.packId) ?? 0) + 1);
  return {
    tasks: catalog.tasks.map(({ task }) => ({
      id: task.metadata.id,
      title: task.metadata.title,
      exams: [...task.metadata.exams],
      domain: task.metadata.domain,
      tags: [...task.metadata.tags],
      minutes: task.metadata.minutes,
      difficulty: task.metadata.difficulty,
      points: taskPoints(task),
      available: !offline || preparable(task, { kind: 'offline' }),
    })),
    packs: [...packs].map(([id, tasks]) => ({ id, tasks })),
    problems: catalog.problems.map(formatProblem),
    exams: catalog.profiles.map(homeExam),
    history,
  };
}

const describeChoice = (choice: EnvironmentChoice): string =>
  choice.offline !== undefined
    ? `offline workspace ${choice.offline}`
    : choice.context !== undefined
      ? `context ${choice.context} (live)`
      : `kind cluster ${choice.cluster ?? 'kubedrill'} (live; created when a task needs it)`;

/** `kubedrill` with no command: the home screen, and whatever the learner opens from it. */
export const homeCommand: Command = {
  name: 'home',
  summary: 'Open the home screen: mock exams, drills, packs, history',
  usage,
  async run(args, io) {
    // No zod schema here (session-args.ts says why): node's parser types every option.
    const { values: options, positionals } = parseArgv(normalizeOfflineArg(args, io.cwd), SESSION_OPTIONS, usage);
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`, [`usage: kubedrill ${usage}`]);
    prepareTerminal(io, 'kubedrill --help lists the commands for scripts (list, check, exam --plan --json, history --json)');
    const choice = await resolveChoice(options, io);
    const packDirs = options.pack.map((dir) => resolve(io.cwd, dir));
    const offline = choice.offline !== undefined;
    const ui = await import('../ui/index.js');
    let catalog: Promise<Catalog> | undefined;
    // Packs and checkers load after the first frame is drawn (the screen shows "loading packs…").
    const loadOnce = () =>
      (catalog ??= Promise.all([import('../packs/catalog.js'), import('../../checkers/index.js')]).then(([{ loadCatalog }, { CHECKERS }]) =>
        loadCatalog({ packDirs, includeBuiltin: true, checkers: CHECKERS }),
      ));
    // The built-in exam profiles alone, for the menu's first entries long before packs load.
    const loadExams = () => import('../packs/profile-preview.js').then(async ({ previewBuiltinProfiles }) => (await previewBuiltinProfiles()).map(homeExam));
    let environment: Promise<Environment> | undefined;
    const env = () => (environment ??= openEnvironment(choice, liveOptionsFor(io)));
    for (;;) {
      const pick = await ui.renderHome({ io, environment: describeChoice(choice), loadExams, load: async () => homeData(await loadOnce(), offline, io) });
      if (pick.kind === 'quit') return 0;
      const loaded = await loadOnce();
      await requireTrust(loaded, offline, io, options.yes === true);
      const { drillableHere, examEligibility, runDrill } = await import('./drill.js');
      if (pick.kind === 'drill') {
        const tasks = pick.taskIds.map((id) => loaded.tasks.find((t) => t.task.metadata.id === id)).filter((t) => t !== undefined);
        const here = await drillableHere(tasks, pick.index, await env(), io);
        await runDrill(here.tasks, here.index, await env(), io);
        continue;
      }
      if (await new ExamStore(storePaths(io.env).currentExam).load()) {
        throw new UserError('an exam is in progress', ['kubedrill exam --resume continues it', `kubedrill exam ${pick.exam.toLowerCase()} --new discards it`]);
      }
      const { profileFor, startExam } = await import('./exam.js');
      const profile = profileFor(loaded, pick.exam);
      const seed = (io.now() ^ 0x5bd1e995) >>> 0;
      const environmentNow = await env();
      const draw = drawExam(profile, loaded.tasks, { seed, eligible: await examEligibility(environmentNow) });
      await startExam(loaded, draw, profile, environmentNow, { ...choice, packDirs }, false, io);
    }
  },
};
