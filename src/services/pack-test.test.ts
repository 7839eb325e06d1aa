import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import type { Environment } from '../environments/types.js';
import { taskSchema, type Capability, type Disruption, type LoadedTask } from '../models/index.js';
import { testTasks } from './pack-test.js';

/** A task whose solution creates namespace `ns` and whose one check wants it. */
function nsTask(id: string, ns: string, extra: { disrupts?: Disruption[]; blocked?: boolean } = {}): LoadedTask {
  const checks: Record<string, unknown>[] = [{ id: 'ns', type: 'resource', points: 2, ref: `namespace/${ns}`, expect: 'exists' }];
  if (extra.blocked) checks.push({ id: 'deny', type: 'connectivity', points: 1, from: { pod: 'client' }, to: { pod: 'web', port: 80 }, expect: 'blocked' });
  const task = taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id, title: id, exams: ['CKA'], domain: 'troubleshooting', difficulty: 'quick', minutes: 2 },
    environment: { disrupts: extra.disrupts ?? [] },
    statement: 'Create it.',
    solution: [{ apply: `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n` }],
    checks,
  });
  return { task, packId: 'test', file: `/packs/${id}.yaml` };
}

// The offline workspace stands in for a live cluster here: same ports, a "kind" label and live capabilities.
describe('pack test on a live cluster (workspace standing in)', () => {
  let dirs: string[] = [];
  const live = async (capabilities: Capability[] = ['pod-exec', 'can-i', 'node-shell']): Promise<Environment> => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-packtest-'));
    dirs.push(dir);
    const offline = await openOfflineEnvironment(dir);
    return { ...offline, kind: 'kind', capabilities: new Set(capabilities), unavailable: { 'network-policy': 'a deny-all policy did not block traffic' } };
  };
  beforeEach(() => {
    dirs = [];
  });
  afterEach(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('given two disruptive tasks and a cluster kubedrill may re-create, then each runs on a fresh one, after the others, reported in the given order', async () => {
    let renewals = 0;
    const order: string[] = [];
    const tasks = [nsTask('cka/restore', 'a', { disrupts: ['etcd'] }), nsTask('cka/plain', 'b'), nsTask('cka/kubelet', 'c', { disrupts: ['kubelet'] })];
    const results = await testTasks({
      tasks,
      checkers: CHECKERS,
      target: { offline: false, environment: await live(), renew: async () => (renewals++, live()) },
      onTaskStart: (id) => order.push(id),
    });
    expect(order).toEqual(['cka/plain', 'cka/restore', 'cka/kubelet']);
    expect(renewals).toBe(1);
    expect(results.map((r) => [r.taskId, r.ok, r.skipped])).toEqual([
      ['cka/restore', true, undefined],
      ['cka/plain', true, undefined],
      ['cka/kubelet', true, undefined],
    ]);
  });

  it('given a cluster that is not ours to re-create, then only the first disruptive task runs and the next says how to test it alone', async () => {
    const tasks = [nsTask('cka/restore', 'a', { disrupts: ['etcd'] }), nsTask('cka/kubelet', 'c', { disrupts: ['kubelet'] })];
    const results = await testTasks({ tasks, checkers: CHECKERS, target: { offline: false, environment: await live() } });
    expect(results[0]).toMatchObject({ taskId: 'cka/restore', ok: true });
    expect(results[0]?.skipped).toBeUndefined();
    expect(results[1]?.skipped).toBe('the cluster was changed by cka/restore; test it alone with --task cka/kubelet');
  });

  it('given a policy task where policies are not enforced, then it is skipped with the reason, not passed', async () => {
    const results = await testTasks({ tasks: [nsTask('cka/np', 'n', { blocked: true })], checkers: CHECKERS, target: { offline: false, environment: await live() } });
    expect(results[0]).toMatchObject({ taskId: 'cka/np', skipped: 'needs network-policy: a deny-all policy did not block traffic' });
  });
});
