import { describe, expect, it } from 'vitest';
import type { Catalog } from '../packs/catalog.js';
import { PassThrough } from 'node:stream';
import type { Environment } from '../environments/types.js';
import { drillableHere, examEligibility, selectDrillTasks } from './drill-start.js';
import { preparable } from './preparable.js';
import type { CommandIO } from '../system/io.js';
import { loaded, makeTask } from '../../test/ui/fixtures.js';

const builtinLike = {
  packs: [],
  profiles: [],
  problems: [],
  tasks: [
    loaded(makeTask('cka/np-deny', { domain: 'services-networking', tags: ['network-policy'] })),
    loaded(makeTask('cka/np-and', { domain: 'services-networking', tags: ['network-policy'] })),
    loaded(makeTask('cka/kubelet', { domain: 'troubleshooting', tags: ['kubelet'], setup: [{ node: 'worker1', script: 'systemctl stop kubelet' }] })),
  ],
} as unknown as Catalog;

describe('drill start', () => {
  it('Given a tag, a domain or an id, When selecting, Then the matching tasks are drilled', async () => {
    expect((await selectDrillTasks(builtinLike, 'network-policy', false)).tasks.map((t) => t.task.metadata.id)).toEqual(['cka/np-deny', 'cka/np-and']);
    expect((await selectDrillTasks(builtinLike, 'troubleshooting', false)).tasks).toHaveLength(1);
    expect((await selectDrillTasks(builtinLike, 'cka/np-and', false)).tasks.map((t) => t.task.metadata.id)).toEqual(['cka/np-and']);
  });

  it('Given offline, When a task needs a node for setup, Then it is left out or refused with the reason', async () => {
    expect(preparable(builtinLike.tasks[2]!.task, 'offline')).toBe(false);
    expect((await selectDrillTasks(builtinLike, undefined, true)).tasks).toHaveLength(2);
    await expect(selectDrillTasks(builtinLike, 'cka/kubelet', true)).rejects.toThrow(/needs a live cluster/);
  });

  it('Given a typo, When selecting, Then the error suggests the near id', async () => {
    await expect(selectDrillTasks(builtinLike, 'cka/np-dney', false)).rejects.toThrow(/no task with id/);
  });

  it('Given a live cluster without policy enforcement, When drilling, Then a named policy task is refused with the reason and others are skipped with a note', async () => {
    const policyTask = (id: string) => {
      const t = makeTask(id, { tags: ['network-policy'] });
      return loaded({ ...t, environment: { workers: 0, needs: ['network-policy'], disrupts: [] } });
    };
    const environment: Environment = {
      kind: 'kind',
      label: 'kind cluster t',
      capabilities: new Set(['pod-exec', 'can-i', 'node-shell']),
      unavailable: { 'network-policy': 'a deny-all policy did not block traffic' },
      openTask: () => Promise.reject(new Error('not used')),
      terminal: { env: {}, contextLine: 'not used' },
    };
    let err = '';
    const io = { stderr: new PassThrough().on('data', (d: Buffer) => (err += d.toString())) } as unknown as CommandIO;
    await expect(drillableHere([policyTask('cka/np')], 0, environment, io)).rejects.toThrow(/cka\/np cannot be graded in full on kind cluster t: needs network-policy: a deny-all policy did not block traffic/);
    const mixed = [loaded(makeTask('cka/a')), policyTask('cka/np'), loaded(makeTask('cka/b'))];
    const here = await drillableHere(mixed, 2, environment, io);
    expect(here.tasks.map((t) => t.task.metadata.id)).toEqual(['cka/a', 'cka/b']);
    expect(here.index).toBe(1);
    expect(err).toContain('skipped cka/np: needs network-policy');
    const eligible = await examEligibility(environment);
    expect(mixed.map((t) => eligible(t.task))).toEqual([true, false, true]);
  });
});

describe('drill --pack DIR', () => {
  it('Given a pack named with --pack and no task, When the drill starts, Then only that pack\u2019s tasks are offered', async () => {
    const { loadCatalogOrFail } = await import('./load-catalog.js');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('../../test/broken-packs/valid/design-example', import.meta.url));
    const { tasksOfPacks } = await import('./drill-start.js');
    const catalog = await loadCatalogOrFail([dir], { includeBuiltin: false });
    const fixtureTasks = builtinLike.tasks;
    expect(tasksOfPacks({ ...catalog, tasks: [...catalog.tasks, ...fixtureTasks] }, [dir]).map((t) => t.task.metadata.id)).toEqual(catalog.tasks.map((t) => t.task.metadata.id));
  });
});
