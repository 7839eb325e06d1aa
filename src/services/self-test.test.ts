import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import type { Environment } from '../environments/types.js';
import { taskSchema, type Task } from '../models/index.js';
import { gradeTask, gradingWorld } from '../grading/index.js';
import { selfTestTask } from './self-test.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n';
const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: web }\ndata: { mode: "${value}" }\n`;

/** A task: setup makes namespace web and configmap keep; the answer is configmap app with mode=on. */
function task(extra: Record<string, unknown> = {}, checks?: Record<string, unknown>[]): Task {
  return taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id: 'ckad/self-test', title: 'Self-test', exams: ['CKAD'], domain: 'design-build', difficulty: 'quick', minutes: 2 },
    setup: [{ apply: `${NS}---\n${cm('keep', 'x')}` }],
    statement: 'Create ConfigMap app with mode=on in web; leave keep alone.',
    solution: [{ apply: cm('app', 'on') }],
    checks: checks ?? [
      { id: 'mode', type: 'jsonpath', points: 2, ref: 'configmap/app', namespace: 'web', path: '{.data.mode}', equals: 'on' },
      { id: 'keep-untouched', type: 'resource', points: 0, guard: true, ref: 'configmap/keep', namespace: 'web', expect: 'exists' },
    ],
    ...extra,
  });
}

let dir: string;
let environment: Environment;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubedrill-selftest-'));
  environment = await openOfflineEnvironment(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const phases = async (t: Task) => (await selfTestTask(t, environment, CHECKERS)).phases.map((p) => ({ phase: p.phase, ok: p.ok, problem: p.problem, skipped: p.skipped }));

describe('self-test rules', () => {
  it('given a fair task with an alternative, a near miss and a guard, when self-tested, then every phase holds', async () => {
    const t = task({
      alternatives: [{ name: 'quoted value in a List', steps: [{ apply: `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: app, namespace: web}, data: {mode: 'on'}}\n` }] }],
      nearMisses: [{ name: 'keep deleted on the way', steps: [{ apply: cm('app', 'on') }, { delete: 'configmap/keep', namespace: 'web' }] }],
    });
    const result = await selfTestTask(t, environment, CHECKERS);
    expect(result.phases.map((p) => [p.phase, p.requirement, p.ok])).toEqual([
      ['setup', { exactly: 0 }, true],
      ['solution', { exactly: 100 }, true],
      ['alternative: quoted value in a List', { exactly: 100 }, true],
      ['near miss: keep deleted on the way', { below: 100 }, true],
    ]);
    expect(result.ok).toBe(true);
    // The near miss lost everything through the guard, with the reason in the report.
    expect(result.phases[3]?.report?.guardsFailed).toEqual(['keep-untouched']);
    expect(result.phases[3]?.report?.score.earned).toBe(0);
  });

  it('given a check that passes on setup alone, when self-tested, then the setup phase fails naming the free points', async () => {
    const t = task({}, [
      { id: 'mode', type: 'jsonpath', points: 2, ref: 'configmap/app', namespace: 'web', path: '{.data.mode}', equals: 'on' },
      { id: 'keep-exists', type: 'resource', points: 1, ref: 'configmap/keep', namespace: 'web', expect: 'exists' },
    ]);
    const [setup] = await phases(t);
    expect(setup?.ok).toBe(false);
    expect(setup?.problem).toMatch(/needs 0%.*free points: keep-exists passes on setup alone/);
  });

  it('given an alternative that scores below 100%, when self-tested, then it fails with the lost check', async () => {
    const t = task({ alternatives: [{ name: 'wrong value', steps: [{ apply: cm('app', 'ON') }] }] });
    const alternative = (await phases(t)).find((p) => p.phase === 'alternative: wrong value');
    expect(alternative?.ok).toBe(false);
    expect(alternative?.problem).toMatch(/needs 100%.*mode: expected/);
  });

  it('given a near miss that scores 100%, when self-tested, then it fails', async () => {
    const t = task({ nearMisses: [{ name: 'not a miss', steps: [{ apply: cm('app', 'on') }] }] });
    expect((await phases(t)).find((p) => p.phase === 'near miss: not a miss')).toMatchObject({ ok: false, problem: expect.stringMatching(/needs below 100%/) });
  });

  it('given a solution that breaks a guard, when self-tested, then the solution fails because of the guard', async () => {
    const t = task({ solution: [{ apply: cm('app', 'on') }, { delete: 'configmap/keep', namespace: 'web' }] });
    const solution = (await phases(t)).find((p) => p.phase === 'solution');
    expect(solution).toMatchObject({ ok: false, problem: expect.stringMatching(/^guard failed: keep-untouched/) });
  });

  it('given an alternative with a kubectl step, when self-tested offline, then it is skipped as live-only, not passed silently', async () => {
    const t = task({ alternatives: [{ name: 'kubectl create', steps: [{ kubectl: ['-n', 'web', 'create', 'configmap', 'app', '--from-literal=mode=on'] }] }] });
    const alternative = (await phases(t)).find((p) => p.phase === 'alternative: kubectl create');
    expect(alternative).toEqual({ phase: 'alternative: kubectl create', ok: true, problem: undefined, skipped: 'a kubectl step needs a live cluster' });
  });

  it('given a workspace with one file that does not parse, when graded, then the other files still count and the report names the broken file and line', async () => {
    const t = task();
    const world = await environment.openTask(t.metadata.id);
    for (const step of [...t.setup, ...t.solution]) await world.runStep(step);
    await writeFile(join(dir, 'web', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  labels: {a: b\n');
    const report = await gradeTask(t, gradingWorld(environment, world), CHECKERS);
    expect(report.score.percent).toBe(100);
    expect(report.problems?.[0]).toMatch(/^web\/broken\.yaml:\d+(:\d+)?: /);
  });
});
