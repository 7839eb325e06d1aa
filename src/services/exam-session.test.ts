import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Task } from '../models/index.js';
import { drawExam } from './exam-draw.js';
import { computeResults, createExamState, ExamSession, missedTaskIds, moveTo, NOTES_MAX, setNotes, submitWarnings, tick, toggleAnswered, toggleFlag, type ExamState } from './exam-session.js';
import { ExamStore } from './exam-store.js';
import { ckaCatalog, ckaProfile, fakeGrade, fakeWorld, manualClock, type FakeWorld } from '../../test/ui/fixtures.js';

const MIN = 60_000;

function setup(now = 0) {
  const catalog = ckaCatalog(4);
  const draw = drawExam(ckaProfile, catalog, { seed: 11 });
  const state = createExamState(draw, ckaProfile, { practice: false, source: { packDirs: [] }, now });
  const tasks = new Map<string, Task>(catalog.map((t) => [t.task.metadata.id, t.task]));
  return { state, tasks };
}

describe('exam state', () => {
  it('Given a new exam, When created, Then the deadline is the profile duration and only the first task is visited', () => {
    const { state } = setup(1000);
    expect(state.deadline - state.startedAt).toBe(120 * MIN);
    expect(state.tasks[0]?.visited).toBe(true);
    expect(state.tasks.slice(1).some((t) => t.visited)).toBe(false);
  });

  it('Given time on a task, When moving away, Then the time is booked on it and the target is visited', () => {
    const { state } = setup(0);
    const moved = moveTo(state, 3, 5 * MIN);
    expect(moved.tasks[0]?.spentMs).toBe(5 * MIN);
    expect(moved.tasks[3]?.visited).toBe(true);
    expect(moved.current).toBe(3);
    const back = moveTo(moved, 0, 7 * MIN);
    expect(back.tasks[3]?.spentMs).toBe(2 * MIN);
  });

  it('Given a task, When flagged twice, Then the flag toggles', () => {
    const { state } = setup();
    expect(toggleFlag(state).tasks[0]?.flagged).toBe(true);
    expect(toggleFlag(toggleFlag(state)).tasks[0]?.flagged).toBe(false);
  });

  it('Given a task, When marked answered twice and given notes, Then the mark toggles and the notes are one trimmed line, capped', () => {
    const { state } = setup();
    expect(toggleAnswered(state).tasks[0]?.answered).toBe(true);
    expect(toggleAnswered(toggleAnswered(state)).tasks[0]?.answered).toBe(false);
    expect(setNotes(state, '  check\n the   pv ').tasks[0]?.notes).toBe('check the pv');
    expect(setNotes(state, 'x'.repeat(NOTES_MAX + 50)).tasks[0]?.notes).toHaveLength(NOTES_MAX);
    expect(setNotes(state, '')).toBe(state);
  });

  it('Given flagged and never opened tasks, When a submit asks what to warn about, Then their numbers come back', () => {
    const { state } = setup(0);
    const flagged = toggleFlag(moveTo(toggleFlag(state), 2, 1));
    expect(submitWarnings(flagged)).toEqual({ flagged: [1, 3], unopened: flagged.tasks.flatMap((_, i) => (i === 0 || i === 2 ? [] : [i + 1])) });
  });

  it('Given the clock passes 30, 10 and 5 minutes left, When ticking, Then each warning comes once', () => {
    let { state } = setup(0);
    const warnings: (number | undefined)[] = [];
    for (const left of [31, 30, 29, 10, 9, 5, 4]) {
      const result = tick(state, state.deadline - left * MIN);
      state = result.state;
      warnings.push(result.warning);
    }
    expect(warnings).toEqual([undefined, 30, undefined, 10, undefined, 5, undefined]);
    expect(tick(state, state.deadline).timedOut).toBe(true);
  });

  it('Given a resumed exam with 7 minutes left, When ticking, Then one warning (10) is given, not three', () => {
    const { state } = setup(0);
    const result = tick(state, state.deadline - 7 * MIN);
    expect(result.warning).toBe(10);
    expect(result.state.warningsGiven.sort()).toEqual([10, 30]);
  });

  it('Given reports, When results are computed, Then domains come weakest first and percent is against possible', () => {
    const { state, tasks } = setup(0);
    const reports = new Map(
      state.tasks.map((t) => {
        const world = fakeWorld(t.id);
        // Troubleshooting fully solved, everything else left as set up.
        if (t.domain === 'troubleshooting') tasks.get(t.id)?.solution.forEach((s) => 'apply' in s && world.state.add(s.apply));
        return [t.id, world] as const;
      }),
    );
    const graded = new Map<string, Awaited<ReturnType<typeof fakeGrade>>>();
    return Promise.all([...reports].map(async ([id, world]) => graded.set(id, await fakeGrade(tasks.get(id) as Task, world)))).then(() => {
      const results = computeResults({ ...state, endedAt: 60 * MIN }, graded);
      expect(results.domains.at(-1)?.id).toBe('troubleshooting');
      expect(results.domains.at(-1)?.percent).toBe(100);
      expect(results.domains[0]?.percent).toBe(0);
      const trouble = state.tasks.filter((t) => t.domain === 'troubleshooting').length;
      expect(results.earned).toBe(trouble * 3);
      expect(results.passed).toBe(false);
      expect(results.verdict).toBe('fail');
      expect(results.usedMs).toBe(60 * MIN);
      // Only the solved domain is at full marks: every other task is to retry.
      expect(missedTaskIds(results)).toEqual(state.tasks.filter((t) => t.domain !== 'troubleshooting').map((t) => t.id));
    });
  });

  it('Given time spent on tasks, When results are computed, Then each domain has the time of its tasks', async () => {
    const { state, tasks } = setup(0);
    const [a, b] = state.tasks;
    const spent = { ...moveTo(moveTo(state, 1, 3 * MIN), 0, 5 * MIN), endedAt: 6 * MIN };
    const graded = new Map<string, Awaited<ReturnType<typeof fakeGrade>>>();
    for (const t of state.tasks) graded.set(t.id, await fakeGrade(tasks.get(t.id) as Task, fakeWorld(t.id)));
    const results = computeResults(spent, graded);
    const domainOf = (id: string | undefined) => results.domains.find((d) => d.id === id)?.spentMs;
    if (a?.domain === b?.domain) expect(domainOf(a?.domain)).toBe(5 * MIN);
    else {
      expect(domainOf(a?.domain)).toBe(3 * MIN);
      expect(domainOf(b?.domain)).toBe(2 * MIN);
    }
  });

  it('Given full marks but one check that could not be graded, When results are computed, Then the verdict is incomplete, never PASS, with the reason', async () => {
    const { state, tasks } = setup(0);
    const graded = new Map<string, Awaited<ReturnType<typeof fakeGrade>>>();
    for (const t of state.tasks) {
      const world = fakeWorld(t.id);
      tasks.get(t.id)?.solution.forEach((s) => 'apply' in s && world.state.add(s.apply));
      graded.set(t.id, await fakeGrade(tasks.get(t.id) as Task, world));
    }
    const complete = computeResults({ ...state, endedAt: MIN }, graded);
    expect(complete).toMatchObject({ percent: 100, verdict: 'pass', passed: true });

    const [first] = state.tasks;
    const report = graded.get(first?.id ?? '');
    if (!report) throw new Error('no report');
    const unsupportedCheck = { id: 'probe', type: 'connectivity', status: 'unsupported' as const, points: 2, earned: 0, reason: 'needs pod-exec', durationMs: 0 };
    graded.set(first?.id ?? '', { ...report, checks: [...report.checks, unsupportedCheck], ungraded: 2 });
    const incomplete = computeResults({ ...state, endedAt: MIN }, graded);
    expect(incomplete).toMatchObject({ percent: 100, verdict: 'incomplete', passed: false });
    expect(incomplete.incompleteReason).toMatch(/^1 task had checks that could not be graded here \(needs pod-exec\)$/);
  });
});

/** The saved exam once `ready` holds for it (saves are asynchronous), or the last one read after 3 s. */
async function savedWhen(store: ExamStore, ready: (state: ExamState) => boolean): Promise<ExamState | undefined> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const saved = await store.load();
    if ((saved && ready(saved)) || Date.now() > deadline) return saved;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ExamSession', () => {
  async function session(clock = manualClock(0), signal?: AbortSignal) {
    const { state, tasks } = setup(clock.now());
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-exam-'));
    const store = new ExamStore(join(dir, 'current.json'));
    const worlds = new Map<string, FakeWorld>();
    const world = async (id: string) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!;
    let finished: ExamState | undefined;
    const exam = new ExamSession(state, {
      now: clock.now,
      tasks,
      world,
      grade: fakeGrade,
      save: (s) => store.save(s),
      onFinished: async (s) => void (finished = s),
      ...(signal ? { signal } : {}),
    });
    return { exam, store, clock, tasks, world, finished: () => finished };
  }

  it('Given tasks on three clusters, When the exam is submitted, Then each cluster grades its tasks one at a time while the clusters grade side by side, and every task gets its report', async () => {
    const { state, tasks } = setup(0);
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-exam-'));
    const clusterOf = (id: string) => (['kubedrill', 'kubedrill-lab1', 'kubedrill-lab2'] as const)[state.tasks.findIndex((t) => t.id === id) % 3];
    const running = new Map<string, number>();
    let most = 0;
    const worlds = new Map<string, FakeWorld>();
    const exam = new ExamSession(state, {
      now: () => 0,
      tasks,
      world: async (id) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!,
      grade: async (task, world) => {
        const cluster = clusterOf(task.metadata.id) ?? '';
        running.set(cluster, (running.get(cluster) ?? 0) + 1);
        expect(running.get(cluster), `two tasks of ${cluster} graded at once`).toBe(1);
        most = Math.max(most, [...running.values()].filter((n) => n > 0).length);
        await new Promise((r) => setTimeout(r, 5));
        running.set(cluster, (running.get(cluster) ?? 1) - 1);
        return fakeGrade(task, world);
      },
      clusterOf: (id) => (clusterOf(id) === 'kubedrill' ? undefined : clusterOf(id)),
      save: (s) => new ExamStore(join(dir, 'current.json')).save(s),
    });
    await exam.finish('submit');
    const results = exam.getSnapshot().state.results;
    expect(results?.tasks.map((t) => t.id)).toEqual(state.tasks.map((t) => t.id));
    expect(most).toBe(3);
  });

  it('Given actions, When each happens, Then the saved state has it (flags and visits survive a crash)', async () => {
    const { exam, store, clock } = await session();
    clock.advance(2 * MIN);
    exam.move(2);
    exam.flag();
    const saved = await savedWhen(store, (s) => s.tasks[2]?.flagged === true);
    expect(saved?.current).toBe(2);
    expect(saved?.tasks[2]?.flagged).toBe(true);
    expect(saved?.tasks[2]?.visited).toBe(true);
    expect(saved?.tasks[0]?.spentMs).toBe(2 * MIN);
  });

  it('Given an interrupt, When the exam is being graded, Then grading stops and the exam stays saved as grading, never finished with cancelled checks', async () => {
    const interrupt = new AbortController();
    const { exam, store, clock, finished } = await session(manualClock(0), interrupt.signal);
    interrupt.abort();
    clock.advance(121 * MIN);
    await exam.tick();
    expect((await savedWhen(store, (s) => s.phase !== 'running'))?.phase).toBe('grading');
    expect(exam.getSnapshot().state.phase).toBe('grading');
    expect(finished()).toBeUndefined();
  });

  it('Given the deadline passes, When ticking, Then every task is graded and the exam finishes', async () => {
    const { exam, clock, tasks, world, finished } = await session();
    const first = exam.getSnapshot().state.tasks[0]!;
    for (const step of tasks.get(first.id)!.solution) await (await world(first.id)).runStep(step);
    clock.advance(121 * MIN);
    await exam.tick();
    const view = exam.getSnapshot();
    expect(view.state.phase).toBe('finished');
    expect(view.state.endedBy).toBe('timeout');
    expect(view.state.results?.tasks.find((t) => t.id === first.id)?.percent).toBe(100);
    expect(view.state.results?.tasks.filter((t) => t.percent === 0)).toHaveLength(view.state.tasks.length - 1);
    expect(finished()?.results).toBeDefined();
  });

  it('Given a task marked answered and notes, When saved, Then the state file has both', async () => {
    const { exam, store } = await session();
    exam.markAnswered();
    exam.saveNotes('come back to the pv');
    expect((await savedWhen(store, (s) => s.tasks[0]?.notes !== ''))?.tasks[0]).toMatchObject({ answered: true, notes: 'come back to the pv' });
  });

  it('Given not practice, When checking the current task, Then nothing is graded', async () => {
    const { exam } = await session();
    await exam.checkCurrent();
    expect(exam.getSnapshot().practiceReport).toBeUndefined();
  });
});
