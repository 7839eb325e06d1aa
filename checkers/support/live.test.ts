import { describe, expect, it } from 'vitest';
import { gradeTask } from '../../src/grading/grade-task.js';
import type { Cluster, K8sObject, Outcome, Task } from '../../src/models/index.js';
import { jsonpathChecker } from '../jsonpath.js';
import { resourceChecker } from '../resource.js';
import { pollUntilPassed } from './live.js';
import { testContext, TEST_VARS } from './test-ports.js';

const job = (succeeded?: number): K8sObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'export', namespace: 'default' },
  spec: { template: { spec: { containers: [] } } },
  ...(succeeded !== undefined ? { status: { succeeded } } : {}),
});

/** A cluster whose Job succeeds from the `after`-th read on (a controller acting), counting reads (get or list). */
function controllerCluster(after: number): Cluster & { reads: number } {
  const ctx = testContext();
  const read = (): K8sObject => {
    cluster.reads++;
    return job(cluster.reads >= after ? 1 : undefined);
  };
  const cluster = {
    ...ctx.cluster,
    reads: 0,
    get: async () => read(),
    // The grading cache serves gets from a list of the kind.
    list: async () => [read()],
  };
  return cluster;
}

const check = { ref: 'job/export', path: '{.status.succeeded}', equals: '1' };

describe('live: true (support/live.ts) on jsonpath and resource', () => {
  it('given live: true offline, then the check is unsupported, not failed, and nothing is read', async () => {
    const ctx = testContext({ objects: [job()], offline: true });
    const outcome = await jsonpathChecker.run(jsonpathChecker.params.parse({ ...check, live: true }), ctx);
    expect(outcome).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('offline') });
    expect(ctx.calls.get).toBe(0);
    const resource = await resourceChecker.run(resourceChecker.params.parse({ ref: 'pvc/cache-scratch', live: true }), ctx);
    expect(resource.status).toBe('unsupported');
  });

  it('given no live flag, then a missing status fails at once, offline or live, as before', async () => {
    for (const offline of [true, false]) {
      const ctx = testContext({ objects: [job()], offline });
      expect((await jsonpathChecker.run(jsonpathChecker.params.parse(check), ctx)).status).toBe('failed');
      expect(ctx.calls.get).toBe(1);
    }
  });

  it('given the controller acts on the third read, when live, then it polls and passes saying how long it took', async () => {
    const cluster = controllerCluster(3);
    const ctx = { ...testContext(), cluster };
    const outcome = await pollUntilPassed(() => jsonpathChecker.run(jsonpathChecker.params.parse(check), ctx), 5_000, ctx.signal, { intervalMs: 10 });
    expect(outcome).toEqual({ status: 'passed', evidence: expect.stringMatching(/^status\.succeeded = 1 \(after \d+(\.\d)? s\)$/) });
    expect(cluster.reads).toBe(3);
  });

  it('given the state never comes, when live with withinSeconds, then the last failure is reported with the wait', async () => {
    const ctx = testContext({ objects: [job()] });
    const started = Date.now();
    const outcome = await jsonpathChecker.run(jsonpathChecker.params.parse({ ...check, live: true, withinSeconds: 0.3 }), ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(outcome).toMatchObject({ status: 'failed', actual: '(empty) (still so after waiting 0.3 s)', summary: expect.stringContaining('(still so after waiting 0.3 s)') });
    expect(ctx.calls.get).toBeGreaterThanOrEqual(2);
  });

  it('given an API server that does not answer at first, then polling goes on; given it never answers, the cluster-down error comes out', async () => {
    const down = Object.assign(new Error('connection refused'), { clusterDown: true });
    let calls = 0;
    const signal = new AbortController().signal;
    const recovering = async (): Promise<Outcome> => {
      calls++;
      if (calls < 3) throw down;
      return { status: 'passed', evidence: 'ok' };
    };
    expect(await pollUntilPassed(recovering, 5_000, signal, { intervalMs: 5 })).toMatchObject({ status: 'passed' });
    await expect(pollUntilPassed(() => Promise.reject(down), 50, signal, { intervalMs: 5 })).rejects.toBe(down);
    // Any other error is kubedrill's: no retry.
    calls = 0;
    const broken = async (): Promise<Outcome> => {
      calls++;
      throw new Error('bug');
    };
    await expect(pollUntilPassed(broken, 5_000, signal, { intervalMs: 5 })).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('given an error outcome, then it is returned at once: waiting cannot fix it', async () => {
    let calls = 0;
    const outcome = await pollUntilPassed(async () => {
      calls++;
      return { status: 'error', reason: 'bad template' };
    }, 5_000, new AbortController().signal, { intervalMs: 5 });
    expect(outcome).toEqual({ status: 'error', reason: 'bad template' });
    expect(calls).toBe(1);
  });

  it('given the check is cancelled while waiting, then polling stops with the signal', async () => {
    const controller = new AbortController();
    const waiting = pollUntilPassed(async () => ({ status: 'failed', expected: 'x', actual: 'y' }), 60_000, controller.signal, { intervalMs: 60_000 });
    controller.abort(new Error('grading was cancelled'));
    await expect(waiting).rejects.toThrow('grading was cancelled');
  });

  it('rejects withinSeconds without live, and keeps the checker\'s own rules', () => {
    const lone = jsonpathChecker.params.safeParse({ ...check, withinSeconds: 10 });
    expect(lone.error?.issues[0]).toMatchObject({ path: ['withinSeconds'], message: 'withinSeconds needs live: true' });
    expect(jsonpathChecker.params.safeParse({ ref: 'job/export', path: '{.status}', live: true }).success).toBe(false);
    expect(resourceChecker.params.safeParse({ ref: 'job/export', live: 'yes' }).success).toBe(false);
  });

  it('given the engine\'s short default deadline, when live, then the check\'s own deadline lets it wait and pass', async () => {
    const cluster = controllerCluster(2);
    const ctx = testContext();
    const task = {
      metadata: { id: 't/live', title: 'live' },
      checks: [{ id: 'done', type: 'jsonpath', points: 1, ...check, live: true, withinSeconds: 10 }],
    } as unknown as Task;
    // One poll interval (2 s) is longer than this default: without timeoutMs the check would end as an error.
    const report = await gradeTask(task, { ports: { cluster, nodes: ctx.nodes, answers: ctx.answers }, vars: TEST_VARS, capabilities: new Set() }, [jsonpathChecker], { checkTimeoutMs: 500 });
    expect(report.checks[0]).toMatchObject({ status: 'passed', evidence: expect.stringContaining('(after ') });
  }, 15_000);
});
