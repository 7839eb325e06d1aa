// Test doubles for the session services and screens: tasks built in code, an in-memory world
// whose "cluster" is a set of keys, and a grader that passes a check when its id is in that set.
import type { ExamProfile, LoadedTask, Step, Task, TaskReport, TemplateVars } from '../../src/models/index.js';
import type { TaskWorld } from '../../src/environments/types.js';

/** Builds a valid task; `checks` are `[id, points]`, solved by applying a step whose text is the id. */
export function makeTask(
  id: string,
  opts: {
    domain?: string;
    exams?: Task['metadata']['exams'];
    checks?: [string, number][];
    tags?: string[];
    minutes?: number;
    hints?: string[];
    statement?: string;
    setup?: Step[];
    walkthrough?: Task['walkthrough'];
    docs?: Task['docs'];
  } = {},
): Task {
  const checks = opts.checks ?? [['first', 2], ['second', 1]];
  return {
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: {
      id,
      title: `Title of ${id}`,
      exams: opts.exams ?? ['CKA'],
      domain: opts.domain ?? 'storage',
      difficulty: 'core',
      minutes: opts.minutes ?? 6,
      tags: opts.tags ?? ['tag-a'],
    },
    environment: { workers: 0, needs: [], disrupts: [] },
    setup: opts.setup ?? [{ apply: 'setup-done' }],
    statement: opts.statement ?? `Fix \`web\` in {{answers}} for ${id}.`,
    hints: opts.hints ?? ['First hint.', 'Second hint.'],
    solution: checks.map(([checkId]) => ({ apply: checkId })),
    walkthrough: opts.walkthrough ?? [],
    alternatives: [],
    nearMisses: [],
    checks: checks.map(([checkId, points]) => ({ id: checkId, type: 'fake', points })),
    docs: opts.docs ?? [],
  };
}

export const loaded = (task: Task): LoadedTask => ({ task, packId: 'test', file: `/packs/${task.metadata.id}.yaml` });

/** An in-memory world: `state` holds what steps applied. */
export interface FakeWorld extends TaskWorld {
  state: Set<string>;
  resets: number;
}

export function fakeWorld(taskId: string): FakeWorld {
  const state = new Set<string>();
  const vars: TemplateVars = {
    cluster: 'kubedrill',
    context: 'kind-kubedrill',
    answers: `/ws/answers/${taskId.replaceAll('/', '__')}`,
    nodes: { controlplane: 'cp', worker1: 'w1', worker2: 'w2' },
  };
  const world: FakeWorld = {
    state,
    resets: 0,
    vars,
    ports: {} as TaskWorld['ports'],
    accessLines: [`workspace: /ws`, `answers: ${vars.answers}`],
    terminal: { env: { KUBECONFIG: '/kube/kubedrill.kubeconfig' }, contextLine: 'kubectl config use-context kind-kubedrill' },
    async runStep(step) {
      if ('apply' in step) state.add(step.apply);
    },
    async reset() {
      world.resets += 1;
      state.clear();
    },
  };
  return world;
}

/** A grader: a check passes when the world state holds its id. */
export async function fakeGrade(task: Task, world: TaskWorld, onProgress?: (checkId: string) => void): Promise<TaskReport> {
  const state = (world as FakeWorld).state;
  const checks = task.checks.map((check) => {
    const ok = state.has(check.id);
    onProgress?.(check.id);
    return ok
      ? { id: check.id, type: check.type, status: 'passed' as const, points: check.points, earned: check.points, durationMs: 1 }
      : {
          id: check.id,
          type: check.type,
          status: 'failed' as const,
          points: check.points,
          earned: 0,
          expected: `${check.id} done`,
          actual: `${check.id} missing`,
          summary: `${check.id} is not there yet`,
          durationMs: 1,
        };
  });
  const earned = checks.reduce((n, c) => n + c.earned, 0);
  const possible = checks.reduce((n, c) => n + c.points, 0);
  return {
    formatVersion: 1,
    task: { id: task.metadata.id, title: task.metadata.title },
    score: { earned, possible, percent: possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10 },
    ungraded: 0,
    checks,
  };
}

/** Expands `{{answers}}`, `{{cluster}}` and `{{nodes.…}}` like the real templating does, enough for tests. */
export function fakeExpand<T>(value: T, vars: TemplateVars): T {
  let text = JSON.stringify(value).replaceAll('{{answers}}', vars.answers).replaceAll('{{cluster}}', vars.cluster);
  for (const [node, name] of Object.entries(vars.nodes)) text = text.replaceAll(`{{nodes.${node}}}`, name);
  return JSON.parse(text) as T;
}

export const ckaProfile: ExamProfile = {
  apiVersion: 'kubedrill.dev/v1',
  kind: 'ExamProfile',
  exam: 'CKA',
  title: 'Certified Kubernetes Administrator',
  durationMinutes: 120,
  tasks: { min: 15, max: 20 },
  passPercent: 66,
  domains: [
    { id: 'cluster-architecture', title: 'Cluster Architecture', weight: 25 },
    { id: 'workloads-scheduling', title: 'Workloads & Scheduling', weight: 15 },
    { id: 'services-networking', title: 'Services & Networking', weight: 20 },
    { id: 'storage', title: 'Storage', weight: 10 },
    { id: 'troubleshooting', title: 'Troubleshooting', weight: 30 },
  ],
};

/** `n` CKA tasks in each profile domain. */
export function ckaCatalog(perDomain: number): LoadedTask[] {
  return ckaProfile.domains.flatMap((d) =>
    Array.from({ length: perDomain }, (_, i) => loaded(makeTask(`cka/${d.id}-${i}`, { domain: d.id, tags: [d.id.split('-')[0] as string] }))),
  );
}

/** A settable clock. */
export function manualClock(start = Date.UTC(2026, 0, 1, 9)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
}

/** Waits until `predicate` holds (ink renders asynchronously), failing with the last frame. */
export async function waitFor(predicate: () => boolean, describe: () => string = () => '', timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting; last frame:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets ink process a key and re-render. */
export const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));
