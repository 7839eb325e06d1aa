import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../errors.js';
import { deliverPendingSignals, handleInterrupts, interruptedExitCode, restoreTerminal, type SignalSource } from './signals.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const timers: { run: () => void; ms: number; unref: boolean }[] = [];
  const source: SignalSource = { on: (e, l) => emitter.on(e, l), off: (e, l) => emitter.off(e, l) };
  const interrupts = handleInterrupts({
    source,
    exit: (code) => void exits.push(code),
    graceMs: 500,
    setTimer: (run, ms) => {
      const timer = { run, ms, unref: false };
      timers.push(timer);
      return { unref: () => (timer.unref = true) };
    },
  });
  return { emitter, exits, timers, interrupts };
}

describe('interrupt handling', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('Given a running command, When %s arrives, Then its signal aborts with an InterruptedError worth exit %i', (name, code) => {
    const { emitter, exits, interrupts } = fakeProcess();
    emitter.emit(name);
    expect(interrupts.signal.aborted).toBe(true);
    expect(interrupts.signal.reason).toBeInstanceOf(InterruptedError);
    expect(interruptedExitCode(interrupts.signal)).toBe(code);
    // The command gets its grace period: nothing has exited yet.
    expect(exits).toEqual([]);
  });

  it('Given a command that ignores the signal (a long pack load), When the grace period ends, Then the process exits with the interrupt code', () => {
    const { emitter, exits, timers } = fakeProcess();
    emitter.emit('SIGTERM');
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBe(500);
    // Unref'd: a command that winds down in time is not held open by the timer.
    expect(timers[0]?.unref).toBe(true);
    timers[0]?.run();
    expect(exits).toEqual([143]);
  });

  it('Given an interrupt in progress, When a second signal arrives, Then the process exits at once', () => {
    const { emitter, exits, timers } = fakeProcess();
    emitter.emit('SIGINT');
    emitter.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(timers).toHaveLength(1);
  });

  it('Given a finished run, When disposed, Then no listener is left (a late signal gets Node’s default exit)', () => {
    const { emitter, interrupts } = fakeProcess();
    interrupts.dispose();
    expect(emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM') + emitter.listenerCount('SIGHUP')).toBe(0);
  });

  it('Given no interrupt, When asked for the exit code, Then there is none', () => {
    expect(interruptedExitCode(new AbortController().signal)).toBeUndefined();
  });

  it('Given a terminal left in raw mode, When restored, Then raw mode is off and the cursor shown; a closed terminal is no error', () => {
    const calls: unknown[] = [];
    restoreTerminal({ isTTY: true, isRaw: true, setRawMode: (raw) => calls.push(raw) }, { isTTY: true, write: (t) => calls.push(t) });
    expect(calls).toEqual([false, '\u001b[?25h']);
    expect(() => restoreTerminal({ isTTY: true, isRaw: true, setRawMode: () => { throw new Error('EIO'); } }, { write: () => 0 })).not.toThrow();
  });

  it('Given a signal that arrived while the event loop was blocked, When the CLI lets pending signals land, Then the listener has run before the exit code is chosen', async () => {
    // SIGUSR2 stands in for Ctrl-C: the same delivery path, and no test runner listens to it.
    const got: string[] = [];
    const listener = () => void got.push('signal');
    process.on('SIGUSR2', listener);
    try {
      process.kill(process.pid, 'SIGUSR2');
      const until = Date.now() + 50;
      while (Date.now() < until) {
        // A blocking stretch, like a large pack being validated.
      }
      await Promise.resolve();
      expect(got).toEqual([]);
      await deliverPendingSignals();
      expect(got).toEqual(['signal']);
    } finally {
      process.off('SIGUSR2', listener);
    }
  });
});
