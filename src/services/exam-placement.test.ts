import { describe, expect, it } from 'vitest';
import { DISRUPTION_KINDS, type Disruption } from '../models/index.js';
import { CLUSTER_NAME } from '../environments/kind/paths.js';
import { mulberry32, shuffle } from './exam-draw.js';
import { clusterMemoryMb, CONTROL_PLANE_MB, placeTasks, WORKER_MB, type PlaceableTask, type Placement } from './exam-placement.js';

const task = (id: string, disrupts: Disruption[] = [], workers = 2): PlaceableTask => ({ id, disrupts, workers });

/** Which tasks share a cluster with `id`. */
const mates = (placement: Placement, id: string): string[] => placement.clusters.find((c) => c.tasks.includes(id))?.tasks.filter((t) => t !== id) ?? [];

/** A random draw: 5–20 tasks, about a third disruptive, each disrupting 1–3 kinds. */
function randomDraw(random: () => number, oneKindEach: boolean): PlaceableTask[] {
  const count = 5 + Math.floor(random() * 16);
  return Array.from({ length: count }, (_, i) => {
    const disruptive = random() < 0.35;
    const kinds = oneKindEach ? 1 : 1 + Math.floor(random() * 3);
    const disrupts = disruptive ? shuffle(DISRUPTION_KINDS, random).slice(0, kinds) : [];
    return task(`t/${i}`, disrupts, Math.floor(random() * 3));
  });
}

describe('placeTasks', () => {
  it('Given ordinary and disruptive tasks and no limit, When placed, Then ordinary tasks share the main cluster and each disruptive task has a lab of its own', () => {
    const tasks = [task('cka/kubelet', ['kubelet']), task('cka/a', [], 0), task('cka/restore', ['etcd', 'apiserver'], 0), task('cka/b', [], 1)];
    const placement = placeTasks(tasks);
    expect(placement.clusters.map((c) => [c.name, c.context, c.workers, c.tasks])).toEqual([
      ['kubedrill', 'kind-kubedrill', 1, ['cka/a', 'cka/b']],
      ['kubedrill-lab1', 'kind-kubedrill-lab1', 2, ['cka/kubelet']],
      // A task that needs no worker still gets a lab with one: kubeadm's control plane takes no ordinary pods.
      ['kubedrill-lab2', 'kind-kubedrill-lab2', 1, ['cka/restore']],
    ]);
    expect(placement.contextOf.get('cka/restore')).toBe('kind-kubedrill-lab2');
    expect(placement.memoryMb).toBe(3 * CONTROL_PLANE_MB + 4 * WORKER_MB);
    expect(placement.clusters.map((c) => c.memoryMb)).toEqual([clusterMemoryMb(1), clusterMemoryMb(2), clusterMemoryMb(1)]);
    expect(placement.givenUp).toEqual([]);
    expect(placement.clustersForIsolation).toBe(3);
  });

  it('Given another main cluster name, When placed, Then labs are named after it and stay valid kind names', () => {
    const placement = placeTasks([task('x/a', ['scheduling']), task('x/b')], { main: 'exam-2' });
    expect(placement.clusters.map((c) => c.name)).toEqual(['exam-2', 'exam-2-lab1']);
    for (const c of placement.clusters) expect(c.name).toMatch(CLUSTER_NAME);
  });

  it('Given many generated draws and limits, When placed, Then every task is placed once, limits hold, and sharing is always reported', () => {
    const random = mulberry32(2024);
    for (let round = 0; round < 500; round++) {
      const tasks = randomDraw(random, false);
      const limit = random() < 0.4 ? undefined : 1 + Math.floor(random() * 8);
      const placement = placeTasks(tasks, limit === undefined ? {} : { maxClusters: limit });
      const why = `round ${round}, limit ${limit}`;
      expect(placement.clusters.flatMap((c) => c.tasks).sort(), why).toEqual(tasks.map((t) => t.id).sort());
      expect(placement.clusters[0]?.name, why).toBe('kubedrill');
      if (limit !== undefined) expect(placement.clusters.length, why).toBeLessThanOrEqual(limit);
      const disruptive = tasks.filter((t) => t.disrupts.length > 0);
      for (const t of tasks) expect(placement.contextOf.get(t.id), why).toBe(placement.clusters.find((c) => c.tasks.includes(t.id))?.context);
      if (limit === undefined || disruptive.length < limit) {
        // Room for everyone: a disruptive task shares its cluster with nothing, and nothing is given up.
        for (const t of disruptive) expect(mates(placement, t.id), why).toEqual([]);
        expect(placement.givenUp, why).toEqual([]);
      } else if (limit > 1) {
        // Forced to share: disruptive tasks still never land on the main cluster with ordinary ones.
        expect(placement.clusters[0]?.tasks.every((id) => tasks.find((t) => t.id === id)?.disrupts.length === 0), why).toBe(true);
      }
      for (const c of placement.clusters) {
        const shared = c.tasks.length > 1 && c.tasks.some((id) => (tasks.find((t) => t.id === id)?.disrupts.length ?? 0) > 0);
        expect(placement.givenUp.some((line) => line.startsWith(`${c.name}: `)), `${why}, ${c.name}`).toBe(shared);
      }
    }
  });

  it('Given generated draws where each disruptive task disrupts one thing, When the labs suffice to keep them apart, Then no two tasks that disrupt the same thing share a cluster', () => {
    const random = mulberry32(7);
    let forced = 0;
    for (let round = 0; round < 500; round++) {
      const tasks = randomDraw(random, true);
      const kinds = tasks.flatMap((t) => t.disrupts);
      const busiest = Math.max(0, ...DISRUPTION_KINDS.map((k) => kinds.filter((x) => x === k).length));
      // Tasks that disrupt the same thing need a lab each: the fewest clusters that keeps them apart.
      const limit = 1 + Math.max(1, busiest) + Math.floor(random() * 2);
      const placement = placeTasks(tasks, { maxClusters: limit });
      if (placement.givenUp.length > 0) forced += 1;
      for (const c of placement.clusters) {
        const inside = c.tasks.flatMap((id) => tasks.find((t) => t.id === id)?.disrupts ?? []);
        expect(new Set(inside).size, `round ${round}, ${c.name}: ${inside.join(',')}`).toBe(inside.length);
      }
    }
    // The rounds did force sharing, so the grouping (not spare room) kept conflicts apart.
    expect(forced).toBeGreaterThan(50);
  });

  it('Given the same draw, When placed twice, Then the placements are identical', () => {
    const random = mulberry32(99);
    for (let round = 0; round < 50; round++) {
      const tasks = randomDraw(random, false);
      const limit = 1 + Math.floor(random() * 5);
      expect(placeTasks(tasks, { maxClusters: limit })).toEqual(placeTasks(tasks.map((t) => ({ ...t })), { maxClusters: limit }));
    }
  });

  it('Given more disruptive tasks than labs, When placed, Then tasks that disrupt different things share, and the plan says what each shared lab gives up', () => {
    const tasks = [task('cka/drain', ['node-schedulability']), task('cka/taints', ['node-schedulability']), task('cka/scheduler', ['scheduling']), task('cka/plain')];
    const placement = placeTasks(tasks, { maxClusters: 3 });
    expect(placement.clusters.map((c) => c.tasks)).toEqual([['cka/plain'], ['cka/drain', 'cka/scheduler'], ['cka/taints']]);
    expect(placement.clustersForIsolation).toBe(4);
    expect(placement.givenUp).toEqual(['kubedrill-lab1: cka/drain (node-schedulability) and cka/scheduler (scheduling) share this cluster and may break each other']);
  });

  it('Given tasks that disrupt the same thing and too few labs to part them, When placed, Then they share and the overlap is named', () => {
    const tasks = [task('cka/kubelet', ['kubelet', 'node-schedulability']), task('cka/static', ['kubelet']), task('cka/drain', ['node-schedulability'])];
    const placement = placeTasks(tasks, { maxClusters: 2 });
    expect(placement.clusters.map((c) => c.tasks)).toEqual([[], ['cka/kubelet', 'cka/static', 'cka/drain']]);
    expect(placement.givenUp).toEqual([
      'kubedrill-lab1: cka/kubelet (kubelet, node-schedulability), cka/static (kubelet) and cka/drain (node-schedulability) share this cluster and may break each other; ' +
        'cka/kubelet and cka/static both disrupt kubelet; cka/kubelet and cka/drain both disrupt node-schedulability',
    ]);
  });

  it('Given one cluster at most, When placed, Then everything runs on the main cluster and the plan says the ordinary tasks are exposed', () => {
    const placement = placeTasks([task('cka/a'), task('cka/restore', ['etcd', 'apiserver'], 0), task('cka/b')], { maxClusters: 1 });
    expect(placement.clusters.map((c) => [c.name, c.tasks])).toEqual([['kubedrill', ['cka/a', 'cka/restore', 'cka/b']]]);
    expect(placement.givenUp).toEqual(['kubedrill: 2 ordinary tasks share this cluster with cka/restore (etcd, apiserver), whose breakage can fail them']);
  });

  it('Given a limit below one, When placed, Then it is refused', () => {
    expect(() => placeTasks([task('a')], { maxClusters: 0 })).toThrow(RangeError);
  });
});
