import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatProblem, loadPacks } from '../packs/load.js';
import { defineChecker, type Checker } from './checker.js';
import { durationMs, MAX_TIMER_MS } from './common.js';
import type { ExamProfile } from './exam-profile.js';
import { stepSchema } from './step.js';

describe('step durations', () => {
  it('Given step timeouts up to 1 h, When validated, Then they pass; beyond, Then they are refused with the limit', () => {
    for (const timeout of ['500ms', '90s', '60m', '1h', '3600s']) expect(stepSchema.safeParse({ kubectl: ['get', 'pods'], timeout }).success).toBe(true);
    for (const step of [{ kubectl: ['x'], timeout: '2h' }, { node: 'worker1', script: 'x', timeout: '61m' }, { wait: { for: 'delete', ref: 'pod/x', timeout: '600h' } }]) {
      const result = stepSchema.safeParse(step);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('a timeout may be at most 1h');
    }
  });

  it('Given a duration past what a Node timer holds, When converted, Then it is capped at 2^31-1 ms (a longer timer fires at once)', () => {
    expect(durationMs('596h')).toBe(596 * 3_600_000);
    expect(durationMs('600h')).toBe(MAX_TIMER_MS);
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
  });

  it('Given a pack whose step waits 600 h, When validated, Then the problem names FILE:LINE of the timeout', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kubedrill-duration-'));
    try {
      await mkdir(join(root, 'p'), { recursive: true });
      await writeFile(join(root, 'p', 'pack.yaml'), 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata:\n  id: p\n  title: T\n  version: 1.0.0\n  exams: [CKA]\n');
      const task = [
        'apiVersion: kubedrill.dev/v1',
        'kind: Task',
        'metadata: { id: p/slow, title: T, exams: [CKA], domain: storage, difficulty: quick, minutes: 2 }',
        'statement: Do it.',
        'setup:',
        '  - kubectl: [get, pods]',
        '    timeout: 600h',
        'solution:',
        '  - apply: "kind: Namespace"',
        'checks:',
        '  - { id: ns, type: resource, points: 1, ref: namespace/web }',
        '',
      ].join('\n');
      await writeFile(join(root, 'p', 'slow.yaml'), task);
      const resource = defineChecker({ type: 'resource', summary: 's', needs: [], params: z.strictObject({ ref: z.string() }), run: async () => ({ status: 'error', reason: 'not run' }) });
      const profiles: ExamProfile[] = [{ apiVersion: 'kubedrill.dev/v1', kind: 'ExamProfile', exam: 'CKA', title: 'CKA', durationMinutes: 120, tasks: { min: 1, max: 2 }, passPercent: 66, domains: [{ id: 'storage', title: 'Storage', weight: 100 }] }];
      const result = await loadPacks([join(root, 'p')], { checkers: [resource] as unknown as readonly Checker[], profiles });
      expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${join(root, 'p', 'slow.yaml')}:7:\\d+: .*timeout.*a timeout may be at most 1h`))]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
