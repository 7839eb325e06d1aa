import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { testContext } from '../../checkers/support/test-ports.js';
import type { Capability, Checker, K8sObject, Outcome, Task } from '../models/index.js';
import { defineChecker, failed, passed, taskSchema, UnsupportedOperationError } from '../models/index.js';
import { gradeTask, type GradingWorld } from './grade-task.js';

const task = (checks: Record<string, unknown>[]): Task =>
  taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id: 'cka/test', title: 'Test', exams: ['CKA'], domain: 'storage', difficulty: 'quick', minutes: 2 },
    statement: 'do it',
    solution: [{ wait: { for: 'delete', ref: 'pod/x' } }],
    checks,
  });

/** Passes when the pod named by `ref` has the image; records what it was given. */
const seen: unknown[] = [];
const imageChecker = defineChecker({
  type: 'image',
  summary: 'test',
  params: z.strictObject({ pod: z.string(), image: z.string() }),
  needs: [],
  async run(p, ctx) {
    seen.push(p);
    const pod = await ctx.cluster.get({ kind: 'pod', name: p.pod, namespace: 'default' });
    const image = (pod?.spec as { containers?: { image?: string }[] } | undefined)?.containers?.[0]?.image ?? '<none>';
    return image === p.image ? passed(`image ${image}`) : failed(p.image, image);
  },
});
const fixed = (type: string, outcome: () => Promise<Outcome>, needs: Capability[] = []): Checker =>
  defineChecker({ type, summary: type, params: z.strictObject({}), needs, run: outcome });

const podObj = (name: string, image: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image }] },
});

function world(objects: K8sObject[] = [], capabilities: Capability[] = []): GradingWorld & { calls: ReturnType<typeof testContext>['calls'] } {
  const ctx = testContext({ objects });
  return { ports: ctx, vars: ctx.vars, capabilities: new Set(capabilities), calls: ctx.calls };
}

describe('gradeTask', () => {
  it('given passed, failed, error and unsupported checks, when graded, then ungradable points leave possible', async () => {
    const checkers = [
      imageChecker,
      fixed('boom', () => Promise.reject(new Error('cluster unreachable'))),
      fixed('nodes', () => Promise.resolve(passed()), ['node-shell']),
    ];
    const report = await gradeTask(
      task([
        { id: 'a', type: 'image', points: 1, pod: 'web', image: 'nginx:1.27' },
        { id: 'b', type: 'image', points: 2, pod: 'web', image: 'nginx:1.26', description: 'old image' },
        { id: 'c', type: 'boom', points: 4 },
        { id: 'd', type: 'nodes', points: 8 },
      ]),
      world([podObj('web', 'nginx:1.27')]),
      checkers,
    );
    expect(report.score).toEqual({ earned: 1, possible: 3, percent: 33.3 });
    expect(report.ungraded).toBe(12);
    expect(report.checks.map((c) => [c.id, c.status, c.earned])).toEqual([
      ['a', 'passed', 1],
      ['b', 'failed', 0],
      ['c', 'error', 0],
      ['d', 'unsupported', 0],
    ]);
    expect(report.checks[0]?.evidence).toBe('image nginx:1.27');
    expect(report.checks[1]).toMatchObject({ expected: 'nginx:1.26', actual: 'nginx:1.27', description: 'old image' });
    expect(report.checks[2]?.reason).toBe('cluster unreachable');
    expect(report.checks[3]?.reason).toMatch(/needs node-shell/);
    expect(report).toMatchObject({ formatVersion: 1, task: { id: 'cka/test', title: 'Test' } });
  });

  it('given failed checks, when graded, then each keeps its full evidence and gets a summary that never holds the expected value', async () => {
    const own = fixed('own', () => Promise.resolve(failed('replicas 5', 'replicas 2', { hint: 'kubectl scale', summary: 'deployment/web has 2 replicas' })));
    const report = await gradeTask(
      task([
        { id: 'a', type: 'image', points: 1, pod: 'web', image: 'nginx:1.99' },
        { id: 'b', type: 'own', points: 1 },
      ]),
      world([podObj('web', 'nginx:1.27')]),
      [imageChecker, own],
    );
    // The checker gave none: the engine's generic one names the pod from the params, not the image.
    expect(report.checks[0]).toMatchObject({ expected: 'nginx:1.99', actual: 'nginx:1.27', summary: 'pod web: not what the task asks yet' });
    expect(report.checks[0]?.summary).not.toContain('1.99');
    expect(report.checks[1]).toMatchObject({ expected: 'replicas 5', hint: 'kubectl scale', summary: 'deployment/web has 2 replicas' });
  });

  it('given placeholders in params, when graded, then the checker sees them expanded', async () => {
    seen.length = 0;
    await gradeTask(task([{ id: 'a', type: 'image', points: 1, pod: 'web-{{ nodes.worker1 }}', image: 'x' }]), world(), [imageChecker]);
    expect(seen).toEqual([{ pod: 'web-kubedrill-worker', image: 'x' }]);
  });

  it('given bad params, an unknown variable or an unknown type, when graded, then each is an error naming the cause', async () => {
    const report = await gradeTask(
      task([
        { id: 'a', type: 'image', points: 1, pod: 'web', image: 3 },
        { id: 'b', type: 'image', points: 1, pod: 'web', image: 'x', extra: true },
        { id: 'c', type: 'image', points: 1, pod: '{{nodes.worker9}}', image: 'x' },
        { id: 'd', type: 'nope', points: 1 },
      ]),
      world(),
      [imageChecker],
    );
    expect(report.checks.map((c) => c.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(report.checks[0]?.reason).toMatch(/^invalid image params: image: /);
    expect(report.checks[1]?.reason).toMatch(/extra/);
    expect(report.checks[2]?.reason).toMatch(/nodes\.worker9/);
    expect(report.checks[3]?.reason).toMatch(/unknown check type "nope"/);
    expect(report.score).toEqual({ earned: 0, possible: 0, percent: 0 });
  });

  it('given a check slower than the timeout, when graded, then it is an error and its signal is aborted', async () => {
    let aborted = false;
    const slow = fixed('slow', () => new Promise<Outcome>(() => undefined));
    const watcher = defineChecker({
      type: 'watch',
      summary: '',
      params: z.strictObject({}),
      needs: [],
      run: (_p, ctx) =>
        new Promise<Outcome>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve(passed());
          });
        }),
    });
    const report = await gradeTask(task([{ id: 'a', type: 'slow', points: 1 }, { id: 'b', type: 'watch', points: 1 }]), world(), [slow, watcher], {
      checkTimeoutMs: 50,
    });
    expect(report.checks.map((c) => c.reason)).toEqual(['timed out after 50ms', 'timed out after 50ms']);
    expect(aborted).toBe(true);
  });

  it('given a check that waits for a state longer than the default deadline, when graded, then its own deadline applies and a miss is failed, not error', async () => {
    const waiting = defineChecker({
      type: 'waiting',
      summary: '',
      params: z.strictObject({ withinMs: z.number() }),
      needs: [],
      timeoutMs: (p) => p.withinMs + 100,
      run: async (p) => {
        await new Promise((resolve) => setTimeout(resolve, p.withinMs));
        return failed('Ready', 'still Pending');
      },
    });
    const report = await gradeTask(task([{ id: 'w', type: 'waiting', points: 2, withinMs: 120 }]), world(), [waiting], { checkTimeoutMs: 50 });
    expect(report.checks[0]).toMatchObject({ status: 'failed', actual: 'still Pending' });
    expect(report.score).toEqual({ earned: 0, possible: 2, percent: 0 });
  });

  it('given a checker whose needs depend on its params, when the environment lacks one, then only the checks needing it are unsupported', async () => {
    const probe = defineChecker({
      type: 'probe',
      summary: '',
      params: z.strictObject({ expect: z.enum(['allowed', 'blocked']) }),
      needs: ['pod-exec', 'network-policy'],
      needsFor: (p) => (p.expect === 'blocked' ? ['pod-exec', 'network-policy'] : ['pod-exec']),
      run: async () => passed(),
    });
    const checks = [
      { id: 'open', type: 'probe', points: 1, expect: 'allowed' },
      { id: 'closed', type: 'probe', points: 1, expect: 'blocked' },
    ];
    const report = await gradeTask(task(checks), world([], ['pod-exec']), [probe]);
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'unsupported']);
    expect(report.checks[1]?.reason).toMatch(/needs network-policy/);
  });

  it('given a cancelled signal, when graded, then checks end as errors saying so', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await gradeTask(task([{ id: 'a', type: 'slow', points: 1 }]), world(), [fixed('slow', () => new Promise<Outcome>(() => undefined))], {
      signal: controller.signal,
    });
    expect(report.checks[0]).toMatchObject({ status: 'error', reason: 'grading was cancelled' });
  });

  it('given a port that cannot answer in this environment, when graded, then the check is unsupported', async () => {
    const report = await gradeTask(
      task([{ id: 'a', type: 'exec', points: 2 }]),
      world(),
      [fixed('exec', () => Promise.reject(new UnsupportedOperationError('no containers offline')))],
    );
    expect(report.checks[0]).toMatchObject({ status: 'unsupported', reason: 'no containers offline' });
    expect(report.ungraded).toBe(2);
  });

  it('given a concurrency limit, when graded, then no more checks run at once and results keep task order', async () => {
    let running = 0;
    let peak = 0;
    const finished: string[] = [];
    const timed = defineChecker({
      type: 'timed',
      summary: '',
      params: z.strictObject({ ms: z.number() }),
      needs: [],
      async run(p) {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, p.ms));
        running--;
        return passed();
      },
    });
    const checks = [30, 5, 20, 1, 10].map((ms, i) => ({ id: `c${i}`, type: 'timed', points: 1, ms }));
    const report = await gradeTask(task(checks), world(), [timed], { concurrency: 2, onProgress: (id) => finished.push(id) });
    expect(peak).toBe(2);
    expect(report.checks.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(finished).toHaveLength(5);
    expect(finished).not.toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('given many checks reading the same kind, when graded, then the cluster lists it once', async () => {
    const checks = ['web', 'db', 'api', 'web'].map((pod, i) => ({ id: `c${i}`, type: 'image', points: 1, pod, image: 'nginx' }));
    const w = world([podObj('web', 'nginx'), podObj('db', 'postgres')]);
    const report = await gradeTask(task(checks), w, [imageChecker]);
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'failed', 'failed', 'passed']);
    expect(w.calls.list).toBe(1);
    expect(w.calls.get).toBe(0);
  });

  it('given an injected clock, when graded, then durations come from it', async () => {
    let t = 1000;
    const report = await gradeTask(task([{ id: 'a', type: 'image', points: 1, pod: 'x', image: 'y' }]), world(), [imageChecker], {
      now: () => (t += 7),
    });
    expect(report.checks[0]?.durationMs).toBe(7);
  });
});
