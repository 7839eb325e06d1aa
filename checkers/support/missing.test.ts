import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/models/index.js';
import { describeMissing } from './missing.js';
import { testContext } from './test-ports.js';

const pod = (name: string, namespace: string): K8sObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } });

describe('describeMissing', () => {
  it('given the name in another namespace, when described, then it says where it was found', async () => {
    const { cluster } = testContext({ objects: [pod('web', 'web'), pod('web', 'shop')] });
    expect(await describeMissing(cluster, { kind: 'pod', name: 'web', namespace: 'default' })).toBe(
      'pod/web not found in namespace default; found pod/web in namespace shop, namespace web',
    );
  });

  it('given a near name in the same namespace, when described, then it asks "did you mean"', async () => {
    const { cluster } = testContext({ objects: [pod('web-1', 'default'), pod('db', 'default'), pod('wbe', 'other')] });
    expect(await describeMissing(cluster, { kind: 'pod', name: 'web', namespace: 'default' })).toBe(
      'pod/web not found in namespace default; did you mean pod/web-1?',
    );
  });

  it('given nothing close, when described, then it says only not found', async () => {
    const { cluster } = testContext({ objects: [pod('database-primary', 'default')] });
    expect(await describeMissing(cluster, { kind: 'pod', name: 'web', namespace: 'default' })).toBe('pod/web not found in namespace default');
    expect(await describeMissing(testContext().cluster, { kind: 'pod', name: 'web', namespace: 'x' })).toBe(
      'pod/web not found in namespace x (no pod objects there)',
    );
  });

  it('given a cluster-scoped kind, when described, then no namespace is mentioned', async () => {
    const { cluster } = testContext({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }] });
    expect(await describeMissing(cluster, { kind: 'namespace', name: 'prd', namespace: 'default' })).toBe(
      'namespace/prd not found; did you mean namespace/prod?',
    );
  });

  it('given a failing list, when described, then it falls back to not found', async () => {
    const ctx = testContext();
    ctx.cluster.list = () => Promise.reject(new Error('down'));
    expect(await describeMissing(ctx.cluster, { kind: 'pod', name: 'web', namespace: 'default' })).toBe('pod/web not found');
  });
});
