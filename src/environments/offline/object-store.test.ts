import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError, type K8sObject } from '../../models/index.js';
import { createObjectCluster, normalizeObject, placeObject } from './object-store.js';

const pod = (name: string, namespace?: string, labels?: Record<string, string>): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

const objects = [
  pod('web-2', 'shop', { app: 'web' }),
  pod('web-1', 'shop', { app: 'web', tier: 'frontend' }),
  pod('db', 'shop', { app: 'db' }),
  pod('tools'),
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kubedrill-worker', namespace: 'bogus' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
  { apiVersion: 'acme.io/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'shop' } },
].map(normalizeObject);
const cluster = createObjectCluster(() => Promise.resolve(objects));

describe('object cluster', () => {
  it('given objects without namespaces, when normalized, then namespaced kinds get default and cluster kinds none', async () => {
    expect((await cluster.get({ kind: 'po', name: 'tools' }))?.metadata?.namespace).toBe('default');
    expect((await cluster.get({ kind: 'node', name: 'kubedrill-worker', namespace: 'x' }))?.metadata?.namespace).toBeUndefined();
  });

  it('given a ref with a kubectl alias, when got, then the object in that namespace is returned', async () => {
    expect((await cluster.get({ kind: 'deploy', name: 'web', namespace: 'shop' }))?.kind).toBe('Deployment');
    expect(await cluster.get({ kind: 'deployment.apps', name: 'web', namespace: 'default' })).toBeUndefined();
    expect(await cluster.get({ kind: 'pod', name: 'web', namespace: 'shop' })).toBeUndefined();
  });

  it('given list options, when listed, then namespace and selector filter and order is namespace then name', async () => {
    const names = (list: K8sObject[]) => list.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
    expect(names(await cluster.list('pods'))).toEqual(['default/tools', 'shop/db', 'shop/web-1', 'shop/web-2']);
    expect(names(await cluster.list('pod', { namespace: 'shop', labelSelector: 'app=web' }))).toEqual(['shop/web-1', 'shop/web-2']);
    expect(names(await cluster.list('pod', { labelSelector: 'app in (web),!tier' }))).toEqual(['shop/web-2']);
  });

  it('given a custom resource kind, when listed by its plural, then it is found', async () => {
    expect((await cluster.list('widgets')).map((o) => o.metadata?.name)).toEqual(['w1']);
  });

  it('given a returned object, when the caller changes it, then the store is unchanged', async () => {
    const got = await cluster.get({ kind: 'pod', name: 'db', namespace: 'shop' });
    if (got?.metadata) got.metadata.name = 'changed';
    expect(await cluster.get({ kind: 'pod', name: 'db', namespace: 'shop' })).toBeDefined();
  });

  it('given an exec request, when asked, then it rejects as unsupported', async () => {
    await expect(cluster.execInPod({ namespace: 'shop', pod: 'db', command: ['true'] })).rejects.toThrow(UnsupportedOperationError);
  });

  it('given built-in objects as a learner writes them, when normalized, then they read like kubectl get -o yaml', () => {
    const svc = normalizeObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: {} }, spec: { ports: [{ port: 80 }] } });
    expect(svc).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' },
    });
    const np = normalizeObject({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: {}, ingress: [] } });
    expect(np.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const quota = normalizeObject({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'x' }, spec: { hard: { cpu: '0.5' } } });
    expect(quota.spec).toEqual({ hard: { cpu: '500m' } });
  });

  it('given a normalized object, when normalized again, then it is unchanged', () => {
    const once = normalizeObject(pod('p', 'x'));
    expect(normalizeObject(once)).toEqual(once);
  });

  it('given a custom resource with empties and bare ports, when normalized, then only its namespace is placed', () => {
    const cr = { apiVersion: 'acme.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' }, spec: { ports: [{ port: 80 }], tags: [], extra: {}, note: null } };
    expect(normalizeObject(cr)).toEqual(cr);
  });

  it('given an object, when placed, then only its namespace changes (apply writes that)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    expect(placeObject(svc)).toEqual({ ...svc, metadata: { name: 's', namespace: 'default' } });
  });
});
