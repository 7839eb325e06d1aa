// Which cluster each task of a mock exam runs on. The real CKA gives every task its own context;
// kubedrill keeps ordinary tasks together on the main cluster and gives each disruptive task (one
// that breaks or rewinds something: see `DISRUPTIONS` in the task model) a small lab cluster, so
// a correct answer to one task never breaks another. Pure: the same draw gives the same placement.
import { DEFAULT_CLUSTER, kindContext, labClusterName } from '../environments/kind/paths.js';
import type { Disruption } from '../models/index.js';

/**
 * Memory of one kind node container, in MB. Estimates, not measurements (no cluster could run
 * where this was written; the live suite is to measure with `docker stats` and correct them):
 * - a control plane runs kube-apiserver (~300–400 MB), etcd (~50–150), controller-manager
 *   (~50–100), scheduler (~25–50), two CoreDNS (~20 each), kindnet, kube-proxy,
 *   local-path-provisioner, plus kubelet, containerd and systemd (~150–250): ~0.8–1.0 GB, and
 *   headroom for a task's own pods and the page cache;
 * - a worker runs kubelet, containerd, systemd, kindnet and kube-proxy (~250–350 MB) plus the
 *   few small pods a task schedules there.
 */
export const CONTROL_PLANE_MB = 1200;
export const WORKER_MB = 500;

/** The estimated memory of a kind cluster with one control plane and `workers` workers. */
export const clusterMemoryMb = (workers: number): number => CONTROL_PLANE_MB + workers * WORKER_MB;

/** What placement needs to know of a drawn task. */
export interface PlaceableTask {
  id: string;
  /** Empty for an ordinary task. */
  disrupts: readonly Disruption[];
  /** The workers the task needs (0–2). */
  workers: number;
}

export interface PlacedCluster {
  /** A kind cluster name: the main one, or `<main>-lab<N>`. */
  name: string;
  context: string;
  /** The largest worker count its tasks need: a lab is only as big as its tasks. */
  workers: number;
  /** Task ids, in draw order. */
  tasks: string[];
  memoryMb: number;
}

export interface Placement {
  /** The main cluster first (always: the exam opens it), then the labs in order. */
  clusters: PlacedCluster[];
  /** Each task's context, by task id. */
  contextOf: Map<string, string>;
  /** All clusters' estimated memory. */
  memoryMb: number;
  /** How many clusters would isolate every disruptive task. */
  clustersForIsolation: number;
  /** What isolation `maxClusters` cost, one sentence per shared cluster; empty when none. */
  givenUp: string[];
}

export interface PlacementOptions {
  /** The main cluster's name (default `kubedrill`); labs are named after it. */
  main?: string;
  /** At most this many clusters, main included (default: as many as isolation needs). */
  maxClusters?: number;
}

/** Places the drawn tasks on clusters (see the module comment); `tasks` in draw order. */
export function placeTasks(tasks: readonly PlaceableTask[], options: PlacementOptions = {}): Placement {
  const main = options.main ?? DEFAULT_CLUSTER;
  const maxClusters = options.maxClusters ?? Infinity;
  if (!(maxClusters >= 1)) throw new RangeError(`maxClusters must be at least 1, got ${maxClusters}`);
  const disruptive = tasks.filter((t) => t.disrupts.length > 0);
  const labBudget = maxClusters - 1;
  let onMain = tasks.filter((t) => t.disrupts.length === 0);
  let labs: PlaceableTask[][];
  // Conservative by default: each disruptive task gets a lab of its own. Two disruptions that do
  // not overlap can still hurt each other (a stopped scheduler strands the pods a drain evicts; an
  // API server left down fails every check on its cluster), so tasks share a lab only when the
  // cluster limit forces it.
  if (disruptive.length <= labBudget) labs = disruptive.map((t) => [t]);
  else if (labBudget === 0) {
    onMain = [...tasks];
    labs = [];
  } else labs = shareLabs(disruptive, labBudget);
  // Draw order inside a cluster, and labs numbered by their first task in the draw, so the
  // placement follows the plan's order however the labs were filled.
  const drawIndex = new Map(tasks.map((t, i) => [t.id, i]));
  const at = (t: PlaceableTask | undefined) => (t ? (drawIndex.get(t.id) ?? 0) : 0);
  const byDraw = (group: readonly PlaceableTask[]) => [...group].sort((a, b) => at(a) - at(b));
  const sortedLabs = labs.map(byDraw).sort((a, b) => at(a[0]) - at(b[0]));
  const groups = [{ name: main, tasks: byDraw(onMain) }, ...sortedLabs.map((group, i) => ({ name: labClusterName(main, i + 1), tasks: group }))];
  const clusters = groups.map(({ name, tasks: members }, i): PlacedCluster => {
    // A lab has a worker at least: kubeadm taints a control plane against ordinary pods, so a
    // cluster of one control plane only would hold none of a task's pods.
    const workers = Math.max(i === 0 ? 0 : 1, ...members.map((t) => t.workers));
    return { name, context: kindContext(name), workers, tasks: members.map((t) => t.id), memoryMb: clusterMemoryMb(workers) };
  });
  return {
    clusters,
    contextOf: new Map(clusters.flatMap((c) => c.tasks.map((id) => [id, c.context] as const))),
    memoryMb: clusters.reduce((sum, c) => sum + c.memoryMb, 0),
    clustersForIsolation: 1 + disruptive.length,
    givenUp: groups.flatMap((g) => sharing(g.name, g.tasks)),
  };
}

const overlaps = (a: readonly Disruption[], b: readonly Disruption[]): boolean => a.some((k) => b.includes(k));

/** A search bound: past it, placement settles for the greedy answer rather than stall a plan. */
const SEARCH_STEPS = 20_000;

/**
 * Splits more disruptive tasks than labs over exactly `labs` labs (fewer than the tasks): first a
 * grouping where no two tasks in a lab disrupt the same thing, then spread so each lab holds as
 * few tasks as possible; when no such grouping exists, each task goes where it overlaps least.
 */
function shareLabs(tasks: readonly PlaceableTask[], labs: number): PlaceableTask[][] {
  // Most disruptions first: the hardest to fit are placed while the labs are emptiest.
  const ordered = [...tasks].sort((a, b) => b.disrupts.length - a.disrupts.length);
  const groups = colour(ordered, labs) ?? leastOverlap(ordered, labs);
  while (groups.length < labs) {
    const largest = groups.reduce((best, g) => (g.length > best.length ? g : best));
    groups.push([largest.pop() as PlaceableTask]);
  }
  balance(groups);
  return groups;
}

/**
 * Evens out the labs: a task moves from a fuller lab to one with at least two fewer tasks when
 * it overlaps nothing there, so fewer tasks share each lab. Ends: every move lowers the sum of
 * squared lab sizes.
 */
function balance(groups: PlaceableTask[][]): void {
  for (let moved = true; moved; ) {
    moved = false;
    for (const from of groups) {
      for (const task of [...from].reverse()) {
        const to = groups.find((g) => g.length + 2 <= from.length && !g.some((o) => overlaps(task.disrupts, o.disrupts)));
        if (!to) continue;
        from.splice(from.indexOf(task), 1);
        to.push(task);
        moved = true;
        break;
      }
    }
  }
}

/** Groups with no overlap inside, at most `limit` of them (backtracking, bounded), or undefined. */
function colour(tasks: readonly PlaceableTask[], limit: number): PlaceableTask[][] | undefined {
  const groups: PlaceableTask[][] = [];
  let steps = 0;
  const place = (i: number): boolean => {
    if (i === tasks.length) return true;
    if (++steps > SEARCH_STEPS) return false;
    const task = tasks[i] as PlaceableTask;
    for (const group of groups) {
      if (group.some((other) => overlaps(task.disrupts, other.disrupts))) continue;
      group.push(task);
      if (place(i + 1)) return true;
      group.pop();
    }
    if (groups.length < limit) {
      groups.push([task]);
      if (place(i + 1)) return true;
      groups.pop();
    }
    return false;
  };
  return place(0) ? groups : undefined;
}

/** Each task into the lab whose tasks share the fewest of its disruptions, then the emptiest. */
function leastOverlap(tasks: readonly PlaceableTask[], labs: number): PlaceableTask[][] {
  const groups: PlaceableTask[][] = Array.from({ length: labs }, () => []);
  const shared = (task: PlaceableTask, group: PlaceableTask[]) => task.disrupts.filter((k) => group.some((o) => o.disrupts.includes(k))).length;
  for (const task of tasks) {
    let best = groups[0] as PlaceableTask[];
    for (const group of groups) {
      const [s, b] = [shared(task, group), shared(task, best)];
      if (s < b || (s === b && group.length < best.length)) best = group;
    }
    best.push(task);
  }
  return groups.filter((g) => g.length > 0);
}

/** "a", "a and b", "a, b and c". */
const list = (items: readonly string[]): string => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** What sharing one cluster gives up, as one sentence, or nothing when no disruptive task shares it. */
function sharing(cluster: string, tasks: readonly PlaceableTask[]): string[] {
  const disruptive = tasks.filter((t) => t.disrupts.length > 0);
  const ordinary = tasks.length - disruptive.length;
  if (disruptive.length === 0 || tasks.length < 2) return [];
  const named = disruptive.map((t) => `${t.id} (${t.disrupts.join(', ')})`);
  const parts: string[] = [];
  if (disruptive.length > 1) parts.push(`${list(named)} share this cluster and may break each other`);
  for (const kind of new Set(disruptive.flatMap((t) => t.disrupts))) {
    const ids = disruptive.filter((t) => t.disrupts.includes(kind)).map((t) => t.id);
    if (ids.length > 1) parts.push(`${list(ids)} ${ids.length === 2 ? 'both' : 'all'} disrupt ${kind}`);
  }
  if (ordinary > 0) {
    const them = disruptive.length === 1 ? (named[0] as string) : 'them';
    parts.push(`${ordinary === 1 ? '1 ordinary task shares' : `${ordinary} ordinary tasks share`} this cluster with ${them}, whose breakage can fail ${ordinary === 1 ? 'it' : 'them'}`);
  }
  return [`${cluster}: ${parts.join('; ')}`];
}
