import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeHistory } from '../../services/history.js';
import { ThemeContext } from '../theme.js';
import { HomeScreen } from './home-screen.js';
import type { HomeChoice, HomeData } from './home-types.js';
import { settle, waitFor } from '../../../test/ui/fixtures.js';
import { CONTROL, HOSTILE } from '../../../test/text/hostile-text.js';

afterEach(() => cleanup());

const task = (id: string, domain: string, tags: string[], exams: HomeData['tasks'][number]['exams'] = ['CKA'], available = true) => ({
  id, title: `Title ${id}`, exams, domain, tags, minutes: 6, points: 5, difficulty: 'core', available,
});

const data: HomeData = {
  tasks: [
    task('cka/netpol-deny', 'services-networking', ['network-policy']),
    task('cka/etcd-snapshot', 'cluster-architecture', ['etcd'], ['CKA'], false),
    task('ckad/probes', 'observability-maintenance', ['probes'], ['CKAD']),
    task('cks/netpol-dns', 'cluster-setup', ['network-policy'], ['CKS']),
  ],
  packs: [{ id: 'cka', tasks: 2 }, { id: 'ckad', tasks: 1 }],
  problems: ['/p/task.yaml:3:1: metadata.id: expected lowercase'],
  exams: [{ exam: 'CKA', title: 'Certified Kubernetes Administrator', durationMinutes: 120, tasks: '15–20', passPercent: 66 }],
  history: summarizeHistory([
    { formatVersion: 1, kind: 'drill', at: 1, exams: ['CKA'], percent: 25, task: { id: 'cka/netpol-deny', domain: 'services-networking', tags: ['network-policy'], earned: 1, possible: 4, spentMs: 1 } },
  ]),
};

function mount(color = false, home: HomeData = data, environment = 'offline workspace /ws') {
  const choices: HomeChoice[] = [];
  const ui = render(
    <ThemeContext.Provider value={{ color }}>
      <HomeScreen load={async () => home} environment={environment} columns={80} rows={24} onChoice={(c) => choices.push(c)} />
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
    expect(frame()).toContain('120 min · 15–20 tasks · pass 66%');
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

  it('Given the menu, When Enter on the first entry, Then a CKA exam is chosen', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'exam', exam: 'CKA' });
  });

  it('Given the drill browser and three exam profiles, When typing a filter and cycling the exam, Then the list narrows by each loaded exam and Enter drills the matches', async () => {
    // Tab cycles the loaded exams (profiles), not a fixed list: three profiles, three mock-exam entries.
    const exams = ['CKA', 'CKAD', 'CKS'].map((exam) => ({ exam, title: exam, durationMinutes: 120, tasks: '15–20', passPercent: 66 }));
    const { ui, frame, choices } = mount(false, { ...data, exams });
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    for (let i = 0; i < 3; i++) {
      ui.stdin.write(down);
      await settle(15);
    }
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Filter:'), frame);
    expect(frame()).toContain('live only');
    for (const ch of 'netpol') {
      ui.stdin.write(ch);
      await settle(15);
    }
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
    ui.stdin.write('\t');
    ui.stdin.write('\t');
    ui.stdin.write('\t');
    await waitFor(() => frame().includes('exam: CKS · 1 task'), frame);
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'drill', taskIds: ['cks/netpol-dns'], index: 0 });
  });

  it('Given History, When opened, Then the weakest topic is shown and Enter drills it', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    for (let i = 0; i < 3; i++) {
      ui.stdin.write(down);
      await settle(15);
    }
    ui.stdin.write(enter);
    await waitFor(() => frame().includes('Weakest topics'), frame);
    expect(frame()).toContain('25% tag network-policy');
    ui.stdin.write(enter);
    await waitFor(() => choices.length === 1, frame);
    expect(choices[0]).toEqual({ kind: 'drill', taskIds: ['cka/netpol-deny', 'cks/netpol-dns'], index: 0 });
  });

  it('Given Packs, When opened, Then packs and problems show; Esc returns; ? lists keys; q quits', async () => {
    const { ui, frame, choices } = mount();
    await waitFor(() => frame().includes('browse 4 tasks'), frame);
    ui.stdin.write(down);
    await settle(15);
    ui.stdin.write(down);
    await settle(15);
    ui.stdin.write(enter);
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
    const { ui, frame } = mount(false, hostile, `context ${HOSTILE.cursor}`);
    const frames: string[] = [];
    const seen = () => (frames.push(frame()), frame());
    await waitFor(() => seen().includes('browse 1 tasks'), frame);
    expect(frame()).toContain('context a\\x1b[2Ab');
    ui.stdin.write(down);
    await settle();
    ui.stdin.write(enter);
    await waitFor(() => seen().includes('Filter:'), frame);
    expect(frame()).toContain('evil/one — T \\x1b]0;PWNED');
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
