import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';
import type { CommandIO } from '../system/io.js';
import { createExamState } from '../services/exam-session.js';
import { drawExam } from '../services/exam-draw.js';
import { ckaCatalog, ckaProfile } from '../../test/ui/fixtures.js';

// Non-TUI paths must not load ink or react (the README, Speed): importing them here fails the test.
vi.mock('ink', () => {
  throw new Error('ink was imported');
});
vi.mock('react', () => {
  throw new Error('react was imported');
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const home = env.KUBEDRILL_HOME ?? (await mkdtemp(join(tmpdir(), 'kubedrill-cmd-')));
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const io: CommandIO = { stdout, stderr, stdin: new PassThrough(), env: { ...env, KUBEDRILL_HOME: home }, cwd: process.cwd(), signal: new AbortController().signal, now: () => Date.UTC(2026, 0, 1) };
  const code = await main(argv, io);
  return { code, out, err, home };
}

interface Plan {
  exam: string;
  seed: number;
  durationMinutes: number;
  passPercent: number;
  tasks: { id: string; domain: string; points: number; context: string; disruptive: boolean; disrupts: string[] }[];
  clusters: { name: string; context: string; workers: number; tasks: string[]; memoryMb: number }[];
  memoryMb: number;
  isolationGivenUp: string[];
}

describe('kubedrill exam --plan --json', () => {
  it('Given a seed, When planned twice, Then the same draw prints with the contract fields and no ink is loaded', async () => {
    const first = await run(['exam', 'cka', '--seed', '42', '--plan', '--json']);
    expect(first.err).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.out) as Plan;
    expect(Object.keys(plan)).toEqual(['exam', 'seed', 'durationMinutes', 'passPercent', 'tasks', 'clusters', 'memoryMb', 'isolationGivenUp']);
    expect(plan).toMatchObject({ exam: 'CKA', seed: 42, durationMinutes: 120, passPercent: 66 });
    expect(plan.tasks.length).toBeGreaterThan(0);
    for (const t of plan.tasks) expect(Object.keys(t).sort()).toEqual(['context', 'disruptive', 'disrupts', 'domain', 'exams', 'id', 'minutes', 'points', 'title', 'variant']);
    for (const c of plan.clusters) expect(Object.keys(c)).toEqual(['name', 'context', 'workers', 'tasks', 'memoryMb']);
    expect((await run(['exam', 'cka', '--seed', '42', '--plan', '--json'])).out).toBe(first.out);
  });

  it('Given ten seeds, When the CKA exam is planned, Then every task has a context, disruptive tasks are drawn like any other and each has a cluster of its own, and troubleshooting keeps its weight where the catalogue allows', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubedrill-cmd-'));
    const [{ loadCatalog }, { CHECKERS }] = await Promise.all([import('../packs/catalog.js'), import('../../checkers/index.js')]);
    const catalog = await loadCatalog({ packDirs: [], includeBuiltin: true, checkers: CHECKERS });
    const troubleshooting = catalog.tasks.filter((t) => t.task.metadata.exams.includes('CKA') && t.task.metadata.domain === 'troubleshooting').length;
    let mostDisruptive = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const result = await run(['exam', 'cka', '--seed', String(seed), '--plan', '--json'], { KUBEDRILL_HOME: home });
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.out) as Plan;
      const why = `seed ${seed}`;
      mostDisruptive = Math.max(mostDisruptive, plan.tasks.filter((t) => t.disruptive).length);
      for (const t of plan.tasks) {
        expect(t.context, why).toMatch(/^kind-kubedrill(-lab\d+)?$/);
        expect(plan.clusters.find((c) => c.context === t.context)?.tasks, why).toContain(t.id);
        expect(t.disruptive, why).toBe(t.disrupts.length > 0);
        // No limit was given: a disruptive task shares its cluster with nothing, so no two conflict.
        if (t.disruptive) expect(plan.tasks.filter((o) => o.context === t.context).map((o) => o.id), why).toEqual([t.id]);
      }
      expect(plan.isolationGivenUp, why).toEqual([]);
      expect(plan.memoryMb, why).toBe(plan.clusters.reduce((sum, c) => sum + c.memoryMb, 0));
      const points = (domain?: string) => plan.tasks.filter((t) => domain === undefined || t.domain === domain).reduce((sum, t) => sum + t.points, 0);
      const share = (100 * points('troubleshooting')) / points();
      const wanted = Math.round((30 * plan.tasks.length) / 100);
      // Within 10 points of its 30% whenever the catalogue holds the tasks; else every one is drawn.
      if (troubleshooting >= wanted) expect(Math.abs(share - 30), `${why}: troubleshooting ${share.toFixed(1)}%`).toBeLessThanOrEqual(10);
      else expect(plan.tasks.filter((t) => t.domain === 'troubleshooting').length, why).toBe(troubleshooting);
    }
    // Disruptive tasks no longer exclude each other now that each gets a lab.
    expect(mostDisruptive).toBeGreaterThan(1);
  });

  it('Given --max-clusters 1, When a plan with a disruptive task is made, Then it shares the main cluster and the text plan says what isolation was given up', async () => {
    let seed = 1;
    // The seed is sought under the same limit: with one cluster a draw may hold no disruptive task at all.
    while ((JSON.parse((await run(['exam', 'cka', '--seed', String(seed), '--plan', '--json', '--max-clusters', '1'])).out) as Plan).tasks.every((t) => !t.disruptive)) seed++;
    const plan = JSON.parse((await run(['exam', 'cka', '--seed', String(seed), '--plan', '--json', '--max-clusters', '1'])).out) as Plan;
    expect(plan.clusters.map((c) => c.name)).toEqual(['kubedrill']);
    expect(plan.isolationGivenUp.length).toBeGreaterThan(0);
    const text = await run(['exam', 'cka', '--seed', String(seed), '--plan', '--max-clusters', '1']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/share this cluster/);
    expect((await run(['exam', 'cka', '--plan', '--max-clusters', '0'])).code).toBe(2);
  });

  it('Given no exam name, When run, Then it is a usage error (exit 2)', async () => {
    const result = await run(['exam', '--plan']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/cka, ckad or cks/);
  });

  it('Given no saved exam, When resuming, Then the learner is told how to start one', async () => {
    const result = await run(['exam', '--resume']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/no exam in progress/);
  });

  it('Given no terminal, When starting an exam, Then it refuses and points at --plan --json', async () => {
    const result = await run(['exam', 'cka', '--seed', '1', '--offline']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/interactive terminal/);
  });
});

describe('kubedrill exam over a damaged or locked saved exam', () => {
  const home = async (files: Record<string, string>) => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-cmd-'));
    await mkdir(join(dir, 'exam'), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  };
  const saved = JSON.stringify(createExamState(drawExam(ckaProfile, ckaCatalog(4), { seed: 1 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: Date.UTC(2026, 0, 1) }));
  // The parent of this test process: alive, and not this process — "another kubedrill".
  const otherLock = JSON.stringify({ pid: process.ppid, startedAt: '2026-01-01T00:00:00.000Z' });

  for (const [what, text] of [['empty', ''], ['garbage', '\u0000\u0001 not json'], ['{}', '{}']] as const) {
    it(`Given a saved exam that is ${what}, When a new exam is started with --new, Then it gets past the saved exam (no crash) with a note naming the moved file`, async () => {
      const dir = await home({ 'exam/current.json': text });
      const result = await run(['exam', 'cka', '--new', '--offline'], { KUBEDRILL_HOME: dir });
      expect(result.err).not.toMatch(/hit a bug/);
      expect(result.err).toMatch(new RegExp(`note: the saved exam ${join(dir, 'exam', 'current.json')} was damaged \\(.*\\); moved it to .*current\\.json\\.damaged-`));
      // Without a terminal the exam stops at the next step: the saved exam was not in the way.
      expect(result.err).toMatch(/interactive terminal/);
      expect(await readdir(join(dir, 'exam'))).toEqual([expect.stringMatching(/^current\.json\.damaged-/)]);
    });
  }

  it('Given a garbage saved exam, When resumed, Then "no exam in progress" with the note, not a crash', async () => {
    const dir = await home({ 'exam/current.json': '{"formatVersion":1' });
    const result = await run(['exam', '--resume'], { KUBEDRILL_HOME: dir });
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/note: the saved exam .* was damaged/);
    expect(result.err).toMatch(/no exam in progress/);
  });

  it('Given an exam open in another kubedrill, When resumed here, Then it is refused naming that pid (it would be recorded twice)', async () => {
    const dir = await home({ 'exam/current.json': saved, 'exam/current.json.lock': otherLock });
    const result = await run(['exam', '--resume'], { KUBEDRILL_HOME: dir });
    expect(result.code).toBe(3);
    expect(result.err).toContain(`this exam is open in another kubedrill (pid ${process.ppid}`);
    expect(result.err).toContain(join(dir, 'exam', 'current.json.lock'));
  });

  it('Given an exam open in another kubedrill, When a new one is started with --new, Then it is refused too (the other would save over it)', async () => {
    const dir = await home({ 'exam/current.json': saved, 'exam/current.json.lock': otherLock });
    const result = await run(['exam', 'cka', '--new', '--offline'], { KUBEDRILL_HOME: dir });
    expect(result.code).toBe(3);
    expect(result.err).toContain(`this exam is open in another kubedrill (pid ${process.ppid}`);
  });

  it('Given a lock left by a kubedrill that is gone, When resumed, Then the stale lock does not stop it', async () => {
    const dir = await home({ 'exam/current.json': saved, 'exam/current.json.lock': JSON.stringify({ pid: 2 ** 30, startedAt: 'x' }) });
    const result = await run(['exam', '--resume'], { KUBEDRILL_HOME: dir });
    expect(result.err).not.toMatch(/open in another kubedrill/);
    expect(result.err).toMatch(/interactive terminal/);
  });
});

describe('kubedrill history over a damaged history', () => {
  it('Given a wrong-shaped line and a torn one, When history runs, Then each is reported as skipped with its line number and the good line counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-cmd-'));
    const good = { formatVersion: 1, kind: 'drill', at: 1, exams: ['CKA'], percent: 50, task: { id: 'cka/x', domain: 'storage', tags: [], earned: 1, possible: 2, spentMs: 1 } };
    await writeFile(join(dir, 'history.jsonl'), `{"formatVersion":1,"kind":"exam"}\n${JSON.stringify(good)}\n{"formatVersion":1,"ki`);
    const text = await run(['history'], { KUBEDRILL_HOME: dir });
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^0 exam\(s\), 1 drill check\(s\)/);
    expect(text.err).toContain(`note: skipped ${join(dir, 'history.jsonl')} line 1: not a valid exam attempt`);
    expect(text.err).toContain('line 3: not JSON');
    const json = await run(['history', '--json'], { KUBEDRILL_HOME: dir });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { skipped: { line: number }[] }).skipped.map((s) => s.line)).toEqual([1, 3]);
  });
});

describe('kubedrill history --json', () => {
  it('Given an empty history, When run, Then it prints an empty summary without ink', async () => {
    const result = await run(['history', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ formatVersion: 1, exams: [], drills: 0, trends: [], weakest: [] });
  });
});

describe('the ink guard of these tests', () => {
  it('Given ink is mocked to throw, When the UI module is imported, Then it fails (so the tests above prove ink stayed out)', async () => {
    await expect(import('../ui/index.js')).rejects.toThrow(/error when mocking/);
  });
});
