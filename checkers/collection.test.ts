import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubectl, createKubectlCluster } from '../src/environments/live/kubectl.js';
import type { CheckContext, K8sObject, Outcome } from '../src/models/index.js';
import { createProcessRunner } from '../src/system/index.js';
import { startFakeApiServer, type FakeApiServer } from '../test/fake-api-server/index.js';
import { collectionChecker } from './collection.js';
import { nodeFixture, podFixture } from './support/fixtures.js';
import { TEST_VARS, testContext } from './support/test-ports.js';

/** A pod with a priority (set by the Priority admission plugin) and optionally privileged. */
function pod(name: string, o: { namespace?: string; labels?: Record<string, string>; priority?: number; privileged?: boolean; hostPID?: boolean } = {}): K8sObject {
  const p = podFixture({ name, namespace: o.namespace ?? 'prod', labels: o.labels ?? { app: name } });
  const spec = p.spec as Record<string, unknown> & { containers: Record<string, unknown>[] };
  if (o.priority !== undefined) spec.priority = o.priority;
  if (o.privileged) spec.containers[0] = { ...spec.containers[0], securityContext: { privileged: true } };
  if (o.hostPID) spec.hostPID = true;
  return p;
}

const objects: K8sObject[] = [
  pod('critical-1', { labels: { app: 'critical-app' }, priority: 1000000 }),
  pod('critical-2', { labels: { app: 'critical-app' }, priority: 1000000 }),
  pod('web-1', { labels: { app: 'web', tier: 'front' }, priority: 0 }),
  pod('web-2', { labels: { app: 'web', tier: 'front' }, priority: 0 }),
  pod('web-3', { namespace: 'dev', labels: { app: 'web' }, priority: 0 }),
  pod('debug', { namespace: 'hunt', privileged: true }),
  pod('monitor', { namespace: 'hunt', hostPID: true }),
  pod('net', { namespace: 'hunt' }),
  pod('plain', { namespace: 'default' }),
  nodeFixture({ name: 'kubedrill-control-plane', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
  nodeFixture({ name: 'kubedrill-worker' }),
];

async function run(params: Record<string, unknown>, ctx: CheckContext = testContext({ objects })): Promise<Outcome> {
  return collectionChecker.run(collectionChecker.params.parse(params), ctx);
}

describe('collection params', () => {
  it.each([
    [{ list: 'pods' }, /at least one of count, every, none/],
    [{ list: 'pods', count: {} }, /equals, or min and\/or max/],
    [{ list: 'pods', count: { equals: 1, min: 1 } }, /equals, or min and\/or max/],
    [{ list: 'pods', count: { min: 3, max: 1 } }, /min is above max/],
    [{ list: 'pods', every: { path: '{.x}', equals: 1 }, none: { path: '{.x}', equals: 2 } }, /every or none, not both/],
    [{ list: 'pods', every: { path: '{.x}' } }, /exactly one of equals/],
    [{ list: 'pods', every: { path: '{.x[', equals: 1 } }, /invalid JSONPath/],
    [{ list: 'pods', namespace: 'a', allNamespaces: true, count: { min: 1 } }, /not both/],
    [{ list: 'pods', labelSelector: 'app in (a', count: { min: 1 } }, /.+/],
    [{ list: 'pods', count: { min: 1 }, selector: 'x=y' }, /selector/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = collectionChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('collection count', () => {
  it('given the right number of labelled pods, then it passes naming them', async () => {
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'app=web', count: { equals: 2 } })).toEqual({
      status: 'passed',
      evidence: '2 pods labelled app=web in namespace prod: web-1, web-2',
    });
  });

  it('given a different number, then it fails with the count; the summary gives the count, not the one asked for', async () => {
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'app=web', count: { equals: 3 } })).toEqual({
      status: 'failed',
      expected: 'pods labelled app=web in namespace prod: exactly 3',
      actual: '2: web-1, web-2',
      summary: '2 pods labelled app=web in namespace prod: not the number the task asks',
    });
  });

  it('given no namespace, then the default namespace as kubectl without -n; allNamespaces lists them all', async () => {
    expect(await run({ list: 'pods', count: { equals: 1 } })).toMatchObject({ status: 'passed', evidence: '1 pods in namespace default: plain' });
    expect(await run({ list: 'po', allNamespaces: true, labelSelector: 'app=web', count: { min: 3 } })).toMatchObject({
      status: 'passed',
      evidence: '3 po labelled app=web in all namespaces: dev/web-3, prod/web-1, prod/web-2',
    });
  });

  it('given a cluster-scoped kind, then the namespace does not narrow it nor appear', async () => {
    expect(await run({ list: 'nodes', count: { equals: 2 } })).toMatchObject({ status: 'passed', evidence: '2 nodes: kubedrill-control-plane, kubedrill-worker' });
  });

  it('given a where condition, then only the items meeting it count, and the summary names its field but not its value', async () => {
    const where = { path: '{.spec.priority}', equals: 1000000 };
    expect((await run({ list: 'pods', namespace: 'prod', where, count: { equals: 2 } })).status).toBe('passed');
    const outcome = await run({ list: 'pods', namespace: 'prod', where, count: { min: 3 } });
    expect(outcome).toEqual({
      status: 'failed',
      expected: 'pods where spec.priority = 1000000 in namespace prod: at least 3',
      actual: '2: critical-1, critical-2',
      summary: "2 pods meeting the check's condition on spec.priority in namespace prod: not the number the task asks",
    });
  });

  it('given min and max, then both bounds hold', async () => {
    expect((await run({ list: 'pods', namespace: 'prod', count: { min: 1, max: 4 } })).status).toBe('passed');
    expect((await run({ list: 'pods', namespace: 'prod', count: { max: 3 } })).status).toBe('failed');
  });
});

describe('collection every / none', () => {
  it('given every labelled pod with the priority, then it passes; a pod without fails, naming it only in the evidence', async () => {
    const every = { path: '{.spec.priority}', equals: 1000000 };
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'app=critical-app', every })).toEqual({
      status: 'passed',
      evidence: '2 pods labelled app=critical-app in namespace prod: critical-1, critical-2 — every one: spec.priority = 1000000',
    });
    expect(await run({ list: 'pods', namespace: 'prod', every })).toEqual({
      status: 'failed',
      expected: 'pods in namespace prod: every one: spec.priority = 1000000',
      actual: '2 of 4 do not meet it: web-1 (spec.priority = 0), web-2 (spec.priority = 0)',
      summary: '2 of 4 pods in namespace prod: spec.priority is not what the task asks',
    });
  });

  it('given every over no items, then it fails: a deleted workload is not a compliant one', async () => {
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'app=gone', every: { path: '{.spec.priority}', equals: 1 } })).toMatchObject({
      status: 'failed',
      actual: 'no pods labelled app=gone in namespace prod to check',
    });
  });

  it('given a hunt for privileged pods, then none fails while one is left, without naming it before the solution', async () => {
    const none = { path: '{.spec.containers[*].securityContext.privileged}', contains: 'true' };
    const outcome = await run({ list: 'pods', namespace: 'hunt', none });
    expect(outcome).toEqual({
      status: 'failed',
      expected: 'pods in namespace hunt: none: spec.containers[*].securityContext.privileged contains "true"',
      actual: '1 of 3 meet it: debug (spec.containers[*].securityContext.privileged = true)',
      summary: '1 of 3 pods in namespace hunt still have a spec.containers[*].securityContext.privileged the task rules out',
    });
    expect((outcome as { summary: string }).summary).not.toContain('debug');
    expect(await run({ list: 'pods', namespace: 'hunt', none: { path: '{.spec.hostPID}', equals: true }, count: { equals: 3 } })).toMatchObject({ status: 'failed' });
    expect((await run({ list: 'pods', namespace: 'empty', none })).status).toBe('passed');
  });

  it('given a path that cannot be evaluated on an item, then that item does not meet the condition', async () => {
    const second = { path: '{.spec.containers[1].name}', equals: 'sidecar' };
    expect(await run({ list: 'pods', namespace: 'hunt', every: second })).toMatchObject({
      status: 'failed',
      actual: expect.stringMatching(/^3 of 3 do not meet it: debug \(spec\.containers\[1\]\.name = cannot evaluate: array index out of bounds/),
    });
    expect((await run({ list: 'pods', namespace: 'hunt', none: second })).status).toBe('passed');
  });

  it('given operators as in the jsonpath check, then they mean the same: empty:false is "set", equalsQuantity compares values', async () => {
    expect((await run({ list: 'nodes', every: { path: '{.status.capacity.cpu}', equalsQuantity: '4000m' } })).status).toBe('passed');
    expect((await run({ list: 'nodes', count: { equals: 1 }, where: { path: '{.spec.taints}', empty: false } })).status).toBe('passed');
    expect((await run({ list: 'pods', namespace: 'prod', every: { path: '{.metadata.labels.app}', oneOf: ['critical-app', 'web'] } })).status).toBe('passed');
  });

  it('given an offline workspace, then it grades from the workspace objects the same way', async () => {
    const offline = testContext({ objects, offline: true });
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'tier=front', count: { equals: 2 } }, offline)).toMatchObject({ status: 'passed' });
    expect(collectionChecker.needs).toEqual([]);
  });

  it('given live: true (ready pods only controllers make), then offline it is unsupported and live it grades the cluster', async () => {
    const params = { list: 'pods', namespace: 'prod', labelSelector: 'tier=front', count: { equals: 2 }, live: true, withinSeconds: 1 };
    expect(await run(params, testContext({ objects, offline: true }))).toMatchObject({ status: 'unsupported' });
    expect(await run(params)).toMatchObject({ status: 'passed' });
    expect(collectionChecker.params.safeParse({ list: 'pods', count: { min: 1 }, withinSeconds: 5 }).success).toBe(false);
  });
});

// Tier 2: the checker over the real kubectl adapter, real kubectl and the fake API server.
describe('collection against real kubectl and a fake API server', () => {
  let server: FakeApiServer;
  let dir: string;
  let ctx: CheckContext;

  beforeAll(async () => {
    server = await startFakeApiServer(objects);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-collection-'));
    const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
    const kubectl = createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache') });
    ctx = { cluster: createKubectlCluster(kubectl), nodes: testContext().nodes, answers: testContext().answers, vars: TEST_VARS, offline: false, signal: new AbortController().signal };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given a label selector in a namespace, then kubectl lists through the API and the count and every hold', async () => {
    expect(await run({ list: 'pods', namespace: 'prod', labelSelector: 'app=critical-app', count: { equals: 2 }, every: { path: '{.spec.priority}', equals: 1000000 } }, ctx)).toEqual({
      status: 'passed',
      evidence: '2 pods labelled app=critical-app in namespace prod: critical-1, critical-2 — every one: spec.priority = 1000000',
    });
    expect(server.requests.some((r) => r.path.startsWith('/api/v1/namespaces/prod/pods?') && r.path.includes('labelSelector=app%3Dcritical-app'))).toBe(true);
  });

  it('given all namespaces and a short name, then kubectl -A resolves it and none fails on the privileged pod', async () => {
    expect(await run({ list: 'po', allNamespaces: true, none: { path: '{.spec.containers[*].securityContext.privileged}', equals: true } }, ctx)).toMatchObject({
      status: 'failed',
      actual: '1 of 9 meet it: hunt/debug (spec.containers[*].securityContext.privileged = true)',
    });
  });

  it('given nodes, then a cluster-scoped list counts them all', async () => {
    expect(await run({ list: 'no', where: { path: '{.spec.taints[*].effect}', contains: 'NoSchedule' }, count: { equals: 1 } }, ctx)).toMatchObject({
      status: 'passed',
      evidence: "1 no where spec.taints[*].effect contains \"NoSchedule\": kubedrill-control-plane",
    });
  });
});
