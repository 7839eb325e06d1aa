import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Environment } from '../environments/types.js';
import type { LoadedTask, Task } from '../models/index.js';
import type { CommandIO } from '../system/io.js';
import { ckaCatalog, ckaProfile, fakeGrade, fakeWorld } from '../../test/ui/fixtures.js';
import { drawExam } from './exam-draw.js';
import { openAttemptResults, resultsFromAttempt, reviewAttempt } from './exam-review.js';
import { computeResults, createExamState, moveTo, toggleFlag } from './exam-session.js';
import { storePaths } from './exam-store.js';
import { appendHistory, examAttempt, type ExamAttempt } from './history.js';

const ui = vi.hoisted(() => ({ renderResults: vi.fn() }));
const drills = vi.hoisted(() => ({ runDrill: vi.fn(), drillableHere: vi.fn() }));
vi.mock('../ui/index.js', () => ui);
vi.mock('./drill-start.js', () => drills);

const MIN = 60_000;

/** A graded CKA attempt: the first task solved after 4 minutes and flagged, the others left. */
async function gradedAttempt(): Promise<{ attempt: ExamAttempt; catalog: LoadedTask[] }> {
  const catalog = ckaCatalog(4);
  const tasks = new Map<string, Task>(catalog.map((t) => [t.task.metadata.id, t.task]));
  const start = createExamState(drawExam(ckaProfile, catalog, { seed: 7 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: 0 });
  const state = { ...moveTo(toggleFlag(start), 1, 4 * MIN), phase: 'finished' as const, endedBy: 'submit' as const, endedAt: 10 * MIN };
  const reports = new Map();
  for (const [i, t] of state.tasks.entries()) {
    const world = fakeWorld(t.id);
    if (i === 0) for (const step of tasks.get(t.id)!.solution) await world.runStep(step);
    reports.set(t.id, await fakeGrade(tasks.get(t.id)!, world));
  }
  return { attempt: examAttempt({ ...state, results: computeResults(state, reports) }, () => []), catalog };
}

function testIO(home: string): CommandIO & { errors: () => string } {
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (chunk) => (errors += String(chunk)));
  return { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 20 * MIN, errors: () => errors };
}

beforeEach(() => {
  ui.renderResults.mockReset();
  drills.runDrill.mockReset();
  drills.drillableHere.mockReset().mockImplementation(async (tasks: LoadedTask[], index: number) => ({ tasks, index }));
});

describe('exam results from the history', () => {
  it('Given a recorded attempt, When its results are rebuilt, Then scores, titles, flags, time per task and domain and each check in a few words come back', async () => {
    const { attempt } = await gradedAttempt();
    const results = resultsFromAttempt(attempt);
    const [first, second] = results.tasks;
    expect(results).toMatchObject({ recorded: true, verdict: 'fail', earned: 3, usedMs: 10 * MIN, ungraded: 0 });
    expect(first).toMatchObject({ id: attempt.tasks[0]?.id, title: attempt.tasks[0]?.title, flagged: true, earned: 3, possible: 3, spentMs: 4 * MIN });
    expect(second?.report.checks[0]).toMatchObject({ id: 'first', status: 'failed', earned: 0, points: 2, summary: 'first is not there yet' });
    const domain = results.domains.find((d) => d.id === first?.domain);
    expect(domain?.spentMs).toBe(4 * MIN);
  });

  it('Given a line written before results could be reopened, When opened by attempt id, Then the catalog names its tasks and the scores are kept', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-review-'));
    const { attempt } = await gradedAttempt();
    const old: ExamAttempt = { ...attempt, tasks: attempt.tasks.map(({ title: _t, flagged: _f, checks: _c, ...rest }) => rest) };
    delete old.ungraded;
    const file = storePaths({ KUBEDRILL_HOME: home }).history;
    await appendHistory(file, old);
    const opened = await openAttemptResults(file, attempt.attemptId, (id) => `Catalog title of ${id}`);
    expect(opened?.results.tasks[0]).toMatchObject({ title: `Catalog title of ${attempt.tasks[0]?.id}`, flagged: false, earned: 3 });
    expect(opened?.results.tasks[0]?.report.checks).toEqual([]);
    expect(await openAttemptResults(file, 'no-such-attempt')).toBeUndefined();
  });

  it('Given the results reopened from History, When the learner retries the missed tasks, Then a drill runs over them in exam order; tasks gone from the packs are named', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-review-'));
    const io = testIO(home);
    const { attempt, catalog } = await gradedAttempt();
    await appendHistory(storePaths(io.env).history, attempt);
    const missed = attempt.tasks.slice(1).map((t) => t.id);
    ui.renderResults.mockResolvedValue({ kind: 'retry', taskIds: [...missed, 'cka/gone'] });
    const environment = { kind: 'offline' } as Environment;
    expect(await reviewAttempt(attempt.attemptId, { catalog: { tasks: catalog }, environment: async () => environment }, io)).toBe(true);
    expect(ui.renderResults.mock.calls[0]?.[0]).toMatchObject({ exam: 'CKA', finishedAt: 10 * MIN, results: { recorded: true } });
    expect(drills.runDrill).toHaveBeenCalledTimes(1);
    const [tasks, index, env] = drills.runDrill.mock.calls[0] as [LoadedTask[], number, Environment];
    expect(tasks.map((t) => t.task.metadata.id)).toEqual(missed);
    expect([index, env]).toEqual([0, environment]);
    expect(io.errors()).toContain('note: cka/gone is no longer in the packs; it is left out of the drill');
  });

  it('Given the results reopened and closed, When done, Then no environment is opened and no drill runs', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-review-'));
    const io = testIO(home);
    const { attempt, catalog } = await gradedAttempt();
    await appendHistory(storePaths(io.env).history, attempt);
    ui.renderResults.mockResolvedValue({ kind: 'done' });
    const environment = vi.fn();
    expect(await reviewAttempt(attempt.attemptId, { catalog: { tasks: catalog }, environment }, io)).toBe(true);
    expect(await reviewAttempt('unknown', { catalog: { tasks: catalog }, environment }, io)).toBe(false);
    expect(environment).not.toHaveBeenCalled();
    expect(drills.runDrill).not.toHaveBeenCalled();
  });
});
