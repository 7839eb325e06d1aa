import { describe, expect, it } from 'vitest';
import { taskSchema, type Task } from '../models/index.js';
import { applyVariant, describeVariant, drawVariant, enumerateVariants, variantCount, variantSeedFor } from './task-variants.js';

/** A task with every kind of parameter and a placeholder in each field where params are filled in. */
function paramTask(params: Record<string, unknown> = DEFAULT_PARAMS): Task {
  return taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id: 'test/params', title: 'Back up {{params.ns}}', exams: ['CKA'], domain: 'storage', difficulty: 'quick', minutes: 3 },
    params,
    setup: [{ apply: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: "{{params.ns}}" }\n' }],
    statement: 'In {{params.ns}}, scale {{ params.app }} to {{params.replicas}} on port {{params.port}}; write {{answers}}/out.txt on {{nodes.worker1}}.',
    hints: ['kubectl -n {{params.ns}} scale deploy {{params.app}}'],
    solution: [{ kubectl: ['-n', '{{params.ns}}', 'scale', 'deploy/{{params.app}}', '--replicas={{params.replicas}}'] }],
    walkthrough: [{ why: 'scale it', run: 'kubectl -n {{params.ns}} scale deploy {{params.app}} --replicas={{params.replicas}}' }],
    alternatives: [{ name: 'patch', steps: [{ kubectl: ['-n', '{{params.ns}}', 'patch', 'deploy/{{params.app}}', '-p', '{"spec":{"replicas":{{params.replicas}}}}'] }] }],
    nearMisses: [{ name: 'wrong ns', steps: [{ kubectl: ['-n', '{{params.backup}}', 'scale', 'deploy/{{params.app}}', '--replicas={{params.replicas}}'] }] }],
    checks: [{ id: 'replicas', type: 'jsonpath', points: 1, ref: 'deployment/{{params.app}}', namespace: '{{params.ns}}', path: '{.spec.replicas}', equals: '{{params.replicas}}' }],
    docs: [{ label: 'Scaling in {{params.ns}}', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/' }],
  });
}

const DEFAULT_PARAMS = {
  ns: { oneOf: ['shop', 'store', 'market'] },
  app: { name: { words: [['blue', 'green', 'red'], ['api', 'web', 'cache']] } },
  replicas: { int: { min: 2, max: 5 } },
  port: { port: {} },
  tier: { label: { words: [['front', 'Back'], ['v1']] } },
  backup: { value: '{{params.ns}}-backup' },
  archive: { value: '{{params.backup}}-{{params.replicas}}' },
};

describe('drawVariant', () => {
  it('given the same seed, then the applied task is byte-identical: statement, setup, checks and all', () => {
    const task = paramTask();
    const first = JSON.stringify(applyVariant(task, drawVariant(task, 42)));
    const again = JSON.stringify(applyVariant(paramTask(), drawVariant(paramTask(), 42)));
    expect(again).toBe(first);
    const { params: _, metadata: __, ...filled } = applyVariant(task, drawVariant(task, 42));
    expect(JSON.stringify(filled)).not.toContain('{{params.');
  });

  it('given two different seeds, then the statements differ', () => {
    const task = paramTask();
    const one = applyVariant(task, drawVariant(task, 1)).statement;
    const two = applyVariant(task, drawVariant(task, 2)).statement;
    expect(one).not.toBe(two);
  });

  it('given many seeds, then every choice is drawn and every value stays in its range and makes a valid name', () => {
    const task = paramTask();
    const seen = { ns: new Set<string>(), app: new Set<string>(), replicas: new Set<string>(), tier: new Set<string>() };
    for (let seed = 0; seed < 300; seed++) {
      const { params } = drawVariant(task, seed);
      for (const key of Object.keys(seen) as (keyof typeof seen)[]) seen[key].add(params[key] as string);
      expect(Number(params.port)).toBeGreaterThanOrEqual(30000);
      expect(Number(params.port)).toBeLessThanOrEqual(32767);
      expect(params.app).toMatch(/^(blue|green|red)-(api|web|cache)$/);
      expect(params.backup).toBe(`${params.ns}-backup`);
      expect(params.archive).toBe(`${params.ns}-backup-${params.replicas}`);
    }
    expect([...seen.ns].sort()).toEqual(['market', 'shop', 'store']);
    expect(seen.app.size).toBe(9);
    expect([...seen.replicas].sort()).toEqual(['2', '3', '4', '5']);
    expect([...seen.tier].sort()).toEqual(['Back-v1', 'front-v1']);
  });

  it('given a seed, then the variant records it (as an unsigned 32-bit number) and every param in declaration order', () => {
    const variant = drawVariant(paramTask(), -1);
    expect(variant.seed).toBe(0xffffffff);
    expect(Object.keys(variant.params)).toEqual(['ns', 'app', 'replicas', 'port', 'tier', 'backup', 'archive']);
    expect(describeVariant(variant)).toMatch(/^seed 4294967295 \(ns=\w+, app=[\w-]+, replicas=\d, port=\d+, tier=[\w-]+, backup=\w+-backup, archive=[\w-]+\)$/);
  });

  it('given a task without params, then its variant has no values and applying it returns the task itself', () => {
    const task = taskSchema.parse({ ...paramTask(), params: undefined, statement: 'Plain {{nodes.worker1}}.' });
    expect(drawVariant(task, 7)).toEqual({ seed: 7, params: {} });
    expect(applyVariant(task, drawVariant(task, 7))).toBe(task);
    expect(variantCount(task)).toBe(1);
  });
});

describe('applyVariant', () => {
  it('fills in params everywhere they expand, leaves other placeholders and the rest of the task alone', () => {
    const task = paramTask();
    const variant = { seed: 5, params: { ns: 'shop', app: 'red-web', replicas: '3', port: '30080', tier: 'front-v1', backup: 'shop-backup', archive: 'shop-backup-3' } };
    const applied = applyVariant(task, variant);
    expect(applied.statement).toBe('In shop, scale red-web to 3 on port 30080; write {{answers}}/out.txt on {{nodes.worker1}}.');
    expect(applied.hints).toEqual(['kubectl -n shop scale deploy red-web']);
    expect(applied.setup).toEqual([{ apply: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: "shop" }\n' }]);
    expect(applied.solution).toEqual([{ kubectl: ['-n', 'shop', 'scale', 'deploy/red-web', '--replicas=3'] }]);
    expect(applied.walkthrough[0]?.run).toBe('kubectl -n shop scale deploy red-web --replicas=3');
    expect(applied.alternatives[0]?.steps).toEqual([{ kubectl: ['-n', 'shop', 'patch', 'deploy/red-web', '-p', '{"spec":{"replicas":3}}'] }]);
    expect(applied.nearMisses[0]?.steps).toEqual([{ kubectl: ['-n', 'shop-backup', 'scale', 'deploy/red-web', '--replicas=3'] }]);
    expect(applied.checks[0]).toMatchObject({ ref: 'deployment/red-web', namespace: 'shop', equals: '3', path: '{.spec.replicas}' });
    expect(applied.docs[0]?.label).toBe('Scaling in shop');
    // Not a field where params expand: kept as written (the loader refuses such a placeholder).
    expect(applied.metadata.title).toBe('Back up {{params.ns}}');
    // The input is not modified.
    expect(task.statement).toContain('{{params.ns}}');
  });

  it('given a variant that lacks a value for a declared param, then it says which', () => {
    const task = paramTask();
    const { archive: _, ...params } = drawVariant(task, 1).params;
    expect(() => applyVariant(task, { seed: 1, params })).toThrow('the variant (seed 1) has no value for parameter archive of test/params');
  });
});

describe('enumerateVariants', () => {
  it('given at most n combinations, then it returns every one, each reproduced by its seed', () => {
    const task = paramTask({ ns: { oneOf: ['a', 'b'] }, replicas: { int: { min: 1, max: 2 } }, copy: { value: '{{params.ns}}2' } });
    expect(variantCount(task)).toBe(4);
    const variants = enumerateVariants(task, 5);
    expect(variants.map((v) => `${v.params.ns}/${v.params.replicas}`).sort()).toEqual(['a/1', 'a/2', 'b/1', 'b/2']);
    for (const variant of variants) expect(drawVariant(task, variant.seed)).toEqual(variant);
  });

  it('given more combinations than n, then it returns n different ones, the same on every call', () => {
    const task = paramTask();
    const variants = enumerateVariants(task, 3);
    expect(variants).toHaveLength(3);
    expect(new Set(variants.map((v) => JSON.stringify(v.params))).size).toBe(3);
    expect(enumerateVariants(paramTask(), 3)).toEqual(variants);
    for (const variant of variants) expect(drawVariant(task, variant.seed)).toEqual(variant);
  });

  it('given a task without params, then there is one variant to test', () => {
    const task = taskSchema.parse({ ...paramTask(), params: undefined });
    expect(enumerateVariants(task, 3)).toEqual([{ seed: 0, params: {} }]);
  });
});

describe('variantSeedFor', () => {
  it('gives the same seed for the same exam seed and task, and another for another task or exam seed', () => {
    const seed = variantSeedFor(1234, 'cka/etcd-backup');
    expect(variantSeedFor(1234, 'cka/etcd-backup')).toBe(seed);
    expect(variantSeedFor(1234, 'cka/etcd-restore')).not.toBe(seed);
    expect(variantSeedFor(1235, 'cka/etcd-backup')).not.toBe(seed);
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff).toBe(true);
  });

  it('spreads the tasks of one exam over different variants', () => {
    const seeds = new Set(Array.from({ length: 50 }, (_, i) => variantSeedFor(99, `cka/task-${i}`)));
    expect(seeds.size).toBe(50);
  });
});
