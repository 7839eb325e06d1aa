import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeHistory, type ExamAttempt } from '../../services/history.js';
import { formatLocalTime } from '../../text/local-time.js';
import { ThemeContext } from '../theme.js';
import { HomeScreen, type HomeScreenProps } from './home-screen.js';
import type { HomeChoice, HomeData } from './home-types.js';
import { settle, waitFor } from '../../../test/ui/fixtures.js';
import { CONTROL, HOSTILE } from '../../../test/text/hostile-text.js';

afterEach(() => cleanup());

const task = (id: string, domain: string, tags: string[], exams: HomeData['tasks'][number]['exams'] = ['CKA'], available = true) => ({
  id, title: `Title ${id}`, exams, domain, tags, minutes: 6, points: 5, difficulty: 'core', available,
});

const exam = (id: string) => ({ exam: id, title: `Certified ${id}`, durationMinutes: 120, tasks: '15–20', passPercent: 66 });

const data: HomeData = {
  tasks: [
    task('cka/netpol-deny', 'services-networking', ['network-policy']),
    task('cka/etcd-snapshot', 'cluster-architecture', ['etcd'], ['CKA'], false),
    task('ckad/probes', 'observability-maintenance', ['probes'], ['CKAD']),
    task('cks/netpol-dns', 'cluster-setup', ['network-policy'], ['CKS']),
  ],
  offlineTasks: 3,
  packs: [{ id: 'cka', tasks: 2 }, { id: 'ckad', tasks: 1 }],
  problems: ['/p/task.yaml:3:1: metadata.id: expected lowercase'],
  exams: [{ exam: 'CKA', title: 'Certified Kubernetes Administrator', durationMinutes: 120, tasks: '15–20', passPercent: 66 }],
  domainTitles: { 'services-networking': 'Services & Networking', 'cluster-architecture': 'Cluster Architecture' },
  history: summarizeHistory([
    { formatVersion: 1, kind: 'drill', at: 1, exams: ['CKA'], percent: 25, task: { id: 'cka/netpol-deny', domain: 'services-networking', tags: ['network-policy', 'answers'], earned: 1, possible: 4, spentMs: 1 } },
  ]),
};

type Extra = Partial<Pick<HomeScreenProps, 'checkLive' | 'message' | 'columns' | 'rows'>>;

function mount(color = false, home: HomeData = data, environment = 'offline workspace /ws', extra: Extra = {}) {
  const choices: HomeChoice[] = [];
  const ui = render(
    <ThemeContext.Provider value={{ color }}>
      <HomeScreen load={async () => home} environment={environment} columns={80} rows={24} {...extra} onChoice={(c) => choices.push(c)} />
    </ThemeContext.Provider>,
  );
  const frame = () => ui.lastFrame() ?? '';
  return { ui, frame, choices };
}

const down = '\u001B[B';
const enter = '\r';
const escape = '\u001B';

describe('HomeScreen', () => {
  it('Given packs load, When the home screen shows, Then the menu, environment and help bar are there', async () => {
    const { frame } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    expect(frame()).toContain('▸ Mock exam CKA');
    expect(frame()).toContain('120 min · 15–20 tasks · pass 66% · mock or practice');
    expect(frame()).toContain('offline workspace /ws');
    expect(frame()).toMatch(/↑↓ move\s+⏎ open\s+\? keys\s+q quit/);
  });

  it('Given packs still loading, When the first frame shows, Then one mock-exam placeholder stands for the exams and Enter on it chooses nothing', async () => {
    const choices: HomeChoice[] = [];
    const ui = render(<HomeScreen load={() => new Promise<HomeData>(() => undefined)} environment="x" columns={80} rows={24} onChoice={(c) => choices.push(c)} />);
    const frame = () => ui.lastFrame() ?? '';
    await waitFor(() => frame().includes('loading exam profiles'), frame);
    expect(frame()).toContain('▸ Mock exam');
    ui.stdin.write(enter);
    await settle(30);
    expect(choices).toEqual([]);
  });

  it('Given the menu, When Enter on an exam, Then it asks first (title, duration, when the clock starts) and y starts the mock exam', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Start the CKA mock exam?'), frame);
    expect(frame()).toContain('Certified Kubernetes Administrator · 120 min');
    expect(frame()).toContain('The clock starts when the tasks are set up');
    expect(frame()).toMatch(/y ⏎ start\s+Tab mock \/ practice\s+n Esc back/);
    await settle(30);
    expect(choices).toEqual([]);
    ui.stdin.write('y');
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'exam', exam: 'CKA', practice: false });
  });

  it('Given the question before an exam, When Tab then Enter, Then the practice exam starts, and the question said so', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Start the CKA mock exam?'), frame);
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('Start the CKA practice exam?'), frame);
    expect(frame()).toContain('▸ practice exam');
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'exam', exam: 'CKA', practice: true });
  });

  it('Given the question before an exam, When Esc or n, Then home is back and no exam was chosen', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Start the CKA mock exam?'), frame);
    ui.stdin.write(escape);
    await waitFor(() => frame().includes('▸ Mock exam CKA'), frame);
    expect(frame()).not.toContain('Start the CKA');
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Start the CKA mock exam?'), frame);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('▸ Mock exam CKA'), frame);
    await settle(30);
    expect(choices).toEqual([]);
  });

  it('Given ↓↓↓⏎ arriving as one chunk (fast typing, paste, ssh), When handled, Then the fourth entry opens', async () => {
    const { ui, frame, choices } = mount(false, { ...data, exams: ['CKA', 'CKAD', 'CKS'].map(exam) });
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(`${down}${down}${down}${enter}`);
    await waitFor(() => frame().includes('kubedrill › Drill'), frame);
    expect(choices).toEqual([]);
  });

  it('Given the menu, When Esc is pressed again and again, Then kubedrill stays on home; q quits', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    for (let i = 0; i < 3; i++) {
      ui.stdin.write(escape);
      await settle(20);
    }
    expect(choices).toEqual([]);
    expect(frame()).toContain('▸ Mock exam CKA');
    ui.stdin.write('q');
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'quit' });
  });

  it('Given an exam saved in progress, When home shows, Then Resume comes first and Enter resumes it', async () => {
    const { ui, frame, choices } = mount(false, { ...data, saved: { exam: 'CKA', minutesLeft: 87, practice: false } });
    await waitFor(() => frame().includes('Resume exam'), frame);
    expect(frame()).toMatch(/▸ Resume exam\s+CKA, 87 min left/);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'resume' });
  });

  it('Given kind is not installed, When the live check answers, Then home says so with the fix and offers offline practice first, with its task count', async () => {
    const checkLive = async () => ({ environment: 'kind cluster kubedrill (live; cannot start here: kind not installed)', problem: 'kind is not installed, so live tasks cannot run here: install kind ≥ 0.24' });
    const { ui, frame, choices } = mount(false, data, 'kind cluster kubedrill (live)', { checkLive });
    await waitFor(() => frame().includes('browse 4 tasks') && frame().includes('Practise offline'), frame);
    expect(frame()).toContain('kind is not installed, so live tasks cannot run here: install kind ≥ 0.24');
    expect(frame()).toContain('cannot start here: kind not installed');
    expect(frame()).not.toContain('created when a task needs it');
    expect(frame()).toMatch(/▸ Practise offline\s+3 tasks, no cluster needed/);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'offline' });
  });

  it('Given a pick that failed, When home shows again, Then the message says what and how to fix it', async () => {
    const { frame } = mount(false, data, 'x', { message: 'kind is not installed → install kind ≥ 0.24' });
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    expect(frame()).toContain('kind is not installed → install kind ≥ 0.24');
  });

  it('Given the drill browser and three exam profiles, When typing a filter and cycling the exam, Then the list narrows by each loaded exam and Enter drills the matches', async () => {
    // Tab cycles the loaded exams (profiles), not a fixed list: three profiles, three mock-exam entries.
    const { ui, frame, choices } = mount(false, { ...data, exams: ['CKA', 'CKAD', 'CKS'].map(exam) });
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(`${down}${down}${down}`);
    await settle(30);
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Filter:'), frame);
    expect(frame()).toContain('live only');
    ui.stdin.write('netpol');
    await waitFor(() => frame().includes('2 tasks'), frame);
    expect(frame()).not.toContain('ckad/probes');
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('exam: CKA · 1 task'), frame);
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('exam: CKAD · 0 tasks'), frame);
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('exam: CKS · 1 task'), frame);
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('exam: all · 2 tasks'), frame);
    ui.stdin.write('\t\t\t');
    await waitFor(() => frame().includes('exam: CKS · 1 task'), frame);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'drill', taskIds: ['cks/netpol-dns'], index: 0 });
  });

  it('Given a typed filter in the drill browser, When Esc, Then the filter clears first and the next Esc returns to the menu', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(`${down}${enter}`);
    await waitFor(() => frame().includes('Filter:'), frame);
    ui.stdin.write('probes');
    await waitFor(() => frame().includes('1 task'), frame);
    ui.stdin.write(escape);
    await waitFor(() => frame().includes('4 tasks'), frame);
    expect(frame()).toContain('kubedrill › Drill');
    ui.stdin.write(escape);
    await waitFor(() => frame().includes('▸ Drill'), frame);
    expect(choices).toEqual([]);
  });

  it('Given many tasks and a wide terminal, When browsing, Then columns line up, titles are whole and the position shows', async () => {
    const long = 'Let a service account exec and port-forward into pods, nothing more';
    const tasks = Array.from({ length: 30 }, (_, i) => ({ ...task(`cka/t${i}`, i % 2 ? 'storage' : 'services-networking', []), title: i === 0 ? long : `Title ${i}` }));
    const { ui, frame } = mount(false, { ...data, tasks }, 'x', { columns: 160, rows: 20 });
    await waitFor(() => frame().includes('browse 30 tasks'), frame);
    ui.stdin.write(`${down}${enter}`);
    await waitFor(() => frame().includes('Filter:'), frame);
    expect(frame()).toContain(long);
    expect(frame()).toContain('1/30');
    const rows = frame().split('\n').filter((l) => /cka\/t\d/.test(l));
    const domainAt = rows.map((l) => l.search(/storage|services-networking/));
    expect(new Set(domainAt).size).toBe(1);
    ui.stdin.write(`${down}${down}${down}`);
    await waitFor(() => frame().includes('4/30'), frame);
  });

  it('Given History, When opened, Then times are local, domains go by their titles (no tags), Enter reopens the exam\'s results and w drills the weakest domain', async () => {
    const finishedAt = Date.UTC(2026, 11, 1, 4, 14);
    const attempt: ExamAttempt = {
      formatVersion: 1, kind: 'exam', attemptId: 'a1', exam: 'CKA', seed: 7, practice: true, startedAt: finishedAt - 1000, finishedAt, endedBy: 'submit',
      earned: 1, possible: 4, percent: 25, passPercent: 66, passed: false,
      domains: [{ id: 'services-networking', title: 'Services & Networking', earned: 1, possible: 4, percent: 25 }],
      tasks: [{ id: 'cka/netpol-deny', domain: 'services-networking', tags: ['answers'], earned: 1, possible: 4, spentMs: 1 }],
    };
    const { ui, frame, choices } = mount(false, { ...data, history: summarizeHistory([attempt, ...[]]) });
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(`${down}${down}${down}${enter}`);
    await waitFor(() => frame().includes('Weakest domains'), frame);
    expect(frame()).toContain(formatLocalTime(finishedAt));
    expect(frame()).not.toContain('2026-12-01');
    expect(frame()).toMatch(/CKA\s+25%\s+fail\s+practice/);
    expect(frame()).toContain('Services & Networking');
    expect(frame()).not.toMatch(/\banswers\b|seed/);
    expect(frame()).toContain('w drill the weakest domain now: Services & Networking');
    expect(frame()).toMatch(/▸ .*CKA/);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'results', attemptId: 'a1' });
    ui.stdin.write('w');
    await waitFor(() => choices.length === 2, frame);
    expect(choices[1]).toEqual({ kind: 'drill', taskIds: ['cka/netpol-deny'], index: 0 });
  });

  it('Given Packs, When opened, Then packs and problems show; Esc returns; ? lists keys; q quits', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(`${down}${down}${enter}`);
    await waitFor(() => frame().includes('kubedrill › Packs'), frame);
    expect(frame()).toContain('1 problem (kubedrill pack validate');
    expect(frame()).toContain('metadata.id: expected lowercase');
    ui.stdin.write(escape);
    await waitFor(() => frame().includes('Mock exam CKA'), frame);
    ui.stdin.write('?');
    await waitFor(() => frame().includes('Home — shortcuts'), frame);
    ui.stdin.write(' ');
    await waitFor(() => frame().includes('q quit'), frame);
    ui.stdin.write('q');
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'quit' });
  });

  it('Given packs whose titles, ids and problems carry terminal controls, When the menu, browser and packs panel show, Then every frame shows them escaped', async () => {
    const hostile: HomeData = {
      ...data,
      tasks: [{ ...task('evil/one', `domain${HOSTILE.c1}`, []), title: `T ${HOSTILE.title}${HOSTILE.hidden}` }],
      packs: [{ id: `evil${HOSTILE.bidi}`, tasks: 1 }],
      problems: [`/p/x.yaml:1:1: ${HOSTILE.clipboard}`],
    };
    const { ui, frame } = mount(false, hostile, `context ${HOSTILE.cursor}`, { message: `failed ${HOSTILE.title}` });
    const frames: string[] = [];
    const seen = () => (frames.push(frame()), frame());
    await waitFor(() => seen().includes('browse 1 task'), frame);
    expect(frame()).toContain('context a\\x1b[2Ab');
    expect(frame()).toContain('failed \\x1b]0;PWNED');
    ui.stdin.write(down);
    await settle();
    ui.stdin.write(enter);
    await waitFor(() => seen().includes('Filter:'), frame);
    expect(frame()).toContain('evil/one');
    expect(frame()).toContain('T \\x1b]0;PWNED');
    ui.stdin.write(escape);
    await waitFor(() => seen().includes('Mock exam CKA'), frame);
    // Back on the menu at Drill: Packs is the next entry.
    ui.stdin.write(down);
    await settle(15);
    ui.stdin.write(enter);
    await waitFor(() => seen().includes('kubedrill › Packs'), frame);
    expect(frame()).toContain('\\x1b]52;c;');
    expect(frame()).toContain('evilabc\\u202e');
    for (const shown of frames) expect(shown).not.toMatch(CONTROL);
  });
});
