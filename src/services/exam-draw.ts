import { isDisruptive } from '../models/disruption.js';
import type { ExamProfile, LoadedTask, Task } from '../models/index.js';
import { domainIn, domainLabel } from '../models/task-domains.js';

/** One task of a mock exam, as the plan and the exam screen show it. */
export interface DrawnTask {
  id: string;
  title: string;
  exams: string[];
  domain: string;
  /** The task's weight in the exam: the total of its checks' points. */
  points: number;
  minutes: number;
}

/** A reproducible mock-exam draw. */
export interface ExamDraw {
  exam: ExamProfile['exam'];
  seed: number;
  durationMinutes: number;
  passPercent: number;
  tasks: DrawnTask[];
  /** How many tasks the draw aimed for (within the profile's min..max). */
  target: number;
  /** Set when the catalog has fewer eligible tasks than the profile asks for. */
  shortfall?: string;
}

/** mulberry32: a tiny seeded PRNG, so `--seed N` reproduces the same exam everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random source; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A task's weight: the total of its checks' points. */
export const taskPoints = (task: Task): number => task.checks.reduce((sum, check) => sum + check.points, 0);

/** The plan entry for a task in `exam`'s draw, with its domain in that exam. */
export function describeTask(task: Task, exam: string): DrawnTask {
  const { id, title, exams, minutes } = task.metadata;
  return { id, title, exams: [...exams], domain: domainLabel(task, exam), points: taskPoints(task), minutes };
}

/**
 * Splits `count` tasks over domains by weight (largest remainder), never giving a domain more
 * than it has; what a domain cannot take goes to the others, again by weight.
 */
export function allocateByWeight(
  domains: readonly { id: string; weight: number }[],
  available: ReadonlyMap<string, number>,
  count: number,
): Map<string, number> {
  const result = new Map(domains.map((d) => [d.id, 0]));
  let remaining = count;
  // Each round hands out what is left among the domains that still have tasks.
  while (remaining > 0) {
    const open = domains.filter((d) => (available.get(d.id) ?? 0) > (result.get(d.id) ?? 0));
    if (open.length === 0) break;
    const total = open.reduce((sum, d) => sum + d.weight, 0);
    const shares = open.map((d) => ({ id: d.id, exact: (remaining * d.weight) / total }));
    let given = 0;
    for (const share of shares) {
      const room = (available.get(share.id) ?? 0) - (result.get(share.id) ?? 0);
      const take = Math.min(Math.floor(share.exact), room);
      result.set(share.id, (result.get(share.id) ?? 0) + take);
      given += take;
    }
    // Largest remainders get one more, in order, while they have room.
    const byRemainder = [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1));
    for (const share of byRemainder) {
      if (given >= remaining) break;
      if ((available.get(share.id) ?? 0) > (result.get(share.id) ?? 0)) {
        result.set(share.id, (result.get(share.id) ?? 0) + 1);
        given += 1;
      }
    }
    if (given === 0) break;
    remaining -= given;
  }
  return result;
}

export interface DrawOptions {
  seed: number;
  /** Leaves out tasks this environment cannot prepare (offline: no node or kubectl setup). */
  eligible?: (task: Task) => boolean;
  /**
   * Whether the exam runs each disruptive task on a lab cluster of its own (exam-placement.ts).
   * Until the exam creates lab clusters, every task shares one cluster, where two disruptive
   * tasks (a stopped scheduler, an etcd restore) would break or roll back each other and
   * everything else: without it, at most one is drawn. Default false.
   */
  isolatedClusters?: boolean;
}

/**
 * Draws a mock exam: a task count within the profile's min..max (chosen by the seed), split over
 * the profile's domains by weight, tasks picked at random within each domain, then shuffled.
 * The same seed, profile and catalog always give the same exam.
 */
export function drawExam(profile: ExamProfile, tasks: readonly LoadedTask[], options: DrawOptions): ExamDraw {
  const random = mulberry32(options.seed);
  const domainIds = new Set(profile.domains.map((d) => d.id));
  const eligible = tasks
    .map((t) => t.task)
    .filter((t) => domainIds.has(domainIn(t, profile.exam) ?? ''))
    .filter((t) => options.eligible?.(t) ?? true)
    // Sorted first so the draw does not depend on the order packs were read in.
    .sort((a, b) => a.metadata.id.localeCompare(b.metadata.id));
  // On isolated clusters disruptive tasks compete like any other, so troubleshooting keeps its
  // weight; on one shared cluster a single one, chosen by the seed, may be drawn.
  const [keptDisruptive] = shuffle(eligible.filter(isDisruptive), random);
  const candidates = options.isolatedClusters ? eligible : eligible.filter((t) => !isDisruptive(t) || t === keptDisruptive);
  const target = profile.tasks.min + Math.floor(random() * (profile.tasks.max - profile.tasks.min + 1));
  const byDomain = new Map<string, Task[]>();
  for (const task of candidates) {
    const domain = domainIn(task, profile.exam) ?? '';
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), task]);
  }
  const available = new Map([...byDomain].map(([id, list]) => [id, list.length]));
  const allocation = allocateByWeight(profile.domains, available, Math.min(target, candidates.length));
  const picked: Task[] = [];
  for (const domain of profile.domains) {
    const pool = shuffle(byDomain.get(domain.id) ?? [], random);
    picked.push(...pool.slice(0, allocation.get(domain.id) ?? 0));
  }
  const draw: ExamDraw = {
    exam: profile.exam,
    seed: options.seed,
    durationMinutes: profile.durationMinutes,
    passPercent: profile.passPercent,
    // Disruptive tasks come first: where they still share the main cluster (--max-clusters 1, or
    // an exam started on one environment), the learner meets them before they undo other work.
    tasks: shuffle(picked, random)
      .sort((a, b) => Number(isDisruptive(b)) - Number(isDisruptive(a)))
      .map((t) => describeTask(t, profile.exam)),
    target,
  };
  if (picked.length < profile.tasks.min) {
    draw.shortfall =
      `the catalog has ${candidates.length} eligible ${profile.exam} task${candidates.length === 1 ? '' : 's'}; ` +
      `a real exam has ${profile.tasks.min}–${profile.tasks.max}, so this mock exam is shorter`;
  }
  return draw;
}

/** A new exam's seed when none is given: the clock, mixed so that close starts draw apart. */
export const newSeed = (now: number): number => (now ^ 0x5bd1e995) >>> 0;
