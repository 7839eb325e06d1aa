import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../packs/catalog.js';
import { normalizeOfflineArg, preparable, selectDrillTasks } from './drill.js';
import { loaded, makeTask } from '../../test/ui/fixtures.js';

const catalog = {
  packs: [],
  profiles: [],
  problems: [],
  tasks: [
    loaded(makeTask('cka/np-deny', { domain: 'services-networking', tags: ['network-policy'] })),
    loaded(makeTask('cka/np-and', { domain: 'services-networking', tags: ['network-policy'] })),
    loaded(makeTask('cka/kubelet', { domain: 'troubleshooting', tags: ['kubelet'], setup: [{ node: 'worker1', script: 'systemctl stop kubelet' }] })),
  ],
} as unknown as Catalog;

describe('drill command helpers', () => {
  it('Given --offline with and without a DIR, When normalized, Then a path is taken and a task id is not', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kubedrill-args-'));
    await mkdir(join(cwd, 'ws'));
    expect(normalizeOfflineArg(['--offline'], cwd)).toEqual(['--offline=']);
    expect(normalizeOfflineArg(['--offline', 'ws', 'cka/x'], cwd)).toEqual(['--offline=ws', 'cka/x']);
    expect(normalizeOfflineArg(['--offline', './new-ws'], cwd)).toEqual(['--offline=./new-ws']);
    expect(normalizeOfflineArg(['--offline', 'cka/x'], cwd)).toEqual(['--offline=', 'cka/x']);
    expect(normalizeOfflineArg(['--offline', '--pack', 'p'], cwd)).toEqual(['--offline=', '--pack', 'p']);
  });

  it('Given a tag, a domain or an id, When selecting, Then the matching tasks are drilled', async () => {
    expect((await selectDrillTasks(catalog, 'network-policy', false)).tasks.map((t) => t.task.metadata.id)).toEqual(['cka/np-deny', 'cka/np-and']);
    expect((await selectDrillTasks(catalog, 'troubleshooting', false)).tasks).toHaveLength(1);
    expect((await selectDrillTasks(catalog, 'cka/np-and', false)).tasks.map((t) => t.task.metadata.id)).toEqual(['cka/np-and']);
  });

  it('Given offline, When a task needs a node for setup, Then it is left out or refused with the reason', async () => {
    expect(preparable(catalog.tasks[2]!.task, { kind: 'offline' })).toBe(false);
    expect((await selectDrillTasks(catalog, undefined, true)).tasks).toHaveLength(2);
    await expect(selectDrillTasks(catalog, 'cka/kubelet', true)).rejects.toThrow(/needs a live cluster/);
  });

  it('Given a typo, When selecting, Then the error suggests the near id', async () => {
    await expect(selectDrillTasks(catalog, 'cka/np-dney', false)).rejects.toThrow(/no task with id/);
  });
});
