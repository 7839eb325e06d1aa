import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { summarizeHistory } from '../services/history.js';
import { renderHome, type HomeData } from './index.js';

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

const data: HomeData = { tasks: [], packs: [], problems: [], exams: [], history: summarizeHistory([]) };

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

  it('Given the home screen in raw mode, When Ctrl-C is typed (a key press, not a signal), Then it is handed on as an interrupt and the screen ends as on SIGINT', async () => {
    const stdin = new FakeTerminalIn();
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24 });
    stdout.resume();
    const controller = new AbortController();
    let interrupts = 0;
    const io = { stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, signal: controller.signal, interrupt: () => (interrupts++, controller.abort()) };
    const screen = renderHome({ io, load: async () => data, environment: 'offline' });
    await new Promise((done) => setTimeout(done, 50));
    let pending: string | null = '\u0003';
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
