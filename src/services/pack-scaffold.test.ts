import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { loadPacks } from '../packs/load.js';
import type { CommandIO } from '../system/io.js';
import { lintLoadedTasks } from './pack-lint.js';
import { scaffoldPack, scaffoldTask, packIdFrom } from './pack-scaffold.js';
import { testTasks } from './pack-test.js';

function fakeIO(cwd: string): CommandIO & { out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd, signal: new AbortController().signal, now: () => 0, out: () => text };
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubedrill-scaffold-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pack new', () => {
  it('Given a new directory, When scaffolded, Then pack.yaml, README, .gitignore, schemas and an example task exist, the pack validates and the modelines point at the schemas', async () => {
    const io = fakeIO(work);
    expect(await scaffoldPack('acme-week3', { title: 'ACME week 3', exam: 'cka' }, CHECKERS, io)).toBe(0);
    const dir = join(work, 'acme-week3');
    const task = join(dir, 'cka', 'cluster-architecture', 'example.yaml');
    for (const file of ['pack.yaml', 'README.md', '.gitignore', 'schemas/pack.schema.json', 'schemas/task.schema.json']) expect(existsSync(join(dir, file)), file).toBe(true);
    const text = await readFile(task, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/task.schema.json');
    expect(existsSync(join(dir, 'cka', 'cluster-architecture', '../../schemas/task.schema.json'))).toBe(true);
    expect(await readFile(join(dir, 'pack.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/schemas\/pack\.schema\.json\n[\s\S]*id: acme-week3\n[\s\S]*exams: \[CKA\]/);
    const loaded = await loadPacks([dir], { checkers: CHECKERS, checkManifests: true });
    expect(loaded.problems).toEqual([]);
    expect(loaded.tasks.map((t) => t.task.metadata.id)).toEqual(['acme-week3/example']);
    expect(io.out()).toContain('valid: 1 task');
  });

  it('Given the scaffolded example, When self-tested offline, Then it fails on the solution and the alternative, each saying what to write', async () => {
    await scaffoldPack('p', {}, CHECKERS, fakeIO(work));
    const { tasks } = await loadPacks([join(work, 'p')], { checkers: CHECKERS });
    const [result] = await testTasks({ tasks, checkers: CHECKERS, target: { offline: true } });
    expect(result?.ok).toBe(false);
    const failed = Object.fromEntries((result?.phases ?? []).filter((p) => !p.ok).map((p) => [p.phase.split(':')[0], p.problem]));
    expect(Object.keys(failed).sort()).toEqual(['alternative', 'solution']);
    expect(failed.solution).toContain('TODO: write the solution (solution:) and the checks (checks:)');
    expect(failed.alternative).toContain('TODO: write an alternative correct answer (alternatives:)');
    // Setup scores 0 and the near misses lose points: only the unwritten parts fail.
    expect(result?.phases.filter((p) => p.ok).map((p) => p.phase.split(':')[0])).toEqual(['setup', 'near miss', 'near miss']);
  }, 60_000);

  it('Given the scaffolded example, When linted, Then scaffold-todo lists each section left to write and nothing else fires', async () => {
    await scaffoldPack('p', {}, CHECKERS, fakeIO(work));
    const { tasks } = await loadPacks([join(work, 'p')], { checkers: CHECKERS });
    const warnings = await lintLoadedTasks(tasks);
    expect(new Set(warnings.map((w) => w.rule))).toEqual(new Set(['scaffold-todo']));
    expect(warnings.map((w) => w.path.split(/[.[]/)[0])).toEqual(['metadata', 'statement', 'hints', 'solution', 'walkthrough', 'alternatives', 'nearMisses', 'checks', 'docs']);
  });

  it('Given a directory with files in it, When scaffolded, Then it is refused and nothing is written', async () => {
    await mkdir(join(work, 'taken'));
    await writeFile(join(work, 'taken', 'notes.txt'), 'mine');
    await expect(scaffoldPack('taken', {}, CHECKERS, fakeIO(work))).rejects.toThrow(/not empty/);
    expect(existsSync(join(work, 'taken', 'pack.yaml'))).toBe(false);
  });

  it('Given an unknown exam, Then the usage error suggests the near one', async () => {
    await expect(scaffoldPack('p', { exam: 'CKX' }, CHECKERS, fakeIO(work))).rejects.toThrow(/unknown exam "CKX"; did you mean/);
  });

  it('derives a pack id from the directory name', () => {
    expect(packIdFrom('/x/ACME Week_3')).toBe('acme-week-3');
  });
});

describe('task new', () => {
  beforeEach(async () => {
    await scaffoldPack('p', { exam: 'CKAD' }, CHECKERS, fakeIO(work));
  });

  it('Given a pack, When a task is added with a domain, Then it lands in <exam>/<domain>/<name>.yaml and the pack still validates', async () => {
    const io = fakeIO(work);
    expect(await scaffoldTask('acme/probe-web', { pack: 'p', domain: 'observability-maintenance' }, CHECKERS, io)).toBe(0);
    const file = join(work, 'p', 'ckad', 'observability-maintenance', 'probe-web.yaml');
    expect(await readFile(file, 'utf8')).toMatch(/id: acme\/probe-web\n[\s\S]*exams: \[CKAD\]\n[\s\S]*domain: observability-maintenance\n/);
    const loaded = await loadPacks([join(work, 'p')], { checkers: CHECKERS, checkManifests: true });
    expect(loaded.problems).toEqual([]);
    expect(loaded.tasks).toHaveLength(2);
  });

  it('Given an id the pack has, a misspelt domain or a bad id, Then each is refused with the fix', async () => {
    await expect(scaffoldTask('p/example', { pack: 'p' }, CHECKERS, fakeIO(work))).rejects.toThrow(/task id "p\/example" is taken/);
    await expect(scaffoldTask('acme/x', { pack: 'p', domain: 'deploymnt' }, CHECKERS, fakeIO(work))).rejects.toThrow(/"deploymnt" is not a CKAD domain; did you mean deployment\?/);
    await expect(scaffoldTask('Acme/X', { pack: 'p' }, CHECKERS, fakeIO(work))).rejects.toThrow(/not a valid task id/);
    await expect(scaffoldTask('acme/x', { pack: 'nowhere' }, CHECKERS, fakeIO(work))).rejects.toThrow(/no pack.yaml in nowhere/);
  });
});
