import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { K8sObject } from '../../models/index.js';
import { createProcessRunner } from '../../system/index.js';
import { startFakeApiServer, type AccessAttributes, type FakeApiServer } from '../../../test/fake-api-server/index.js';
import { createKubectl, createKubectlCluster, KubectlError } from './kubectl.js';

// Tier 2 (the README, Tests): the adapter against the REAL kubectl binary and a fake API server.
const objects: K8sObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'prod', labels: { app: 'db' } }, spec: { containers: [] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'dev', labels: { app: 'web' } }, spec: { containers: [] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kubedrill-worker' } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'prod' }, spec: { podSelector: {} } },
];

describe('kubectl Cluster adapter against real kubectl and a fake API server', () => {
  let server: FakeApiServer;
  let dir: string;
  let asked: AccessAttributes[];

  beforeEach(async () => {
    asked = [];
    server = await startFakeApiServer(objects, {
      forbidden: ['secrets'],
      slow: { configmaps: 10_000 },
      canI: (attrs) => {
        asked.push(attrs);
        return attrs.user === 'system:serviceaccount:db:team' && attrs.verb === 'create' && attrs.subresource === 'exec';
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-kubectl-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function cluster(requestTimeoutMs?: number) {
    const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
    const kubectl = createKubectl({
      runner: createProcessRunner(),
      target: { context: 'kind-fake', kubeconfig },
      cacheDir: join(dir, 'cache'),
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    });
    return createKubectlCluster(kubectl);
  }

  it('given an existing pod, when get, then the object comes back as the API returned it', async () => {
    const pod = await (await cluster()).get({ kind: 'pod', name: 'web', namespace: 'prod' });
    expect(pod?.metadata?.labels).toEqual({ app: 'web' });
    expect(pod?.spec).toEqual({ containers: [{ name: 'web', image: 'nginx:1.27' }] });
  });

  it('given a short name and a grouped kind, when get, then kubectl resolves them through discovery', async () => {
    const c = await cluster();
    expect((await c.get({ kind: 'netpol', name: 'deny', namespace: 'prod' }))?.kind).toBe('NetworkPolicy');
    expect((await c.get({ kind: 'no', name: 'kubedrill-worker' }))?.metadata?.name).toBe('kubedrill-worker');
  });

  it('given no such object, when get, then undefined (NotFound is absence, not an error)', async () => {
    expect(await (await cluster()).get({ kind: 'pod', name: 'nope', namespace: 'prod' })).toBeUndefined();
  });

  it('given pods in two namespaces, when list with and without namespace and selector, then the right items', async () => {
    const c = await cluster();
    const names = (items: K8sObject[]) => items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`).sort();
    expect(names(await c.list('pods'))).toEqual(['dev/web', 'prod/db', 'prod/web']);
    expect(names(await c.list('pods', { namespace: 'prod' }))).toEqual(['prod/db', 'prod/web']);
    expect(names(await c.list('pods', { labelSelector: 'app=web' }))).toEqual(['dev/web', 'prod/web']);
    expect(server.requests.some((r) => r.path.startsWith('/api/v1/pods?') && r.path.includes('labelSelector=app%3Dweb'))).toBe(true);
  });

  it('given a forbidden resource, when get or list, then a KubectlError "forbidden" explains it', async () => {
    const c = await cluster();
    const error = await c.get({ kind: 'secret', name: 's', namespace: 'prod' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubectlError);
    expect(error).toMatchObject({ failure: 'forbidden' });
    expect((error as Error).message).toContain('forbidden');
    await expect(c.list('secrets')).rejects.toMatchObject({ failure: 'forbidden' });
  });

  it('given a server slower than the request timeout, when get, then a timeout error, not a hang', async () => {
    const c = await cluster(1000);
    const started = Date.now();
    const error = await c.get({ kind: 'configmap', name: 'x', namespace: 'prod' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubectlError);
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(9000);
  });

  it('given the learner\'s current context points elsewhere, when the adapter runs, then it still reaches its own context', async () => {
    // The kubeconfig's current-context is a dead address: any call without --context would fail.
    await (await cluster()).list('nodes');
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('given an API server that is down, when get, then an "unreachable" error names the context', async () => {
    const c = await cluster(2000);
    await server.close();
    const error = await c.get({ kind: 'pod', name: 'web', namespace: 'prod' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'unreachable' });
    expect((error as Error).message).toContain('kind-fake');
  });

  it('given RBAC answers, when canI with --as and a subresource, then yes/no come back as booleans', async () => {
    const c = await cluster();
    const as = 'system:serviceaccount:db:team';
    expect(await c.canI({ verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'db', as })).toBe(true);
    expect(await c.canI({ verb: 'delete', resource: 'pods', namespace: 'db', as })).toBe(false);
    expect(await c.canI({ verb: 'get', resource: 'pods', name: 'web', namespace: 'db', as, asGroups: ['devs'] })).toBe(false);
    expect(asked[0]).toMatchObject({ user: as, verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'db' });
    expect(asked[2]).toMatchObject({ name: 'web', groups: ['devs'] });
  });
});

describe('grading when the API server stops answering (real kubectl, fake API server)', () => {
  it('given a check that passes, when the API server goes away, then the same check is failed with the reason, not left out of the score', async () => {
    const { CHECKERS } = await import('../../../checkers/index.js');
    const { gradeTask } = await import('../../grading/index.js');
    const { taskSchema } = await import('../../models/index.js');
    const { TEST_VARS } = await import('../../../checkers/support/test-ports.js');
    const server = await startFakeApiServer(objects);
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-down-'));
    try {
      const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
      const kubectl = createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache'), requestTimeoutMs: 3000 });
      const task = taskSchema.parse({
        apiVersion: 'kubedrill.dev/v1',
        kind: 'Task',
        metadata: { id: 'cka/down', title: 'down', exams: ['CKA'], domain: 'troubleshooting', difficulty: 'quick', minutes: 2 },
        statement: 's',
        solution: [{ wait: { for: 'delete', ref: 'pod/x' } }],
        checks: [{ id: 'image', type: 'jsonpath', points: 2, ref: 'pod/web', namespace: 'prod', path: '{.spec.containers[0].image}', equals: 'nginx:1.27' }],
      });
      const grade = () =>
        gradeTask(task, { ports: { cluster: createKubectlCluster(kubectl), nodes: { exec: () => Promise.reject(new Error('no')), readFile: () => Promise.reject(new Error('no')) }, answers: { readFile: async () => undefined } }, vars: TEST_VARS, capabilities: new Set() }, CHECKERS);

      const up = await grade();
      expect(up.checks[0]).toMatchObject({ status: "passed" });
      expect(up.score).toEqual({ earned: 2, possible: 2, percent: 100 });
      await server.close();
      const down = await grade();
      expect(down.score).toEqual({ earned: 0, possible: 2, percent: 0 });
      expect(down.ungraded).toBe(0);
      expect(down.checks[0]).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^API server unreachable: .*unreachable/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
