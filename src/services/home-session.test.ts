import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandIO } from '../system/io.js';
import type { HomeScreenProps } from '../ui/home/home-screen.js';
import type { HomeChoice } from '../ui/index.js';
import { ckaProfile } from '../../test/ui/fixtures.js';
import { createExamState } from './exam-state.js';
import { ExamStore, storePaths } from './exam-store.js';
import { describeChoice, runHome } from './home-session.js';

type Shown = Omit<HomeScreenProps, 'columns' | 'rows' | 'onChoice'>;

// The screens are scripted: each home screen is recorded and answers with the test's next pick;
// the drill screen closes at once. Exams are only recorded: their own tests run them.
const ui = vi.hoisted(() => ({
  homes: [] as Shown[],
  pick: (async () => ({ kind: 'quit' })) as (shown: Shown, n: number) => Promise<HomeChoice>,
  drills: 0,
}));
vi.mock('../ui/index.js', () => ({
  renderHome: async (shown: Shown) => {
    ui.homes.push(shown);
    return ui.pick(shown, ui.homes.length - 1);
  },
  renderDrill: async () => void (ui.drills += 1),
}));
const exams = vi.hoisted(() => ({ started: [] as unknown[][], resumed: [] as unknown[][] }));
const reviews = vi.hoisted(() => ({ opened: [] as string[], known: new Set<string>() }));
vi.mock('./exam-review.js', () => ({
  reviewAttempt: async (attemptId: string) => (reviews.opened.push(attemptId), reviews.known.has(attemptId)),
}));
vi.mock('./exam-start.js', () => ({
  refuseWhileInProgress: async () => undefined,
  drawAndStartExam: async (...args: unknown[]) => (exams.started.push(args), 0),
  takeExam: async (...args: unknown[]) => (exams.resumed.push(args), 0),
}));

beforeEach(() => {
  ui.homes.length = 0;
  ui.drills = 0;
  exams.started.length = 0;
  exams.resumed.length = 0;
});

const tty = () => Object.assign(new PassThrough(), { isTTY: true });

/** A machine with an empty PATH (no Docker, no kind) and its own data directory. */
async function machine(): Promise<{ io: CommandIO; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'kubedrill-home-session-'));
  const bin = await mkdtemp(join(tmpdir(), 'kubedrill-empty-bin-'));
  const io: CommandIO = { stdout: tty(), stderr: new PassThrough(), stdin: tty(), env: { KUBEDRILL_HOME: home, PATH: bin }, cwd: home, signal: new AbortController().signal, now: () => Date.UTC(2026, 0, 1, 9) };
  return { io, home };
}

describe('runHome', () => {
  it('Given no kind on PATH, When home opens, Then it says so with the fix, offers offline practice, and a pick of it makes drills run offline', async () => {
    const { io, home } = await machine();
    let offlineTask = '';
    ui.pick = async (shown, n) => {
      if (n === 0) return { kind: 'offline' };
      if (n === 1) {
        const data = await shown.load();
        offlineTask = data.tasks.find((t) => t.available)?.id ?? '';
        return { kind: 'drill', taskIds: [offlineTask], index: 0 };
      }
      return { kind: 'quit' };
    };
    expect(await runHome({ pack: [] }, io)).toBe(0);
    const [live, offline] = ui.homes;
    expect(live?.environment).toBe('kind cluster kubedrill (live)');
    const check = await live?.checkLive?.();
    expect(check?.environment).toBe('kind cluster kubedrill (live; cannot start here: docker and kind not installed)');
    expect(check?.problem).toMatch(/^Docker and kind are not installed, so live tasks cannot run here: install Docker/);
    const data = await live!.load();
    expect(data.offlineTasks).toBeGreaterThan(0);
    expect(data.offlineTasks).toBeLessThan(data.tasks.length);
    expect(offline?.environment).toBe(`offline workspace ${join(home, 'workspace')}`);
    expect(offline?.checkLive).toBeUndefined();
    expect(offlineTask).not.toBe('');
    expect(ui.drills).toBe(1);
  });

  it('Given no kind on PATH, When a live drill is picked, Then home comes back with the problem and its fix, and kubedrill does not exit', async () => {
    const { io } = await machine();
    ui.pick = async (shown, n) => (n === 0 ? { kind: 'drill', taskIds: [(await shown.load()).tasks[0]!.id], index: 0 } : { kind: 'quit' });
    expect(await runHome({ pack: [] }, io)).toBe(0);
    expect(ui.homes).toHaveLength(2);
    expect(ui.homes[1]?.message).toMatch(/^kind is not installed → install kind ≥ 0\.24/);
    expect(ui.drills).toBe(0);
  });

  it('Given an exam saved in progress, When home loads, Then Resume has its exam and minutes left, and picking it resumes', async () => {
    const { io } = await machine();
    const now = io.now();
    const draw = { exam: 'CKA', seed: 1, durationMinutes: 120, passPercent: 66, target: 1, tasks: [{ id: 'cka/x', title: 'X', domain: 'storage', points: 5, minutes: 6 }] };
    const state = createExamState(draw as never, ckaProfile, { practice: true, source: { packDirs: [] }, now: now - 33 * 60_000 });
    await new ExamStore(storePaths(io.env).currentExam).save(state);
    ui.pick = async (shown, n) => (n === 0 ? (expect((await shown.load()).saved).toEqual({ exam: 'CKA', minutesLeft: 87, practice: true }), { kind: 'resume' }) : { kind: 'quit' });
    expect(await runHome({ pack: [] }, io)).toBe(0);
    expect(exams.resumed).toHaveLength(1);
    expect(exams.resumed[0]?.[1]).toMatchObject({ resume: true });
  });

  it('Given a practice exam confirmed on home, When it starts, Then the exam is drawn in practice mode', async () => {
    const { io } = await machine();
    ui.pick = async (_shown, n) => (n === 0 ? { kind: 'offline' } : n === 1 ? { kind: 'exam', exam: 'CKA', practice: true } : { kind: 'quit' });
    expect(await runHome({ pack: [] }, io)).toBe(0);
    expect(exams.started).toHaveLength(1);
    expect(exams.started[0]?.[4]).toEqual({ practice: true });
  });
});

describe('runHome: results from History', () => {
  it('Given an exam picked in History, When opened, Then its results show; an attempt gone from the file comes back as a message', async () => {
    const { io } = await machine();
    reviews.known = new Set(['a1']);
    ui.pick = async (_shown, n) => (n === 0 ? { kind: 'results', attemptId: 'a1' } : n === 1 ? { kind: 'results', attemptId: 'gone' } : { kind: 'quit' });
    expect(await runHome({ pack: [] }, io)).toBe(0);
    expect(reviews.opened).toEqual(['a1', 'gone']);
    expect(ui.homes[1]?.message).toBeUndefined();
    expect(ui.homes[2]?.message).toMatch(/no longer in the history file/);
  });
});

describe('describeChoice', () => {
  it('Given kind before and after the PATH lookup, When described, Then "created when a task needs it" only when kind can start', () => {
    expect(describeChoice({})).toBe('kind cluster kubedrill (live)');
    expect(describeChoice({}, [])).toBe('kind cluster kubedrill (live; created when a task needs it)');
    expect(describeChoice({ cluster: 'k' }, ['kind'])).toBe('kind cluster k (live; cannot start here: kind not installed)');
    expect(describeChoice({ context: 'prod' })).toBe('context prod (live)');
  });
});
