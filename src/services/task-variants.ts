// A task's variants (issue 14): the values of its `params` drawn from a seed, and the task with
// every `{{params.NAME}}` filled in. Pure and deterministic: the same task and seed give the same
// values on every machine, so `drill ID --seed N`, an exam's seed and `pack test`'s failures all
// name a variant that can be had again.
import type { Task } from '../models/task.js';
import { paramKindsOf, PARAM_FIELDS, PARAM_PREFIX, type ParamSpec, type TaskVariant } from '../models/task-params.js';
import { replacePlaceholders } from '../templating.js';
import { mulberry32 } from './exam-draw.js';

export type { TaskVariant } from '../models/task-params.js';

/** True when the task declares at least one parameter. */
export const hasParams = (task: Task): boolean => task.params !== undefined && Object.keys(task.params).length > 0;

/** A seed as variants use it: an unsigned 32-bit integer (what mulberry32 takes). */
export const normalizeSeed = (seed: number): number => Math.trunc(seed) >>> 0;

/** One random index below `count`. */
const pick = (random: () => number, count: number): number => Math.floor(random() * count);

/** The value of a drawn (not derived) parameter; the random source advances once per choice made. */
function drawOne(spec: ParamSpec, random: () => number): string {
  if (spec.oneOf) return String(spec.oneOf[pick(random, spec.oneOf.length)]);
  const range = spec.int ?? spec.port;
  if (range) return String(range.min + pick(random, range.max - range.min + 1));
  const words = (spec.name ?? spec.label)?.words;
  if (words) return words.map((list) => list[pick(random, list.length)]).join('-');
  throw new Error(`a parameter has no kind to draw from (one of ${paramKindsOf(spec).join(', ') || 'none'})`);
}

/** How many different values a parameter can take (1 for a derived one). */
function domainSize(spec: ParamSpec): number {
  if (spec.oneOf) return spec.oneOf.length;
  const range = spec.int ?? spec.port;
  if (range) return Math.max(0, range.max - range.min + 1);
  const words = (spec.name ?? spec.label)?.words;
  if (words) return words.reduce((product, list) => product * list.length, 1);
  return 1;
}

/** How many different variants the task has (products of the parameters' domains; 1 without params). */
export function variantCount(task: Task): number {
  return Object.values(task.params ?? {}).reduce((product, spec) => product * domainSize(spec), 1);
}

/**
 * The task's variant for `seed`: drawn parameters take one random choice each, in the order the
 * task declares them; derived ones (`value:`) are then filled in from the others. A task without
 * parameters has the variant `{ seed, params: {} }`.
 */
export function drawVariant(task: Task, seed: number): TaskVariant {
  const normalized = normalizeSeed(seed);
  const specs = task.params ?? {};
  const random = mulberry32(normalized);
  const params: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec.value === undefined) params[name] = drawOne(spec, random);

  // Derived values may refer to each other; the loader refuses unknown names and cycles, and
  // `resolving` stops one that slipped through instead of recursing forever.
  const resolving = new Set<string>();
  const resolve = (name: string): string | undefined => {
    const known = params[name];
    if (known !== undefined) return known;
    const template = specs[name]?.value;
    if (template === undefined) return undefined;
    if (resolving.has(name)) throw new Error(`parameter ${name} is derived from itself`);
    resolving.add(name);
    const value = replacePlaceholders(template, (ref) => (ref.startsWith(PARAM_PREFIX) ? resolve(ref.slice(PARAM_PREFIX.length)) : undefined));
    resolving.delete(name);
    params[name] = value;
    return value;
  };
  for (const name of Object.keys(specs)) resolve(name);
  // Declaration order, whichever was filled in first: the variant's JSON is the same for the same seed.
  const ordered: Record<string, string> = {};
  for (const name of Object.keys(specs)) ordered[name] = params[name] as string;
  return { seed: normalized, params: ordered };
}

/**
 * The task with every `{{params.NAME}}` in its statement, hints, steps, checks, docs and
 * walkthrough replaced by the variant's value; every other placeholder (`{{answers}}`,
 * `{{nodes.worker1}}`) is left for the task's world. A task without parameters is returned as is.
 */
export function applyVariant(task: Task, variant: TaskVariant): Task {
  if (!hasParams(task)) return task;
  for (const name of Object.keys(task.params ?? {})) {
    if (!Object.hasOwn(variant.params, name)) throw new Error(`the variant (seed ${variant.seed}) has no value for parameter ${name} of ${task.metadata.id}`);
  }
  const lookup = (ref: string): string | undefined => {
    if (!ref.startsWith(PARAM_PREFIX)) return undefined;
    const name = ref.slice(PARAM_PREFIX.length);
    return Object.hasOwn(variant.params, name) ? variant.params[name] : undefined;
  };
  const applied: Task = { ...task };
  for (const field of PARAM_FIELDS) (applied as Record<string, unknown>)[field] = replacePlaceholders(task[field], lookup);
  return applied;
}

/** FNV-1a over the UTF-16 code units of `text`. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** murmur3's finalizer: every input bit moves every output bit. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The variant seed of one task of a mock exam: a mix of the exam's seed and the task id, so the
 * same exam seed gives every task the same variant again, and two tasks of one exam (or one task
 * in two exams) draw independently.
 */
export function variantSeedFor(examSeed: number, taskId: string): number {
  return fmix32(fnv1a(taskId) ^ Math.imul(normalizeSeed(examSeed), 0x9e3779b1));
}

/**
 * The variants `pack test` proves: every combination when the task has at most `n`, else `n`
 * different ones. Seeds are tried from 0 upwards, so the list is the same on every run and each
 * variant names the seed that reproduces it (`kubedrill drill ID --seed N`). A task without
 * parameters has one variant.
 */
export function enumerateVariants(task: Task, n: number): TaskVariant[] {
  if (!hasParams(task)) return [drawVariant(task, 0)];
  const wanted = Math.max(1, Math.min(Math.trunc(n), variantCount(task)));
  // Drawing at random finds all k combinations in about k·ln k tries; the cap only guards a
  // task whose domain is smaller than it claims.
  const maxTries = Math.max(1000, wanted * 100);
  const found = new Map<string, TaskVariant>();
  for (let seed = 0; found.size < wanted && seed < maxTries; seed++) {
    const variant = drawVariant(task, seed);
    const key = JSON.stringify(variant.params);
    if (!found.has(key)) found.set(key, variant);
  }
  return [...found.values()];
}

/** `seed 7 (ns=shop, replicas=3)`: a variant as messages name it. */
export function describeVariant(variant: TaskVariant): string {
  const values = Object.entries(variant.params).map(([name, value]) => `${name}=${value}`);
  return values.length > 0 ? `seed ${variant.seed} (${values.join(', ')})` : `seed ${variant.seed}`;
}

/** A task's variant in a mock exam: drawn from the exam's seed, so the same seed states every task the same way. */
export const examVariant = (task: Task, examSeed: number): TaskVariant => drawVariant(task, variantSeedFor(examSeed, task.metadata.id));
