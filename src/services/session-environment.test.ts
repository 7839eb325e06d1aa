import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveChoice } from './session-environment.js';

describe('resolveChoice', () => {
  it('Given --offline alone, a relative DIR and ~/DIR, When resolved, Then each is an absolute workspace that exists', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-choice-'));
    const io = { env: { KUBEDRILL_HOME: join(home, 'data'), HOME: home }, cwd: home };
    expect((await resolveChoice({ offline: true }, io)).offline).toBe(join(home, 'data', 'workspace'));
    expect((await resolveChoice({ offline: 'new-ws' }, io)).offline).toBe(join(home, 'new-ws'));
    expect((await resolveChoice({ offline: '~/elsewhere' }, io)).offline).toBe(join(home, 'elsewhere'));
    expect(existsSync(join(home, 'new-ws'))).toBe(true);
  });

  it('Given a live choice, When resolved, Then option names map to the choice and paths are absolute', async () => {
    const choice = await resolveChoice({ context: 'lab', kubeconfig: 'kc', nodeSsh: 'ssh {node}', debug: 'log.txt' }, { env: {}, cwd: '/work' });
    expect(choice).toEqual({ context: 'lab', kubeconfig: '/work/kc', nodeSsh: 'ssh {node}', debugLog: '/work/log.txt' });
  });
});
