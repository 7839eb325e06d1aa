import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import type { Command, CommandIO } from './commands/types.js';
import { InterruptedError } from './errors.js';
import { ProcessAbortedError } from './system/errors.js';

// A command that fails the way cancelled work does: its kubectl child was killed.
vi.mock('./commands/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./commands/index.js')>();
  const cancelled: Command = {
    name: 'cancelled',
    summary: 'test only',
    usage: 'cancelled',
    run: () => Promise.reject(new ProcessAbortedError('kubectl')),
  };
  return { ...real, COMMANDS: { ...real.COMMANDS, cancelled: () => Promise.resolve(cancelled) } };
});

const root = fileURLToPath(new URL('..', import.meta.url));

function fakeIO(signal: NodeJS.Signals | undefined): CommandIO & { err: () => string } {
  const controller = new AbortController();
  if (signal) controller.abort(new InterruptedError(signal));
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: root, signal: controller.signal, now: () => 0, err: () => err };
}

describe('main', () => {
  it('Given Ctrl-C during a command that finishes anyway, When it returns 0, Then the run exits 130, not 0', async () => {
    const io = fakeIO('SIGINT');
    expect(await main(['pack', 'validate', 'test/broken-packs/valid/design-example'], io)).toBe(130);
    expect(io.err()).toBe('');
  });

  it('Given SIGTERM, When the command fails because its child was cancelled, Then the run exits 143 quietly, never as a bug', async () => {
    const io = fakeIO('SIGTERM');
    expect(await main(['cancelled'], io)).toBe(143);
    expect(io.err()).toBe('');
  });

  it('Given no interrupt, When a command returns, Then its own exit code stands', async () => {
    const io = fakeIO(undefined);
    expect(await main(['pack', 'validate', 'test/broken-packs/valid/design-example'], io)).toBe(0);
  });
});
