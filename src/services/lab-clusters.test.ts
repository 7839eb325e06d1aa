import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProcessRunner } from '../system/index.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';

// The home screen may call labClusters before its first frame, which must not wait for zod.
vi.mock('zod', () => {
  throw new Error('zod was imported');
});

describe('labClusters (stub kind, zod unloadable)', () => {
  let stubs: StubBin | undefined;
  afterEach(async () => {
    await stubs?.cleanup();
  });

  it('given kind clusters of several owners, when labClusters("kubedrill"), then only kubedrill-labN by number, and a notice naming them', async () => {
    const { labClusters, labClustersNotice } = await import('./lab-clusters.js');
    stubs = await createStubBin([{ bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill-lab2\nother-lab1\nkubedrill\nkubedrill-labx\nkubedrill-lab1\n' }]);
    const labs = await labClusters({ env: stubs.env, runner: createProcessRunner({ env: stubs.env }) });
    expect(labs).toEqual(['kubedrill-lab1', 'kubedrill-lab2']);
    expect(labClustersNotice('kubedrill', labs)).toBe(
      '2 lab clusters still exist (kubedrill-lab1, kubedrill-lab2) and use memory: `kubedrill cluster down --all` deletes them and kubedrill; `kubedrill cluster down --cluster kubedrill-lab1` deletes one',
    );
    expect(labClustersNotice('mine', ['mine-lab1'])).toMatch(/^lab cluster mine-lab1 still exists and uses memory: `kubedrill cluster down --all --cluster mine` deletes it and mine;/);
    expect(labClustersNotice('kubedrill', [])).toBeUndefined();
  });
});
