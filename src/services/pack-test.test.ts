import { mkdtemp, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import type { Environment } from '../environments/types.js';
import { taskSchema, type Capability, type Disruption, type LoadedTask } from '../models/index.js';
import { main } from '../cli.js';
import { loadPacks } from '../packs/load.js';
import { testTasks } from './pack-test.js';
import { formatResults } from './pack-test-run.js';
import { drawVariant } from './task-variants.js';

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

describe('pack test proves every variant of a task with params (offline)', () => {
  it('given the example task and --variants 3, then three different variants each pass every phase, each named by seed and values', async () => {
    const loaded = await loadPacks([fileURLToPath(new URL('../../test/broken-packs/valid/params-example', import.meta.url))], { checkers: CHECKERS, checkManifests: true });
    expect(loaded.problems).toEqual([]);
    const started: string[] = [];
    const results = await testTasks({ tasks: loaded.tasks, checkers: CHECKERS, target: { offline: true }, variants: 3, onTaskStart: (id, variant) => started.push(`${id} ${variant?.seed}`) });
    expect(results).toHaveLength(3);
    const seeds = results.map((r) => r.variant?.seed);
    expect(new Set(results.map((r) => JSON.stringify(r.variant?.params))).size).toBe(3);
    expect(started).toEqual(seeds.map((seed) => `example/params-configmap ${seed}`));
    for (const result of results) {
      // Every phase ran (none skipped offline) and held: 0 on setup, 100 for solution and alternative, less for near misses.
      expect(result.phases.map((p) => [p.phase, p.ok, p.skipped, p.report?.score.percent])).toEqual([
        ['setup', true, undefined, 0],
        ['solution', true, undefined, 100],
        ['alternative: block-style YAML, keys in another order', true, undefined, 100],
        ['near miss: ConfigMap in the default namespace', true, undefined, 25],
        ['near miss: no backup namespace', true, undefined, 75],
      ]);
      // The variant recorded is the one the seed draws.
      const task = loaded.tasks[0]?.task;
      if (task && result.variant) expect(result.variant).toEqual(drawVariant(task, result.variant.seed));
    }
  });

  it('given a solution that fits only one variant, then the other variant fails and the report names its seed and values', async () => {
    const task = taskSchema.parse({
      apiVersion: 'kubedrill.dev/v1',
      kind: 'Task',
      metadata: { id: 'test/hard-coded', title: 'Create it', exams: ['CKA'], domain: 'troubleshooting', difficulty: 'quick', minutes: 2 },
      params: { ns: { oneOf: ['shop', 'store'] } },
      statement: 'Create namespace {{params.ns}}.',
      // Wrong on purpose: the solution names one of the choices instead of the param.
      solution: [{ apply: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n' }],
      checks: [{ id: 'ns', type: 'resource', points: 1, ref: 'namespace/{{params.ns}}', expect: 'exists' }],
    });
    const results = await testTasks({ tasks: [{ task, packId: 'test', file: '/packs/t.yaml' }], checkers: CHECKERS, target: { offline: true }, variants: 5 });
    // Two combinations, fewer than 5: both are tested.
    expect(results.map((r) => [r.variant?.params.ns, r.ok]).sort()).toEqual([
      ['shop', true],
      ['store', false],
    ]);
    const failed = results.find((r) => !r.ok);
    const text = formatResults(results, true);
    expect(text).toContain(`✗ test/hard-coded  seed ${failed?.variant?.seed} (ns=store)`);
    expect(text).toContain('1 passed, 1 failed, 0 skipped');
  });
});

describe('kubedrill pack test --variants N', () => {
  it('given --variants 2 --json, then the JSON lists two results for the task, each with its seed and values', async () => {
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (d) => (out += String(d)));
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-packtest-'));
    const dir = fileURLToPath(new URL('../../test/broken-packs/valid/params-example', import.meta.url));
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { KUBEDRILL_HOME: home }, cwd: process.cwd(), signal: new AbortController().signal, now: () => 0 };
    const code = await main(['pack', 'test', dir, '--offline', '--variants', '2', '--json'], io);
    await rm(home, { recursive: true, force: true });
    expect(code).toBe(0);
    const { results } = JSON.parse(out) as { results: { taskId: string; ok: boolean; variant?: { seed: number; params: Record<string, string> } }[] };
    expect(results.map((r) => [r.taskId, r.ok, r.variant?.seed])).toEqual([
      ['example/params-configmap', true, 0],
      ['example/params-configmap', true, 1],
    ]);
    expect(Object.keys(results[0]?.variant?.params ?? {})).toEqual(['ns', 'app', 'replicas', 'port', 'tier', 'backup']);
  });
});
