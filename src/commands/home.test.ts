import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';
import type { CommandIO } from '../system/io.js';

// The home screen's first frame must not wait for zod and the models (the README, Speed, see
// services/session-environment.ts): importing zod here fails the test.
vi.mock('zod', () => {
  throw new Error('zod was imported');
});

describe('kubedrill (home) before its first frame', () => {
  it('Given zod cannot load, When the home command and the UI are imported, Then neither needs it', async () => {
    await expect(import('../cli.js')).resolves.toHaveProperty('main');
    await expect(import('../services/home-session.js')).resolves.toHaveProperty('runHome');
    await expect(import('../ui/index.js')).resolves.toHaveProperty('renderHome');
  });

  it('Given a word home does not take, When run, Then it is a usage error naming the word', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'kubedrill-home-'));
    let err = '';
    const stderr = new PassThrough();
    stderr.on('data', (d) => (err += String(d)));
    const io: CommandIO = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { KUBEDRILL_HOME: workspace }, cwd: workspace, signal: new AbortController().signal, now: () => 0 };
    expect(await main(['--offline', workspace, 'cka'], io)).toBe(2);
    expect(err).toMatch(/unknown command 'cka'/);
  });
});

describe('the zod guard of these tests', () => {
  it('Given zod is mocked to throw, When the drill command is imported, Then it fails (so the tests above prove zod stayed out)', async () => {
    await expect(import('../services/drill-start.js')).rejects.toThrow(/error when mocking/);
  });
});
