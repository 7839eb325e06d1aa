import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import type { CommandIO } from './system/io.js';
import { InterruptedError } from './errors.js';
import { ProcessAbortedError } from './system/errors.js';

// `history` fails the way cancelled work does: its child was killed.
vi.mock('./services/history-report.js', () => ({ showHistory: () => Promise.reject(new ProcessAbortedError('kubectl')) }));

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
    expect(await main(['history'], io)).toBe(143);
    expect(io.err()).toBe('');
  });

  it('Given no interrupt, When a command returns, Then its own exit code stands', async () => {
    const io = fakeIO(undefined);
    expect(await main(['pack', 'validate', 'test/broken-packs/valid/design-example'], io)).toBe(0);
  });
});
