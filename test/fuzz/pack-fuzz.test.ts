import { readFile, lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import type { ExamProfile } from '../../src/models/index.js';
import { loadPacks, type PackProblem } from '../../src/packs/load.js';
import { loadExamProfiles } from '../../src/packs/profiles.js';
import { generateVariants, materialize, random, type Files, type Variant } from './mutations.js';

// Mutated packs through the loader `kubedrill pack validate` uses (in-process: a thousand CLI
// starts would take minutes). Each variant must end in problems, never an exception, within 5 s,
// and every problem must name a real file of that pack. A failure names the variant and SEED.
const SEED = 20_251_201;
/**
 * "Within 5 s" is judged on the CPU time of the load: on a shared CI box wall time also counts
 * the other test files running beside this one. A load blocked without using CPU (a FIFO opened
 * for reading) is caught by the wall-time guard.
 */
const MAX_CPU_MS = 5_000;
const MAX_WALL_MS = 20_000;
const seedDir = fileURLToPath(new URL('../broken-packs/valid/design-example/', import.meta.url));

interface Failure {
  variant: string;
  reason: string;
}

/** The ways a problem list can break the contract, for one variant loaded from `dir`. */
async function contractBreaks(dir: string, problems: readonly PackProblem[]): Promise<string[]> {
  const breaks: string[] = [];
  for (const problem of problems) {
    const where = `${problem.file}:${problem.line}: ${problem.message.slice(0, 120)}`;
    if (problem.file !== dir && !problem.file.startsWith(dir + sep)) breaks.push(`names a file outside the pack: ${where}`);
    else if (!(await lstat(problem.file).then(() => true, () => false))) breaks.push(`names a file that does not exist: ${where}`);
    if (!Number.isInteger(problem.line) || problem.line < 0 || !Number.isInteger(problem.col) || problem.col < 0) breaks.push(`bad position: ${where}`);
    if (typeof problem.message !== 'string' || problem.message.trim() === '') breaks.push(`empty message: ${where}`);
    if (problem.line > 1) {
      // A position must fall inside the file it names.
      const text = await readFile(problem.file).then((b) => b.toString('latin1'), () => '');
      const count = text.split('\n').length;
      if (problem.line > count) breaks.push(`line ${problem.line} past the end (${count} lines): ${where}`);
    }
  }
  return breaks;
}

describe('pack loader fuzz', () => {
  let root: string;
  let profiles: ExamProfile[];
  let variants: Variant[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-fuzz-'));
    // The built-in profiles, loaded once: loadPacks would read the same files for every variant.
    profiles = (await loadExamProfiles()).profiles;
    const seed: Files = {
      'pack.yaml': await readFile(join(seedDir, 'pack.yaml'), 'utf8'),
      'static-pod-web.yaml': await readFile(join(seedDir, 'static-pod-web.yaml'), 'utf8'),
    };
    variants = generateVariants(seed, random(SEED));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('given the unmutated seed pack, when loaded, then it is valid (so mutations are what the loader reports)', async () => {
    const result = await loadPacks([seedDir], { checkers: CHECKERS, profiles });
    expect(result.problems).toEqual([]);
    expect(result.tasks).toHaveLength(1);
  });

  it('given over 1,000 mutated packs, when each is loaded, then none throws, none takes 5 s, and every problem names a real file of its pack', async () => {
    expect(variants.length).toBeGreaterThanOrEqual(1_000);
    const failures: Failure[] = [];
    const byCategory = new Map<string, { count: number; slowestMs: number; withProblems: number }>();
    for (const [i, variant] of variants.entries()) {
      const label = `${variant.category}/${variant.name} (variant ${i}, seed ${SEED})`;
      const dir = join(root, `v${i}`);
      await materialize(variant, dir);
      const started = performance.now();
      const cpu = process.cpuUsage();
      let problems: readonly PackProblem[] = [];
      try {
        problems = (await loadPacks([dir], { checkers: CHECKERS, profiles })).problems;
      } catch (error) {
        failures.push({ variant: label, reason: `threw ${(error as Error).stack ?? String(error)}` });
      }
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1_000;
      if (cpuMs > MAX_CPU_MS || ms > MAX_WALL_MS) failures.push({ variant: label, reason: `took ${Math.round(cpuMs)} ms CPU, ${Math.round(ms)} ms wall` });
      for (const reason of await contractBreaks(dir, problems)) failures.push({ variant: label, reason });
      const stats = byCategory.get(variant.category) ?? { count: 0, slowestMs: 0, withProblems: 0 };
      byCategory.set(variant.category, { count: stats.count + 1, slowestMs: Math.max(stats.slowestMs, ms), withProblems: stats.withProblems + (problems.length > 0 ? 1 : 0) });
      await rm(dir, { recursive: true, force: true });
    }
    if (process.env.KUBEDRILL_FUZZ_REPORT) {
      for (const [category, s] of byCategory) console.log(`${category}: ${s.count} variants, ${s.withProblems} with problems, slowest ${Math.round(s.slowestMs)} ms`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
