import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { summarizeHistory } from '../services/history.js';
import { CLEAR_SCREEN, enterAlternateScreen, ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from './alternate-screen.js';
import { renderHome, show, type HomeData } from './index.js';

/** A terminal's stdin as ink drives it: raw mode is recorded so the test can see it handed back. */
class FakeTerminalIn extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  setRawMode(raw: boolean) {
    this.raw.push(raw);
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read: () => string | null = () => null;
}

const data: HomeData = { tasks: [], offlineTasks: 0, packs: [], problems: [], exams: [], domainTitles: {}, history: summarizeHistory([]) };

describe('screens and interrupts', () => {
  it('Given the home screen in raw mode, When Ctrl-C/SIGTERM aborts the signal, Then the screen unmounts, raw mode is off and it resolves as a quit', async () => {
    const stdin = new FakeTerminalIn();
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24 });
    stdout.resume();
    const controller = new AbortController();
    const screen = renderHome({ io: { stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal }, load: async () => data, environment: 'offline' });
    await new Promise((done) => setTimeout(done, 50));
    expect(stdin.raw).toContain(true);
    controller.abort();
    await expect(screen).resolves.toEqual({ kind: 'quit' });
    expect(stdin.raw.at(-1)).toBe(false);
  });

  it.each([['alone', '\u0003'], ['after other keys in one chunk', 'jk\u0003']])('Given the home screen in raw mode, When Ctrl-C is typed %s (a key press, not a signal), Then it is handed on as an interrupt and the screen ends as on SIGINT', async (_how, typed) => {
    const stdin = new FakeTerminalIn();
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24 });
    stdout.resume();
    const controller = new AbortController();
    let interrupts = 0;
    const io = { stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal, interrupt: () => (interrupts++, controller.abort()) };
    const screen = renderHome({ io, load: async () => data, environment: 'offline' });
    await new Promise((done) => setTimeout(done, 50));
    let pending: string | null = typed;
    stdin.read = () => {
      const chunk = pending;
      pending = null;
      return chunk;
    };
    stdin.emit('readable');
    await expect(screen).resolves.toEqual({ kind: 'quit' });
    expect(interrupts).toBe(1);
    expect(stdin.raw.at(-1)).toBe(false);
  });
});

/** A terminal's stdout: everything written is kept, in order. */
function fakeTerminalOut(isTTY = true) {
  const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY });
  let written = '';
  stdout.on('data', (chunk) => (written += String(chunk)));
  return { stdout, written: () => written };
}

const tick = (ms = 50) => new Promise((done) => setTimeout(done, ms));

describe('the alternate screen', () => {
  it('Given a terminal, When a screen opens and the signal aborts, Then it draws on the alternate screen and leaves it at once, after its last frame', async () => {
    const { stdout, written } = fakeTerminalOut();
    const controller = new AbortController();
    const screen = renderHome({ io: { stdin: new FakeTerminalIn() as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal }, load: async () => data, environment: 'offline' });
    await tick();
    expect(written().startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(written()).toContain('kubedrill');
    expect(written()).not.toContain(LEAVE_ALTERNATE_SCREEN);
    controller.abort();
    // Left synchronously: the CLI may end the process before the screen's promise settles.
    await Promise.resolve();
    expect(written()).toContain(LEAVE_ALTERNATE_SCREEN);
    await expect(screen).resolves.toEqual({ kind: 'quit' });
    expect(written().split(LEAVE_ALTERNATE_SCREEN)).toHaveLength(2);
    expect(written().endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });

  it('Given a pipe, not a terminal, When a screen opens and closes, Then no screen-switching codes are written', async () => {
    const { stdout, written } = fakeTerminalOut(false);
    const controller = new AbortController();
    const screen = renderHome({ io: { stdin: new FakeTerminalIn() as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal }, load: async () => data, environment: 'offline' });
    await tick();
    controller.abort();
    await screen;
    expect(written()).not.toContain(ENTER_ALTERNATE_SCREEN);
    expect(written()).not.toContain(LEAVE_ALTERNATE_SCREEN);
  });

  it('Given a screen that throws, When it renders, Then the error reaches the caller and the terminal is back on the normal screen', async () => {
    const { stdout, written } = fakeTerminalOut();
    const Boom = (): never => {
      throw new Error('boom');
    };
    const io = { stdin: new FakeTerminalIn() as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' } };
    await expect(show(io, 'fallback', () => <Boom />)).rejects.toThrow('boom');
    expect(written().startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(written().endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });

  it('Given a signal aborted before the screen opens, When shown, Then it resolves the fallback and draws nothing', async () => {
    const { stdout, written } = fakeTerminalOut();
    const controller = new AbortController();
    controller.abort();
    const io = { stdin: new FakeTerminalIn() as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: {}, signal: controller.signal };
    await expect(show(io, 'fallback', () => <></>)).resolves.toBe('fallback');
    expect(written()).toBe('');
  });

  it('Given a resize, When it settles, Then the page is blanked and the current frame drawn again from the top', async () => {
    const { stdout, written } = fakeTerminalOut();
    const controller = new AbortController();
    const screen = renderHome({ io: { stdin: new FakeTerminalIn() as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal }, load: async () => data, environment: 'offline' });
    await tick();
    const before = written().length;
    stdout.columns = 60;
    stdout.emit('resize');
    stdout.emit('resize');
    await tick(250);
    const after = written().slice(before);
    // Once per settled resize, followed by the whole frame.
    expect(after.split(CLEAR_SCREEN)).toHaveLength(2);
    expect(after.slice(after.indexOf(CLEAR_SCREEN))).toContain('kubedrill');
    controller.abort();
    await screen;
  });

  it('Given the process exits while a screen is up, When exit is emitted, Then the normal screen comes back, once', () => {
    const { stdout, written } = fakeTerminalOut();
    const exit = new EventEmitter();
    const screen = enterAlternateScreen(stdout, exit);
    exit.emit('exit');
    screen.leave();
    expect(written()).toBe(ENTER_ALTERNATE_SCREEN + LEAVE_ALTERNATE_SCREEN);
    expect(exit.listenerCount('exit')).toBe(0);
  });
});
