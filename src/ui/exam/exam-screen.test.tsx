import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../models/index.js';
import { drawExam } from '../../services/exam-draw.js';
import { createExamState, ExamSession, type ExamState } from '../../services/exam-session.js';
import { ExamStore } from '../../services/exam-store.js';
import { ExamScreen } from './exam-screen.js';
import { ckaCatalog, ckaProfile, fakeExpand, fakeGrade, fakeWorld, manualClock, settle, waitFor, type FakeWorld } from '../../../test/ui/fixtures.js';

afterEach(() => cleanup());
const MIN = 60_000;

async function mount(options: { practice?: boolean; state?: ExamState; clock?: ReturnType<typeof manualClock>; dir?: string } = {}) {
  const clock = options.clock ?? manualClock(0);
  const catalog = ckaCatalog(4);
  const tasks = new Map<string, Task>(catalog.map((t) => [t.task.metadata.id, t.task]));
  const state = options.state ?? createExamState(drawExam(ckaProfile, catalog, { seed: 5 }), ckaProfile, { practice: options.practice ?? false, source: { packDirs: [] }, now: clock.now() });
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kubedrill-exam-ui-')));
  const store = new ExamStore(join(dir, 'current.json'));
  const worlds = new Map<string, FakeWorld>();
  const world = async (id: string) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!;
  const session = new ExamSession(state, { now: clock.now, tasks, world, grade: fakeGrade, save: (s) => store.save(s) });
  let left: string | undefined;
  let retried: string[] | undefined;
  const ui = render(<ExamScreen session={session} expand={fakeExpand} columns={80} rows={24} tickMs={20} onLeave={(r) => (left = r)} onRetry={(ids) => (retried = ids)} />);
  const frame = () => ui.lastFrame() ?? '';
  return { ui, frame, clock, session, store, dir, tasks, world, left: () => left, retried: () => retried };
}

const PAGE_DOWN = '\u001B[6~';

/** Submits from the task view: s, then y once the question (with its warnings) shows. */
async function submit(ui: { stdin: { write: (s: string) => void } }, frame: () => string): Promise<void> {
  ui.stdin.write('s');
  await waitFor(() => /submit anyway\?|Submit and grade all/.test(frame()), frame);
  ui.stdin.write('y');
  await waitFor(() => frame().includes('results'), frame);
}

/** Pages down the results until `text` shows. */
async function pageTo(ui: { stdin: { write: (s: string) => void } }, frame: () => string, text: string): Promise<void> {
  for (let i = 0; i < 40 && !frame().includes(text); i++) {
    ui.stdin.write(PAGE_DOWN);
    await settle(20);
  }
  expect(frame()).toContain(text);
}

/** Polls the state file until it shows what the screen did (saves are asynchronous). */
async function savedWhen(store: ExamStore, predicate: (state: ExamState) => boolean): Promise<ExamState> {
  for (let i = 0; i < 200; i++) {
    const state = await store.load();
    if (state && predicate(state)) return state;
    await settle(15);
  }
  throw new Error(`the state file never matched: ${JSON.stringify(await store.load())?.slice(0, 400)}`);
}

describe('ExamScreen', () => {
  it('Given an exam, When it opens, Then the countdown, the task list with weights and the statement show within 80 columns', async () => {
    const { frame, session } = await mount();
    const first = session.getSnapshot().state.tasks[0]!;
    await waitFor(() => frame().includes('/ws/answers/'), frame);
    expect(frame()).toContain('⏳ 2:00:00 left');
    expect(frame()).toContain(`▸ 1  ● ${String(first.points).padStart(2)}p`);
    expect(frame()).toContain('○');
    expect(frame()).toMatch(/n\/p task\s+f flag/);
    expect(frame()).not.toContain('c check');
    expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('Given n, f and p, When pressed, Then the task changes, is flagged and visited, and the state file has it', async () => {
    const { ui, frame, store } = await mount();
    await waitFor(() => frame().includes('task 1/'), frame);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('task 2/'), frame);
    ui.stdin.write('f');
    await waitFor(() => frame().includes('⚑ 1'), frame);
    ui.stdin.write('p');
    await waitFor(() => frame().includes('task 1/'), frame);
    const saved = await savedWhen(store, (s) => s.current === 0 && s.tasks[1]?.flagged === true);
    expect(saved?.tasks[1]).toMatchObject({ flagged: true, visited: true });
    expect(saved?.current).toBe(0);
  });

  it('Given the clock nears the end, When it ticks, Then the warnings show; at the deadline every task is graded', async () => {
    const { frame, clock } = await mount();
    await waitFor(() => frame().includes('task 1/'), frame);
    clock.advance(91 * MIN);
    await waitFor(() => frame().includes('⚠ 30 minutes left'), frame);
    clock.advance(24 * MIN);
    await waitFor(() => frame().includes('⚠ 5 minutes left'), frame);
    clock.advance(6 * MIN);
    await waitFor(() => frame().includes('results'), frame);
    expect(frame()).toContain('FAIL 0%');
    expect(frame()).toContain('Domains, weakest first');
  });

  it('Given solved tasks, When submitted with a confirm, Then the results show pass, points, time per task and evidence', async () => {
    const { ui, frame, session, tasks, world, clock } = await mount();
    for (const entry of session.getSnapshot().state.tasks) {
      const w = await world(entry.id);
      for (const step of tasks.get(entry.id)!.solution) await w.runStep(step);
    }
    await waitFor(() => frame().includes('task 1/'), frame);
    clock.advance(4 * MIN);
    await submit(ui, frame);
    expect(frame()).toContain('PASS 100%');
    expect(frame()).toContain('(pass mark 66%)');
    expect(frame()).toContain('time used 4 min 00 s');
    // Time per domain (the first task's) and per task, in words: "4:00" could be read as hours.
    expect(frame()).toMatch(/100% +\d+\/\d+ +4 min 00 s {2}\S/);
    expect(frame()).toMatch(/ {2}1 ✓ +3\/3 +4 min 00 s {2}Title of cka\//);
    await pageTo(ui, frame, '✓ first (2/2)');
  });

  it('Given a missed task whose solution has placeholders, When the results show it, Then the solution names the real paths', async () => {
    const { ui, frame, session, tasks } = await mount();
    const first = session.getSnapshot().state.tasks[0]!.id;
    tasks.get(first)!.solution = [{ apply: '# from {{answers}}' }];
    await waitFor(() => frame().includes('task 1/'), frame);
    await submit(ui, frame);
    await waitFor(() => session.getSnapshot().state.phase === 'finished', frame);
    await pageTo(ui, frame, `# from /ws/answers/${first.replaceAll('/', '__')}`);
    expect(frame()).not.toContain('{{answers}}');
  });

  it('Given practice mode, When c is pressed, Then the current task is graded without ending the exam', async () => {
    const { ui, frame } = await mount({ practice: true });
    await waitFor(() => frame().includes('c check'), frame);
    ui.stdin.write('c');
    await waitFor(() => frame().includes('Score 0/3'), frame);
    // During the exam a check says what is wrong, not the value it wants.
    expect(frame()).toContain('first is not there yet');
    expect(frame()).not.toContain('expected: first done');
    expect(frame()).toContain('task 1/');
  });

  it('Given a crash mid-exam, When a new session reads the saved state, Then the remaining time is deadline − now and flags survive', async () => {
    const clock = manualClock(0);
    const first = await mount({ clock });
    await waitFor(() => first.frame().includes('task 1/'), first.frame);
    first.ui.stdin.write('f');
    await waitFor(() => first.frame().includes('⚑ 1'), first.frame);
    first.ui.stdin.write('n');
    await waitFor(() => first.frame().includes('task 2/'), first.frame);
    await savedWhen(first.store, (s) => s.current === 1);
    first.ui.unmount(); // the terminal closes: nothing else is written
    clock.advance(47 * MIN + 30_000);
    const saved = (await first.store.load())!;
    const second = await mount({ clock, state: { ...saved, currentSince: clock.now() }, dir: first.dir });
    await waitFor(() => second.frame().includes('1:12:30 left'), second.frame);
    expect(second.frame()).toContain('task 2/');
    expect(second.frame()).toContain('⚑ 1');
    expect(second.frame()).toContain('visited 2');
  });

  it('Given q, When confirmed, Then the screen leaves and says the exam is kept', async () => {
    const { ui, frame, left } = await mount();
    await waitFor(() => frame().includes('task 1/'), frame);
    ui.stdin.write('q');
    await waitFor(() => frame().includes('kubedrill exam --resume continues'), frame);
    ui.stdin.write('y');
    await waitFor(() => left() === 'left', frame);
  });
  it('Given digits then ⏎, g and a number, or a pasted "12⏎", When typed, Then that task opens; a number out of range says so', async () => {
    const { ui, frame, session } = await mount();
    const total = session.getSnapshot().state.tasks.length;
    await waitFor(() => frame().includes('task 1/'), frame);
    ui.stdin.write('3');
    await waitFor(() => frame().includes(`Go to task (1–${total}): 3▌`), frame);
    ui.stdin.write('\r');
    await waitFor(() => frame().includes('task 3/'), frame);
    ui.stdin.write('g');
    await waitFor(() => frame().includes('Go to task'), frame);
    ui.stdin.write('2');
    await settle();
    ui.stdin.write('\r');
    await waitFor(() => frame().includes('task 2/'), frame);
    ui.stdin.write('12\r'); // keys that arrive together
    await waitFor(() => frame().includes('task 12/'), frame);
    ui.stdin.write('99\r');
    await waitFor(() => frame().includes(`no task 99 (1–${total})`), frame);
    expect(frame()).toContain('task 12/');
  });

  it('Given d, When pressed, Then the task is marked answered in the list, the header and the state file; the legend explains the marks', async () => {
    const { ui, frame, store } = await mount();
    await waitFor(() => frame().includes('task 1/'), frame);
    expect(frame()).toContain('✓ answered ● opened ○ new');
    ui.stdin.write('d');
    await waitFor(() => frame().includes('visited 1 · ⚑ 0 · ✓ 1'), frame);
    expect(frame()).toMatch(/▸ 1 {2}✓ +\d+p/);
    expect(frame()).toContain('Task 1 · 3 points · troubleshooting · ✓ answered');
    await savedWhen(store, (s) => s.tasks[0]?.answered === true);
  });

  it('Given a flagged task and tasks never opened, When submitting, Then the question names them, and any key but y keeps the exam running', async () => {
    const { ui, frame, session } = await mount();
    const total = session.getSnapshot().state.tasks.length;
    await waitFor(() => frame().includes('task 1/'), frame);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('task 2/'), frame);
    ui.stdin.write('f');
    await waitFor(() => frame().includes('⚑ 1'), frame);
    ui.stdin.write('s');
    await waitFor(() => frame().includes(`1 flagged: 2; ${total - 2} not opened: 3–${total} — submit anyway? yes / no`), frame);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('n/p task'), frame);
    expect(session.getSnapshot().state.phase).toBe('running');
  });

  it('Given m, typed notes and ⏎, When saved, Then they show under the title and a resumed exam still has them; Esc drops a draft', async () => {
    const clock = manualClock(0);
    const first = await mount({ clock });
    await waitFor(() => first.frame().includes('task 1/'), first.frame);
    first.ui.stdin.write('m');
    await waitFor(() => first.frame().includes('Notes for task 1:'), first.frame);
    first.ui.stdin.write('check the pv');
    await waitFor(() => first.frame().includes('Notes (editing): check the pv▌'), first.frame);
    first.ui.stdin.write('\u007F'); // Backspace
    await settle();
    first.ui.stdin.write('c first\r');
    await waitFor(() => first.frame().includes('Notes: check the pc first'), first.frame);
    first.ui.stdin.write('m');
    await waitFor(() => first.frame().includes('Notes (editing)'), first.frame);
    first.ui.stdin.write(' and more');
    await settle();
    first.ui.stdin.write('\u001B'); // Esc
    await waitFor(() => first.frame().includes('n/p task'), first.frame);
    expect(first.frame()).toContain('Notes: check the pc first');
    const saved = await savedWhen(first.store, (s) => s.tasks[0]?.notes === 'check the pc first');
    first.ui.unmount();
    const second = await mount({ clock, state: saved, dir: first.dir });
    await waitFor(() => second.frame().includes('Notes: check the pc first'), second.frame);
  });

  it('Given missed tasks, When r is pressed on the results, Then the screen resolves with the tasks below full marks, in exam order', async () => {
    const { ui, frame, session, tasks, world, retried } = await mount();
    const entries = session.getSnapshot().state.tasks;
    const solved = entries[1]!.id;
    for (const step of tasks.get(solved)!.solution) await (await world(solved)).runStep(step);
    await waitFor(() => frame().includes('task 1/'), frame);
    await submit(ui, frame);
    await waitFor(() => frame().includes(`r drill the ${entries.length - 1} missed tasks`), frame);
    ui.stdin.write('r');
    await waitFor(() => retried() !== undefined, frame);
    expect(retried()).toEqual(entries.filter((e) => e.id !== solved).map((e) => e.id));
  });
});
