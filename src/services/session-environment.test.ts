import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeOfflineArg } from './session-args.js';

describe('session arguments', () => {
  it('Given --offline with and without a DIR, When normalized, Then a path is taken and a task id is not', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kubedrill-args-'));
    await mkdir(join(cwd, 'ws'));
    expect(normalizeOfflineArg(['--offline'], cwd)).toEqual(['--offline=']);
    expect(normalizeOfflineArg(['--offline', 'ws', 'cka/x'], cwd)).toEqual(['--offline=ws', 'cka/x']);
    expect(normalizeOfflineArg(['--offline', './new-ws'], cwd)).toEqual(['--offline=./new-ws']);
    expect(normalizeOfflineArg(['--offline', 'cka/x'], cwd)).toEqual(['--offline=', 'cka/x']);
    expect(normalizeOfflineArg(['--offline', '--pack', 'p'], cwd)).toEqual(['--offline=', '--pack', 'p']);
  });
});
