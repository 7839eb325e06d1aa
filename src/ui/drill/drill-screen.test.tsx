import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { DrillSession } from '../../services/drill-session.js';
import { DrillScreen } from './drill-screen.js';
import { CONTROL, HOSTILE } from '../../../test/text/hostile-text.js';
import { fakeExpand, fakeGrade, fakeWorld, loaded, makeTask, manualClock, settle, waitFor, type FakeWorld } from '../../../test/ui/fixtures.js';

afterEach(() => cleanup());

function mount(tasks = [makeTask('cka/a', { statement: 'Create `web` in {{answers}}.\n\n```\nkind: Pod\n```' }), makeTask('cka/b')]) {
  const clock = manualClock(0);
  const worlds = new Map<string, FakeWorld>();
  const session = new DrillSession(tasks.map(loaded), {
    now: clock.now,
    world: async (id) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!,
    grade: fakeGrade,
    expand: fakeExpand,
  });
  let quit = false;
  const ui = render(<DrillScreen session={session} now={clock.now} columns={80} rows={24} onQuit={() => (quit = true)} />);
  const frame = () => ui.lastFrame() ?? '';
  return { ui, frame, worlds, clock, quit: () => quit, session };
}

describe('DrillScreen', () => {
  it('Given a drill, When it opens, Then the expanded statement, code, environment, timer and keys show', async () => {
    const { frame } = mount();
    await waitFor(() => frame().includes('/ws/answers/cka__a'), frame);
    expect(frame()).toContain('Drill 1/2 · cka/a');
    expect(frame()).toContain('kind: Pod');
    expect(frame()).toContain('Environment');
    expect(frame()).toContain('0:00 / 6:00');
    expect(frame()).toMatch(/c check\s+h hint\s+s solution/);
    expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(frame()).toContain('  answers: /ws/answers/cka__a');
  });

  it('Given a partial answer, When c is pressed, Then every check shows and a failure says what is wrong without the expected value', async () => {
    const { ui, frame, worlds } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    worlds.get('cka/a')!.state.add('first');
    ui.stdin.write('c');
    await waitFor(() => frame().includes('Score'), frame);
    expect(frame()).toContain('2/3 points (66.7%)');
    expect(frame()).toContain('✓ first (2/2)');
    expect(frame()).toContain('✗ second (0/1)');
    expect(frame()).toContain('second is not there yet');
    expect(frame()).not.toContain('expected: second done');
    expect(frame()).toContain('Expected values and evidence stay hidden');
  });

  it('Given a failed check, When the solution is revealed, Then the report shows expected vs actual', async () => {
    const { ui, frame } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    ui.stdin.write('c');
    await waitFor(() => frame().includes('Score'), frame);
    ui.stdin.write('s');
    await settle();
    ui.stdin.write('y');
    await waitFor(() => frame().includes('Solution'), frame);
    ui.stdin.write('k'); // any key the screen ignores: the frame stays
    for (let i = 0; i < 20 && !frame().includes('expected: second done'); i++) {
      ui.stdin.write('\u001b[A');
      await settle(10);
    }
    expect(frame()).toContain('expected: second done');
    expect(frame()).not.toContain('second is not there yet');
  });

  it('Given hints, When h is pressed twice, Then the hints appear one at a time', async () => {
    const { ui, frame } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    ui.stdin.write('h');
    await waitFor(() => frame().includes('Hint 1/2'), frame);
    expect(frame()).not.toContain('Hint 2/2');
    ui.stdin.write('h');
    await waitFor(() => frame().includes('Hint 2/2: Second hint.'), frame);
  });

  it('Given s, When the confirm is refused then accepted, Then the solution shows only after yes', async () => {
    const { ui, frame } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    ui.stdin.write('s');
    await waitFor(() => frame().includes('Show the solution?'), frame);
    ui.stdin.write('n');
    await settle();
    expect(frame()).not.toContain('Solution');
    ui.stdin.write('s');
    await settle();
    ui.stdin.write('y');
    await waitFor(() => frame().includes('Solution'), frame);
    expect(frame()).toContain('apply: first');
  });

  it('Given a task with a walkthrough and docs, When it opens, Then the docs show at once; When the solution is revealed, Then each step reads as typed', async () => {
    const task = makeTask('cka/w', {
      docs: [{ label: 'Labels', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/' }],
      walkthrough: [
        { why: 'Both policies select pods by label: add the labels.', run: 'kubectl -n lab label pod api proxy-access=true' },
        { why: 'The kubelet reads static pods from its manifest directory.', on: 'worker1', manifest: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n', path: '/etc/kubernetes/manifests/web.yaml' },
        { why: 'Save the answer.', manifest: 'kind: ConfigMap\nmetadata:\n  name: cfg\n', path: '{{answers}}/cfg.yaml' },
      ],
    });
    const { ui, frame } = mount([task]);
    await waitFor(() => frame().includes('Environment'), frame);
    expect(frame()).toContain('Docs');
    expect(frame()).toMatch(/Labels:\n\s+https:\/\/kubernetes\.io\/docs\/concepts\/overview\/working-with-objects\/labels\//);
    ui.stdin.write('s');
    await settle();
    ui.stdin.write('y');
    await waitFor(() => frame().includes('Solution'), frame);
    expect(frame()).toContain('1. Both policies select pods by label: add the labels.');
    expect(frame()).toContain('kubectl -n lab label pod api proxy-access=true');
    // The screen scrolled to the solution; the rest of the walkthrough is below (report-lines.test.ts).
    expect(frame()).toContain('on node w1: ssh w1');
    expect(frame()).toContain('Save as /etc/kubernetes/manifests/web.yaml:');
    expect(frame()).not.toContain('apply: first');
  });

  it('Given r and yes, When the task was changed, Then the world is reset and setup runs again', async () => {
    const { ui, frame, worlds } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    worlds.get('cka/a')!.state.add('first');
    ui.stdin.write('r');
    await settle();
    ui.stdin.write('y');
    await waitFor(() => worlds.get('cka/a')!.resets === 1 && worlds.get('cka/a')!.state.has('setup-done') && frame().includes('Environment'), frame);
    expect([...worlds.get('cka/a')!.state]).toEqual(['setup-done']);
  });

  it('Given n, p and q, When pressed, Then tasks change and the screen quits', async () => {
    const { ui, frame, quit } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('Drill 2/2 · cka/b') && frame().includes('/ws/answers/cka__b'), frame);
    ui.stdin.write('p');
    await waitFor(() => frame().includes('Drill 1/2 · cka/a'), frame);
    ui.stdin.write('?');
    await waitFor(() => frame().includes('shortcuts'), frame);
    ui.stdin.write('x');
    await waitFor(() => frame().includes('q quit'), frame);
    ui.stdin.write('q');
    await waitFor(() => quit(), frame);
  });

  it('Given the target time passes, When the timer redraws, Then it shows the elapsed time', async () => {
    const { frame, clock } = mount();
    await waitFor(() => frame().includes('Environment'), frame);
    clock.advance(7 * 60_000 + 5_000);
    await waitFor(() => frame().includes('7:05 / 6:00'), frame, 2500);
  });

  it('Given a pack whose title, tags, statement, hints, solution and docs carry terminal controls, When everything is shown, Then the screen shows them escaped and obeys none', async () => {
    const base = makeTask('cka/hostile', {
      statement: `Read ${HOSTILE.title} and ${HOSTILE.hidden}.\n\n\`\`\`\n${HOSTILE.cursor}\n\`\`\`\n${HOSTILE.bidi}`,
      hints: [`hint ${HOSTILE.clipboard}`],
      tags: [`tag${HOSTILE.c1}`],
    });
    const task = {
      ...base,
      metadata: { ...base.metadata, title: `T ${HOSTILE.title}` },
      solution: [{ apply: `kind: ConfigMap ${HOSTILE.c1}` }],
      docs: [{ label: `docs ${HOSTILE.bidi}`, url: 'https://kubernetes.io/docs/' }],
    };
    const { ui, frame } = mount([task]);
    await waitFor(() => frame().includes('Environment'), frame);
    ui.stdin.write('h');
    await waitFor(() => frame().includes('Hint 1/1'), frame);
    ui.stdin.write('s');
    await settle();
    ui.stdin.write('y');
    await waitFor(() => frame().includes('Solution'), frame);
    // ink's own colours are the only escape sequences allowed in a frame.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const text = frame().replace(/\u001b\[[0-9;]*m/g, '');
    expect(text).not.toMatch(CONTROL);
    expect(frame()).not.toContain('\u001b]');
    expect(frame()).not.toContain('\u001b[8m');
    expect(text).toContain('T \\x1b]0;PWNED-BY-STATEMENT\\x07');
    expect(text).toContain('\\x1b]52;c;');
    expect(text).toContain('\\u202e');
  });
});
