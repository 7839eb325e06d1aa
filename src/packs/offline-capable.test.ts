import { describe, expect, it } from 'vitest';
import { taskSchema, type Task } from '../models/index.js';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { offlineCapability } from './offline-capable.js';

function task(overrides: Record<string, unknown>): Task {
  return taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id: 't', title: 'T', exams: ['CKA'], domain: 'storage', difficulty: 'quick', minutes: 2 },
    statement: 'Do it.',
    solution: [{ apply: 'kind: Namespace' }],
    checks: [{ id: 'ns', type: 'resource', points: 1, ref: 'namespace/web', expect: 'exists' }],
    ...overrides,
  });
}

describe('offlineCapability', () => {
  it('accepts a task made of apply, delete, wait and answer steps', () => {
    const t = task({
      setup: [{ apply: 'kind: Namespace' }, { delete: 'pod/x' }, { wait: { for: 'condition=Ready', ref: 'pod/x' } }],
      nearMisses: [{ name: 'wrong file', steps: [{ answer: { path: 'a.txt', content: 'x' } }] }],
    });
    expect(offlineCapability(t, TEST_CHECKERS)).toEqual({ capable: true, reasons: [] });
  });

  it('refuses node and kubectl steps in setup and solution, saying where; near misses with them are only skipped', () => {
    const t = task({
      setup: [{ apply: 'x' }, { node: 'worker1', script: 'true' }],
      solution: [{ kubectl: ['label', 'node', 'x', 'a=b'] }],
      nearMisses: [{ name: 'old path', steps: [{ node: 'worker1', script: 'true' }] }],
    });
    expect(offlineCapability(t, TEST_CHECKERS)).toEqual({
      capable: false,
      reasons: [
        'setup step 2 is a node step (needs a live cluster)',
        'solution step 1 is a kubectl step (needs a live cluster)',
      ],
    });
    const liveMissOnly = task({ nearMisses: [{ name: 'old path', steps: [{ node: 'worker1', script: 'true' }] }] });
    expect(offlineCapability(liveMissOnly, TEST_CHECKERS).capable).toBe(true);
  });

  it('lists checks that will be unsupported offline without blocking the task', () => {
    const t = task({
      checks: [
        { id: 'mirror', type: 'static-pod', points: 3, name: 'web', node: 'worker1' },
        { id: 'ns', type: 'resource', points: 1, ref: 'namespace/web', expect: 'exists' },
      ],
    });
    expect(offlineCapability(t, TEST_CHECKERS)).toEqual({
      capable: true,
      reasons: ['check "mirror" (static-pod) needs node-shell: unsupported offline'],
    });
    // An environment that has node-shell would run it
    expect(offlineCapability(t, TEST_CHECKERS, ['node-shell']).reasons).toEqual([]);
  });
});
