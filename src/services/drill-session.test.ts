import { describe, expect, it } from 'vitest';
import type { Task, TaskReport } from '../models/index.js';
import { DrillSession } from './drill-session.js';
import { drawVariant } from './task-variants.js';
import { fakeExpand, fakeGrade, fakeWorld, loaded, makeTask, manualClock, type FakeWorld } from '../../test/ui/fixtures.js';

function drill(tasks = [makeTask('cka/a'), makeTask('cka/b')], options: { freshStart?: boolean; answered?: string[] } = {}) {
  const clock = manualClock(0);
  const worlds = new Map<string, FakeWorld>();
  const opened: string[] = [];
  const checked: TaskReport[] = [];
  const session = new DrillSession(tasks.map(loaded), {
    now: clock.now,
    world: async (id) => {
      opened.push(id);
      if (!worlds.has(id)) {
        const world = fakeWorld(id);
        // What an earlier attempt (an exam) left in the world.
        for (const answer of options.answered ?? []) world.state.add(answer);
        worlds.set(id, world);
      }
      return worlds.get(id)!;
    },
    grade: fakeGrade,
    expand: fakeExpand,
    onChecked: async (_t: Task, r) => void checked.push(r),
    ...(options.freshStart ? { freshStart: true } : {}),
  });
  return { session, worlds, opened, checked, clock };
}

describe('DrillSession', () => {
  it('Given a task, When opened, Then setup runs once and the statement is expanded with its answers dir', async () => {
    const { session, worlds } = drill();
    await session.open();
    const view = session.getSnapshot();
    expect(view.status).toBe('ready');
    expect(view.statement).toContain('/ws/answers/cka__a');
    expect(view.accessLines).toContain('answers: /ws/answers/cka__a');
    expect([...worlds.get('cka/a')!.state]).toEqual(['setup-done']);
  });

  it('Given answers an exam left and a fresh start (retry of missed tasks), When opened, Then the world is reset before setup and the old answers no longer count', async () => {
    const kept = drill(undefined, { answered: ['first'] });
    await kept.session.open();
    expect([...kept.worlds.get('cka/a')!.state]).toEqual(['first', 'setup-done']);
    const fresh = drill(undefined, { answered: ['first'], freshStart: true });
    await fresh.session.open();
    expect(fresh.worlds.get('cka/a')!.resets).toBe(1);
    expect([...fresh.worlds.get('cka/a')!.state]).toEqual(['setup-done']);
  });

  it('Given a cluster with a baseline, When a task is opened, reset, and another opened, Then the cluster is restored before each setup and the earlier task sets up again when revisited', async () => {
    const log: string[] = [];
    const tasks = [makeTask('cka/a'), makeTask('cka/b')];
    const worlds = new Map<string, FakeWorld>();
    const session = new DrillSession(tasks.map(loaded), {
      now: () => 0,
      world: async (id) => {
        if (!worlds.has(id)) {
          const world = fakeWorld(id);
          const run = world.runStep.bind(world);
          world.runStep = async (step) => {
            log.push(`setup ${id}`);
            await run(step);
          };
          worlds.set(id, world);
        }
        return worlds.get(id)!;
      },
      grade: fakeGrade,
      expand: fakeExpand,
      prepareCluster: async (task) => void log.push(`baseline before ${task.metadata.id}`),
    });
    await session.open();
    await session.reset();
    await session.next();
    await session.previous();
    expect(log).toEqual([
      'baseline before cka/a',
      'setup cka/a',
      'baseline before cka/a',
      'setup cka/a',
      'baseline before cka/b',
      'setup cka/b',
      // cka/b's baseline removed what cka/a's setup made: back on cka/a, it is set up again.
      'baseline before cka/a',
      'setup cka/a',
    ]);
  });

  it('Given a partly solved task, When checked, Then progress reaches every check and the report shows the partial score', async () => {
    const { session, worlds, checked } = drill();
    await session.open();
    worlds.get('cka/a')!.state.add('first');
    const seen: string[] = [];
    session.subscribe(() => {
      const p = session.getSnapshot().progress;
      if (p) seen.push(`${p.done}/${p.total}`);
    });
    await session.check();
    expect(seen).toEqual(['0/2', '1/2', '2/2']);
    expect(session.getSnapshot().report?.score).toEqual({ earned: 2, possible: 3, percent: 66.7 });
    expect(checked).toHaveLength(1);
  });

  it('Given hints, When asked repeatedly, Then one more each time until none remain', async () => {
    const { session } = drill();
    await session.open();
    expect(session.hint()).toBe(true);
    expect(session.getSnapshot().hintsShown).toBe(1);
    expect(session.hint()).toBe(true);
    expect(session.hint()).toBe(false);
    expect(session.getSnapshot().hintsShown).toBe(2);
  });

  it('Given a changed world, When reset, Then the world is reset, setup runs again and the report is gone', async () => {
    const { session, worlds, clock } = drill();
    await session.open();
    worlds.get('cka/a')!.state.add('first');
    await session.check();
    clock.advance(60_000);
    await session.reset();
    const world = worlds.get('cka/a')!;
    expect(world.resets).toBe(1);
    expect([...world.state]).toEqual(['setup-done']);
    expect(session.getSnapshot().report).toBeUndefined();
    expect(session.getSnapshot().startedAt).toBe(60_000);
  });

  it('Given two tasks, When moving next and back, Then each keeps its progress and setup is not re-run', async () => {
    const { session, opened } = drill();
    await session.open();
    session.hint();
    await session.next();
    expect(session.getSnapshot().task.metadata.id).toBe('cka/b');
    expect(session.getSnapshot().hintsShown).toBe(0);
    await session.previous();
    expect(session.getSnapshot().hintsShown).toBe(1);
    expect(opened).toEqual(['cka/a', 'cka/b']);
  });

  it('Given the solution is revealed, When viewed, Then its steps are expanded', async () => {
    const { session } = drill([makeTask('cka/a', { checks: [['{{answers}}/x', 1]] })]);
    await session.open();
    session.revealSolution();
    expect(session.getSnapshot().solution).toEqual([{ apply: '/ws/answers/cka__a/x' }]);
  });

  it('Given a walkthrough, When the solution is revealed, Then its templates are expanded and a logical node is named as ssh needs it', async () => {
    const task = makeTask('cka/a', {
      walkthrough: [
        { why: 'Write the manifest on the worker.', on: 'worker1', manifest: 'kind: Pod', path: '/etc/kubernetes/manifests/web.yaml' },
        { why: 'Or with a template.', on: '{{nodes.worker2}}', run: 'cat {{answers}}/x' },
        { why: 'On the exam terminal.', run: 'kubectl get pods' },
      ],
    });
    const { session } = drill([task]);
    await session.open();
    expect(session.getSnapshot().walkthrough).toBeUndefined();
    session.revealSolution();
    expect(session.getSnapshot().walkthrough).toEqual([
      { why: 'Write the manifest on the worker.', on: 'w1', manifest: 'kind: Pod', path: '/etc/kubernetes/manifests/web.yaml' },
      { why: 'Or with a template.', on: 'w2', run: 'cat /ws/answers/cka__a/x' },
      { why: 'On the exam terminal.', run: 'kubectl get pods' },
    ]);
    expect(session.getSnapshot().solution).toBeDefined();
  });

  it('Given a task without a walkthrough, When the solution is revealed, Then only the solution steps are set', async () => {
    const { session } = drill();
    await session.open();
    session.revealSolution();
    expect(session.getSnapshot().walkthrough).toBeUndefined();
    expect(session.getSnapshot().solution).toEqual([{ apply: 'first' }, { apply: 'second' }]);
  });

  it('Given setup fails, When opened, Then the problem is shown and checking is not possible', async () => {
    const task = makeTask('cka/a');
    const session = new DrillSession([loaded(task)], {
      now: () => 0,
      world: async () => ({ ...fakeWorld('cka/a'), runStep: async () => { throw new Error('needs a live cluster'); } }),
      grade: fakeGrade,
      expand: fakeExpand,
    });
    await session.open();
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', problem: 'setup failed: needs a live cluster' });
    await session.check();
    expect(session.getSnapshot().report).toBeUndefined();
  });
});

describe('DrillSession with a task that has params', () => {
  /** A task whose namespace is drawn from a wide range, so two seeds almost surely differ. */
  const paramTask = (): Task => ({
    ...makeTask('cka/params', { statement: 'Create namespace team-{{params.n}} ({{answers}}).', setup: [{ apply: 'setup-{{params.n}}' }], hints: ['kubectl create ns team-{{params.n}}'] }),
    params: { n: { int: { min: 1, max: 1_000_000 } } },
  });

  function paramDrill(seeds: number[] | undefined) {
    const world = fakeWorld('cka/params');
    const checked: { statement: string; variant: unknown }[] = [];
    const asked: string[] = [];
    const session = new DrillSession([loaded(paramTask())], {
      now: () => 0,
      world: async () => world,
      grade: fakeGrade,
      expand: fakeExpand,
      onChecked: async (task, _report, _spent, variant) => void checked.push({ statement: task.statement, variant }),
      ...(seeds ? { variantSeed: (task: Task) => (asked.push(task.metadata.id), seeds.shift() ?? 0) } : {}),
    });
    return { session, world, checked, asked };
  }

  it('Given a new seed per draw, When opened and then reset, Then each shows, sets up and records its own variant', async () => {
    const first = drawVariant(paramTask(), 11);
    const second = drawVariant(paramTask(), 12);
    expect(first.params.n).not.toBe(second.params.n);
    const { session, world, checked, asked } = paramDrill([11, 12]);
    // Drawn before setup, so even the preparing screen shows the variant's statement.
    expect(session.getSnapshot().statement).toBe(`Create namespace team-${first.params.n} ({{answers}}).`);
    await session.open();
    expect(session.getSnapshot().variant).toEqual(first);
    expect([...world.state]).toEqual([`setup-${first.params.n}`]);
    expect(session.getSnapshot().statement).toBe(`Create namespace team-${first.params.n} (/ws/answers/cka__params).`);
    session.hint();
    expect(session.getSnapshot().task.hints[0]).toBe(`kubectl create ns team-${first.params.n}`);
    await session.check();
    expect(checked).toEqual([{ statement: `Create namespace team-${first.params.n} ({{answers}}).`, variant: first }]);

    await session.reset();
    expect(session.getSnapshot().variant).toEqual(second);
    expect([...world.state]).toEqual([`setup-${second.params.n}`]);
    expect(session.getSnapshot().statement).toContain(`team-${second.params.n}`);
    expect(asked).toEqual(['cka/params', 'cka/params']);
  });

  it('Given a pinned seed (drill --seed), When reset, Then the same variant comes back', async () => {
    const { session } = paramDrill([7, 7]);
    await session.open();
    const before = session.getSnapshot().variant;
    await session.reset();
    expect(session.getSnapshot().variant).toEqual(before);
    expect(before).toEqual(drawVariant(paramTask(), 7));
  });

  it('Given no seed source, When opened, Then a variant is still drawn (at random) and its values fill the statement', async () => {
    const { session } = paramDrill(undefined);
    await session.open();
    const { variant, statement } = session.getSnapshot();
    expect(variant).toEqual(drawVariant(paramTask(), variant?.seed ?? -1));
    expect(statement).toContain(`team-${variant?.params.n}`);
  });

  it('Given a revealed solution, When reset to a new variant, Then the solution shown follows the new variant', async () => {
    const task: Task = { ...paramTask(), solution: [{ apply: 'solve-{{params.n}}' }] };
    const session = new DrillSession([loaded(task)], { now: () => 0, world: async () => fakeWorld('cka/params'), grade: fakeGrade, expand: fakeExpand, variantSeed: (() => { const seeds = [11, 12]; return () => seeds.shift() ?? 0; })() });
    await session.open();
    session.revealSolution();
    expect(session.getSnapshot().solution).toEqual([{ apply: `solve-${drawVariant(task, 11).params.n}` }]);
    await session.reset();
    expect(session.getSnapshot().solution).toEqual([{ apply: `solve-${drawVariant(task, 12).params.n}` }]);
  });

  it('Given a task without params, Then no variant is drawn and none is recorded', async () => {
    const asked: string[] = [];
    let recorded: unknown = 'not called';
    const session = new DrillSession([loaded(makeTask('cka/plain'))], {
      now: () => 0,
      world: async () => fakeWorld('cka/plain'),
      grade: fakeGrade,
      expand: fakeExpand,
      onChecked: async (_t, _r, _s, variant) => void (recorded = variant),
      variantSeed: (task) => (asked.push(task.metadata.id), 1),
    });
    await session.open();
    await session.reset();
    await session.check();
    expect(session.getSnapshot().variant).toBeUndefined();
    expect(recorded).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
