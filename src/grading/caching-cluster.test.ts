import { describe, expect, it } from 'vitest';
import { testContext } from '../../checkers/support/test-ports.js';
import type { K8sObject } from '../models/index.js';
import { cachingCluster } from './caching-cluster.js';

const obj = (kind: string, apiVersion: string, name: string, namespace?: string, labels?: Record<string, string>): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
});

const objects = [
  obj('Pod', 'v1', 'web', 'shop', { app: 'web' }),
  obj('Pod', 'v1', 'web', 'default', { app: 'web' }),
  obj('Pod', 'v1', 'db', 'shop', { app: 'db' }),
  obj('Node', 'v1', 'kubedrill-worker'),
  obj('Deployment', 'apps/v1', 'web', 'shop'),
];

describe('cachingCluster', () => {
  it('given gets and lists of one kind under different spellings, when served, then one list is made and filters apply', async () => {
    const ctx = testContext({ objects });
    const cache = cachingCluster(ctx.cluster);
    expect((await cache.get({ kind: 'pod', name: 'web', namespace: 'shop' }))?.metadata?.namespace).toBe('shop');
    expect((await cache.get({ kind: 'po', name: 'web' }))?.metadata?.namespace).toBe('default');
    expect(await cache.get({ kind: 'pods', name: 'db', namespace: 'default' })).toBeUndefined();
    expect((await cache.list('Pod', { namespace: 'shop', labelSelector: 'app=web' })).map((p) => p.metadata?.name)).toEqual(['web']);
    expect((await cache.list('pods')).length).toBe(3);
    expect(ctx.calls.list).toBe(1);
    expect((await cache.get({ kind: 'node', name: 'kubedrill-worker', namespace: 'shop' }))?.kind).toBe('Node');
    expect((await cache.get({ kind: 'deploy', name: 'web', namespace: 'shop' }))?.kind).toBe('Deployment');
    expect(ctx.calls.list).toBe(3);
  });

  it('given concurrent reads, when served, then they share one request', async () => {
    const ctx = testContext({ objects });
    const cache = cachingCluster(ctx.cluster);
    await Promise.all([cache.list('pod'), cache.get({ kind: 'pod', name: 'db', namespace: 'shop' }), cache.list('pod', { namespace: 'x' })]);
    expect(ctx.calls.list).toBe(1);
  });

  it('given a check repeating the same request, when served through its view, then the repeat is fresh', async () => {
    const live = [obj('Pod', 'v1', 'web', 'default')];
    const ctx = testContext();
    ctx.cluster.list = (kind) => {
      ctx.calls.list++;
      return Promise.resolve(kind === 'pod' ? structuredClone(live) : []);
    };
    const cache = cachingCluster(ctx.cluster);
    const view = cache.view();
    expect((await view.get({ kind: 'pod', name: 'web' }))?.metadata?.labels).toBeUndefined();
    live[0] = obj('Pod', 'v1', 'web', 'default', { restarted: 'yes' });
    // Another check's first read still comes from the cache…
    expect((await cache.view().get({ kind: 'pod', name: 'web' }))?.metadata?.labels).toBeUndefined();
    // …a different request from the same check too…
    await view.list('pod');
    expect(ctx.calls.list).toBe(1);
    // …but the same check asking again (polling) sees the change.
    expect((await view.get({ kind: 'pod', name: 'web' }))?.metadata?.labels).toEqual({ restarted: 'yes' });
    expect(ctx.calls.list).toBe(2);
  });

  it('given a failing list, when asked again, then it retries instead of caching the failure', async () => {
    const ctx = testContext({ objects });
    let fail = true;
    const list = ctx.cluster.list;
    ctx.cluster.list = (kind, opts) => (fail ? Promise.reject(new Error('timeout')) : list(kind, opts));
    const cache = cachingCluster(ctx.cluster);
    await expect(cache.list('pod')).rejects.toThrow('timeout');
    fail = false;
    expect(await cache.list('pod')).toHaveLength(3);
  });
  it('given the same dry run twice, from the run and from a view, then each goes to the cluster: admission answers are never cached', async () => {
    const ctx = testContext({ dryRun: () => ({ allowed: true, message: 'pod/p created (server dry run)', warnings: [] }) });
    const cache = cachingCluster(ctx.cluster);
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n';
    await cache.dryRun(manifest, { as: 'jane' });
    await cache.dryRun(manifest, { as: 'jane' });
    await cache.view().dryRun(manifest, { as: 'jane' });
    expect(ctx.calls.dryRun).toHaveLength(3);
    expect(ctx.calls.dryRun[2]).toEqual({ manifest, opts: { as: 'jane' } });
  });
});
