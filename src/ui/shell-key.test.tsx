import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { drawExam } from '../services/exam-draw.js';
import { createExamState, ExamSession } from '../services/exam-session.js';
import { DrillSession } from '../services/drill-session.js';
import { CLEAR_SCREEN, ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from './alternate-screen.js';
import { DrillScreen } from './drill/drill-screen.js';
import { ExamScreen } from './exam/exam-screen.js';
import { show } from './index.js';
import { ShellKeys, useShellKey, type OpenShell, type TerminalHandOff } from './shell-key.js';
import { ckaCatalog, ckaProfile, fakeExpand, fakeGrade, fakeWorld, loaded, makeTask, manualClock, settle, waitFor, type FakeWorld } from '../../test/ui/fixtures.js';

afterEach(() => cleanup());

/** Records each task id `!` asked a shell for, running the shell part inside the hand-over as the service does. */
function recordingShell() {
  const opened: string[] = [];
  const openShell: OpenShell = async (taskId, handOff) => {
    handOff(() => opened.push(taskId));
  };
  return { opened, openShell };
}
const direct: TerminalHandOff = (run) => run();

function drill(openShell?: OpenShell) {
  const clock = manualClock(0);
  const worlds = new Map<string, FakeWorld>();
  const session = new DrillSession([loaded(makeTask('cka/a')), loaded(makeTask('cka/b'))], {
    now: clock.now,
    world: async (id) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!,
    grade: fakeGrade,
    expand: fakeExpand,
  });
  const screen = <DrillScreen session={session} now={clock.now} columns={100} rows={24} onQuit={() => undefined} />;
  const ui = render(openShell ? <ShellKeys openShell={openShell} handOff={direct}>{screen}</ShellKeys> : screen);
  return { ui, frame: () => ui.lastFrame() ?? '' };
}

describe('the ! key', () => {
  it('Given a drill shown with shells, When ! is pressed, Then the current task\'s shell opens, and the help bar and context line show', async () => {
    const shell = recordingShell();
    const { ui, frame } = drill(shell.openShell);
    await waitFor(() => frame().includes('kubectl config use-context kind-kubedrill'), frame);
    expect(frame()).toContain('! shell');
    // The context line comes first, above the statement, as in the exam.
    expect(frame().indexOf('use-context kind-kubedrill')).toBeLessThan(frame().indexOf('Fix web'));
    ui.stdin.write('!');
    await waitFor(() => shell.opened.length === 1, frame);
    expect(shell.opened).toEqual(['cka/a']);
    ui.stdin.write('n');
    await waitFor(() => frame().includes('Drill 2/2'), frame);
    ui.stdin.write('!');
    await waitFor(() => shell.opened.length === 2, frame);
    expect(shell.opened).toEqual(['cka/a', 'cka/b']);
  });

  it('Given a drill asking a question, When ! is pressed, Then it answers the question (no) and opens no shell', async () => {
    const shell = recordingShell();
    const { ui, frame } = drill(shell.openShell);
    await waitFor(() => frame().includes('use-context'), frame);
    ui.stdin.write('r');
    await waitFor(() => frame().includes('Reset the task?'), frame);
    ui.stdin.write('!');
    await waitFor(() => !frame().includes('Reset the task?'), frame);
    await settle();
    expect(shell.opened).toEqual([]);
  });

  it('Given a drill shown without shells (no openShell), Then ! is not offered and does nothing', async () => {
    const { ui, frame } = drill();
    await waitFor(() => frame().includes('use-context'), frame);
    expect(frame()).not.toContain('! shell');
    ui.stdin.write('!');
    await settle();
    expect(frame()).toContain('Drill 1/2');
  });

  it('Given a shell that cannot start, When ! is pressed, Then the reason shows under the screen until the next key', async () => {
    const { ui, frame } = drill(async () => {
      throw new Error('/bin/nosh was not found');
    });
    await waitFor(() => frame().includes('use-context'), frame);
    ui.stdin.write('!');
    await waitFor(() => frame().includes('could not open a shell: /bin/nosh was not found'), frame);
    await settle();
    ui.stdin.write('j');
    await waitFor(() => !frame().includes('could not open a shell'), frame);
  });

  it('Given an exam, When ! is pressed on a task, Then that task\'s shell opens and its context line heads the task', async () => {
    const clock = manualClock(0);
    const catalog = ckaCatalog(4);
    const state = createExamState(drawExam(ckaProfile, catalog, { seed: 5 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: clock.now() });
    const worlds = new Map<string, FakeWorld>();
    const world = async (id: string) => worlds.get(id) ?? worlds.set(id, fakeWorld(id)).get(id)!;
    const session = new ExamSession(state, { now: clock.now, tasks: new Map(catalog.map((t) => [t.task.metadata.id, t.task])), world, grade: fakeGrade, save: async () => undefined });
    const shell = recordingShell();
    const ui = render(
      <ShellKeys openShell={shell.openShell} handOff={direct}>
        <ExamScreen session={session} expand={fakeExpand} columns={120} rows={30} tickMs={20} onLeave={() => undefined} />
      </ShellKeys>,
    );
    const frame = () => ui.lastFrame() ?? '';
    await waitFor(() => frame().includes('use-context kind-kubedrill'), frame);
    expect(frame()).toContain('! shell');
    ui.stdin.write('!');
    await waitFor(() => shell.opened.length === 1, frame);
    expect(shell.opened).toEqual([state.tasks[0]?.id]);
  });
});

/** A terminal's stdin as ink drives it, with raw mode as a terminal reports it. */
class FakeTerminalIn extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setRawMode(raw: boolean) {
    this.isRaw = raw;
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  pending: string | null = null;
  read = () => {
    const chunk = this.pending;
    this.pending = null;
    return chunk;
  };
  type(text: string) {
    this.pending = text;
    this.emit('readable');
  }
}

function Task(props: { readonly id: string }) {
  useShellKey(props.id);
  return <Text>task {props.id} on screen</Text>;
}

describe('show() around a shell', () => {
  it('Given a screen on the alternate screen in raw mode, When ! opens a shell, Then the shell gets the normal screen, cooked mode and a cursor, and the screen comes back whole after', async () => {
    const stdin = new FakeTerminalIn();
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true });
    let written = '';
    stdout.on('data', (chunk) => (written += String(chunk)));
    const controller = new AbortController();
    let during: { raw: boolean; written: string } | undefined;
    const openShell: OpenShell = async (taskId, handOff) => {
      expect(taskId).toBe('cka/a');
      handOff(() => (during = { raw: stdin.isRaw, written }));
    };
    const io = { stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal };
    const screen = show(io, undefined, () => <Task id="cka/a" />, { openShell });
    await waitFor(() => stdin.isRaw && written.includes('task cka/a on screen'), () => written);
    stdin.type('!');
    await waitFor(() => during !== undefined, () => written);
    // In the shell: the normal screen, raw mode off, the cursor shown.
    expect(during?.raw).toBe(false);
    expect(during?.written.endsWith(`${LEAVE_ALTERNATE_SCREEN}\u001b[?25h`)).toBe(true);
    // Back: the alternate screen again, raw mode on, cursor hidden, and the frame drawn in full on a blank page.
    const after = written.slice(during?.written.length);
    expect(after.startsWith(`${ENTER_ALTERNATE_SCREEN}\u001b[?25l`)).toBe(true);
    expect(after.slice(after.indexOf(CLEAR_SCREEN))).toContain('task cka/a on screen');
    expect(stdin.isRaw).toBe(true);
    controller.abort();
    await screen;
    expect(written.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });
});
