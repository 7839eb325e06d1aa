import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../environments/types.js';
import type { Disruption, Task } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { ckaProfile, fakeWorld, loaded, makeTask, type FakeWorld } from '../../test/ui/fixtures.js';
import { drawExam } from './exam-draw.js';
import { prepareExam } from './exam-start.js';

// An exam's preparation over its clusters, with in-memory environments standing in for kind:
// which cluster each task is set up on, that each lab opens once, and that each cluster is
// brought back to its baseline before any of its tasks' setup runs.

interface StandIn extends Environment {
  name: string;
  log: string[];
  worlds: Map<string, FakeWorld>;
}

function standIn(name: string, log: string[]): StandIn {
  const worlds = new Map<string, FakeWorld>();
  const env: StandIn = {
    name,
    log,
    worlds,
    kind: 'kind',
    label: `kind cluster ${name}`,
    capabilities: new Set(),
    terminal: { env: {}, contextLine: `kubectl config use-context kind-${name}` },
    async openTask(taskId) {
      const world = fakeWorld(taskId);
      const setUp = world.runStep.bind(world);
      world.runStep = async (step) => {
        log.push(`${name}: setup ${taskId}`);
        await setUp(step);
      };
      world.terminal = { env: {}, contextLine: `kubectl config use-context kind-${name}` };
      worlds.set(taskId, world);
      return world;
    },
    async restoreBaseline() {
      log.push(`${name}: baseline`);
      return [];
    },
  };
  return env;
}

function disruptive(id: string, disrupts: Disruption[], domain = 'storage'): Task {
  const task = makeTask(id, { domain });
  return { ...task, environment: { ...task.environment, disrupts } };
}

async function io(): Promise<CommandIO & { err: () => string }> {
  const home = await mkdtemp(join(tmpdir(), 'kubedrill-prepare-'));
  let err = '';
  const stderr = new PassThrough();
  stderr.on('data', (d) => (err += String(d)));
  return { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => Date.UTC(2026, 0, 1), err: () => err };
}

describe('prepareExam on several clusters', () => {
  const tasks = [
    makeTask('cka/a'),
    makeTask('cka/b', { domain: 'services-networking' }),
    disruptive('cka/drain', ['node-schedulability'], 'cluster-architecture'),
    disruptive('cka/taints', ['node-schedulability'], 'workloads-scheduling'),
    disruptive('cka/scheduler', ['scheduling'], 'troubleshooting'),
  ];
  const catalog = { tasks: tasks.map(loaded), packs: [], problems: [], profiles: [ckaProfile] } as unknown as Catalog;
  const profile = { ...ckaProfile, tasks: { min: tasks.length, max: tasks.length } };

  it('Given two tasks that disrupt the same thing and one other, When prepared, Then each disruptive task is set up on a lab of its own, every lab opens once and every cluster is at its baseline before its setups', async () => {
    const log: string[] = [];
    const main = standIn('kubedrill', log);
    const opened: string[] = [];
    const labs = new Map<string, StandIn>();
    const out = await io();
    const draw = drawExam(profile, catalog.tasks, { seed: 7, isolatedClusters: true });
    expect(draw.tasks.map((t) => t.id).sort()).toEqual(tasks.map((t) => t.metadata.id).sort());
    const prepared = await prepareExam(catalog, draw, profile, main, { packDirs: [] }, {
      practice: false,
      openLab: async (name, workers) => {
        opened.push(`${name}/${workers}`);
        const lab = standIn(name, log);
        labs.set(name, lab);
        return lab;
      },
    }, out);

    // Ordinary tasks on the main cluster; the three disruptive ones each on a lab; labs opened once, with a worker.
    expect([...labs.keys()].sort()).toEqual(['kubedrill-lab1', 'kubedrill-lab2', 'kubedrill-lab3']);
    expect(opened.sort()).toEqual(['kubedrill-lab1/1', 'kubedrill-lab2/1', 'kubedrill-lab3/1']);
    expect([...main.worlds.keys()].sort()).toEqual(['cka/a', 'cka/b']);
    const labOf = (id: string) => [...labs.values()].find((l) => l.worlds.has(id))?.name;
    const drainLab = labOf('cka/drain');
    expect(drainLab).toBeDefined();
    expect(labOf('cka/taints')).not.toBe(drainLab);
    // The saved exam knows where each task runs, for resume, grading and the task's shell.
    for (const t of prepared.state.tasks) expect(t.cluster).toBe(['cka/a', 'cka/b'].includes(t.id) ? undefined : labOf(t.id));
    expect((await prepared.clusters.world('cka/drain')).terminal.contextLine).toBe(`kubectl config use-context kind-${drainLab}`);
    // Each cluster: its baseline first, then its tasks' setups, and nothing of another cluster's.
    for (const cluster of ['kubedrill', ...labs.keys()]) {
      const own = log.filter((line) => line.startsWith(`${cluster}: `));
      expect(own[0], cluster).toBe(`${cluster}: baseline`);
      expect(own.filter((line) => line.endsWith('baseline')), cluster).toHaveLength(1);
    }
    expect(out.err()).toMatch(/This exam runs on 4 clusters, about [\d.]+ GB of node containers \(an estimate\)/);
  });

  it('Given --max-clusters 1, When prepared, Then every task shares the main cluster, no lab opens, and what that gives up is said', async () => {
    const log: string[] = [];
    const main = standIn('kubedrill', log);
    const out = await io();
    const draw = drawExam(profile, catalog.tasks, { seed: 7, isolatedClusters: false });
    const prepared = await prepareExam(catalog, draw, profile, main, { packDirs: [] }, { practice: false, maxClusters: 1, openLab: () => Promise.reject(new Error('no lab may open')) }, out);
    expect(prepared.state.tasks.every((t) => t.cluster === undefined)).toBe(true);
    expect(log.filter((l) => l.endsWith('baseline'))).toEqual(['kubedrill: baseline']);
    expect(draw.tasks.filter((t) => ['cka/drain', 'cka/taints', 'cka/scheduler'].includes(t.id))).toHaveLength(1);
  });

  it('Given a lab that cannot be created, When prepared, Then the exam does not start and the message says how to run on one cluster', async () => {
    const out = await io();
    const draw = drawExam(profile, catalog.tasks, { seed: 7, isolatedClusters: true });
    const error = await prepareExam(catalog, draw, profile, standIn('kubedrill', []), { packDirs: [] }, { practice: false, openLab: () => Promise.reject(new Error('docker: out of memory')) }, out).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/could not create lab cluster kubedrill-lab\d: docker: out of memory/);
    expect((error as { nextSteps?: string[] }).nextSteps?.[0]).toMatch(/--max-clusters 1/);
  });
});
