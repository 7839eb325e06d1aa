import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { taskSchema, type Capability, type LoadedTask, type Task } from '../models/index.js';
import { missingNeeds, runnableHere, taskNeeds } from './task-needs.js';

const task = (id: string, checks: Record<string, unknown>[], needs: Capability[] = []): Task =>
  taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id, title: id, exams: ['CKA'], domain: 'services-networking', difficulty: 'quick', minutes: 2 },
    environment: { needs },
    statement: 'do it',
    solution: [{ apply: 'kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n' }],
    checks,
  });

const reach = (expect: 'allowed' | 'blocked') => ({ id: expect, type: 'connectivity', points: 1, from: { pod: 'client' }, to: { service: 'web', port: 80 }, expect });
const noPolicies = { kind: 'kind' as const, capabilities: new Set<Capability>(['pod-exec', 'can-i', 'node-shell']), unavailable: { 'network-policy': 'a deny-all policy did not block traffic' } };

describe('task needs', () => {
  it('Given a task with a blocked and an allowed connectivity check, then it needs policy enforcement because of the blocked one only', () => {
    expect(taskNeeds(task('a', [reach('allowed')]), CHECKERS).sort()).toEqual(['pod-exec']);
    expect(taskNeeds(task('b', [reach('allowed'), reach('blocked')]), CHECKERS).sort()).toEqual(['network-policy', 'pod-exec']);
  });

  it('Given a cluster that does not enforce policies, then a policy task is refused with the probe finding and a reachability task is not', () => {
    expect(missingNeeds(task('np', [reach('blocked')]), noPolicies, CHECKERS)).toEqual(['needs network-policy: a deny-all policy did not block traffic']);
    expect(missingNeeds(task('dns', [reach('allowed')]), noPolicies, CHECKERS)).toEqual([]);
  });

  it('Given a declared need the environment lacks, then the task is refused even when its checks would run', () => {
    const declared = task('aa', [{ id: 'ns', type: 'resource', points: 1, ref: 'namespace/x', expect: 'exists' }], ['apparmor']);
    expect(missingNeeds(declared, noPolicies, CHECKERS)).toEqual(['needs apparmor: this environment does not offer it']);
  });

  it('Given an offline workspace, then nothing is refused for capabilities (offline grading reports such checks as unsupported)', () => {
    expect(missingNeeds(task('np', [reach('blocked')]), { kind: 'offline', capabilities: new Set(['can-i']) }, CHECKERS)).toEqual([]);
  });

  it('Given a mix, then runnableHere keeps the order of the runnable tasks and says why for the others', () => {
    const loaded = (t: Task): LoadedTask => ({ task: t }) as LoadedTask;
    const result = runnableHere([loaded(task('np', [reach('blocked')])), loaded(task('dns', [reach('allowed')]))], noPolicies, CHECKERS);
    expect(result.runnable.map((t) => t.task.metadata.id)).toEqual(['dns']);
    expect(result.refused).toEqual([{ id: 'np', reasons: ['needs network-policy: a deny-all policy did not block traffic'] }]);
  });
});
