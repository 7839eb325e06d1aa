import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrFail } from '../services/load-catalog.js';
import { homeData } from '../services/home-session.js';
import { main } from '../cli.js';
import type { CommandIO } from '../system/io.js';

// An exam is its profile: a pack that ships one adds the exam to every command, with no code change.

const PACK = `apiVersion: kubedrill.dev/v1
kind: Pack
metadata:
  id: acme-practice
  title: ACME practice exam
  version: 1.0.0
  exams: [acme]
`;

const PROFILE = `apiVersion: kubedrill.dev/v1
kind: ExamProfile
exam: acme
title: ACME Kubernetes Practice
durationMinutes: 30
tasks: { min: 1, max: 2 }
passPercent: 70
domains:
  - { id: basics, title: Basics, weight: 100 }
`;

const TASK = `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: acme/namespace-web
  title: Create the web namespace
  exams: [acme]
  domain: basics
  difficulty: quick
  minutes: 2
statement: Create a namespace called web.
solution:
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: { name: web }
checks:
  - id: ns
    type: jsonpath
    points: 1
    ref: namespace/web
    path: '{.metadata.name}'
    equals: web
`;

function fakeIO(home: string): CommandIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const env = { KUBEDRILL_HOME: home };
  return { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), signal: new AbortController().signal, now: () => 0, out: () => out, err: () => err };
}

describe('an exam shipped by a pack', () => {
  let base: string;
  let pack: string;
  let home: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'kubedrill-pack-exam-'));
    pack = join(base, 'acme');
    home = join(base, 'home');
    await mkdir(join(pack, 'profiles'), { recursive: true });
    await mkdir(home);
    await writeFile(join(pack, 'pack.yaml'), PACK);
    await writeFile(join(pack, 'profiles', 'acme.yaml'), PROFILE);
    await writeFile(join(pack, 'namespace-web.yaml'), TASK);
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('Given the pack, When listed filtered by its exam (any case), Then its task shows under that exam', async () => {
    const io = fakeIO(home);
    expect(await main(['list', '--pack', pack, '--exam', 'ACME', '--json'], io)).toBe(0);
    const parsed = JSON.parse(io.out()) as { tasks: { id: string; exams: string[] }[] };
    expect(parsed.tasks).toEqual([expect.objectContaining({ id: 'acme/namespace-web', exams: ['acme'] })]);

    const table = fakeIO(home);
    expect(await main(['list', '--pack', pack, '--exam', 'acme'], table)).toBe(0);
    expect(table.out()).toMatch(/acme\/namespace-web\s+acme\s+basics/);
  });

  it('Given the pack, When its exam is planned as JSON, Then the draw uses the pack profile', async () => {
    const io = fakeIO(home);
    expect(await main(['exam', 'acme', '--pack', pack, '--seed', '7', '--plan', '--json'], io)).toBe(0);
    const plan = JSON.parse(io.out()) as { exam: string; durationMinutes: number; passPercent: number; tasks: { id: string; domain: string }[] };
    expect(plan).toMatchObject({ exam: 'acme', durationMinutes: 30, passPercent: 70 });
    expect(plan.tasks.map((t) => [t.id, t.domain])).toEqual([['acme/namespace-web', 'basics']]);
  });

  it('Given the pack, When an exam name is mistyped, Then the error suggests the pack exam and names the known ones', async () => {
    const io = fakeIO(home);
    expect(await main(['exam', 'acne', '--pack', pack, '--plan', '--json'], io)).toBe(2);
    const { error } = JSON.parse(io.out()) as { error: { kind: string; message: string; nextSteps: string[] } };
    expect(error).toMatchObject({ kind: 'usage', message: 'no exam "acne"' });
    expect(error.nextSteps[0]).toBe('did you mean acme?');
    expect(error.nextSteps[1]).toBe('known exams: cka, ckad, cks or acme');
  });

  it('Given the pack, When the home data is built, Then a mock-exam entry for it sits beside the built-in ones', async () => {
    const io = fakeIO(home);
    const data = await homeData(await loadCatalogOrFail([pack]), true, io);
    expect(data.exams.map((e) => e.exam)).toEqual(['CKA', 'CKAD', 'CKS', 'acme']);
    expect(data.exams.at(-1)).toEqual({ exam: 'acme', title: 'ACME Kubernetes Practice', durationMinutes: 30, tasks: '1–2', passPercent: 70 });
    expect(data.tasks.find((t) => t.id === 'acme/namespace-web')?.exams).toEqual(['acme']);
  });

  it('Given the documented exit codes, When check runs, Then 0 is full marks, 1 not full marks, 2 a usage mistake, 3 a pack problem — and --json always parses', async () => {
    const ws = join(base, 'ws');
    await mkdir(ws);
    const check = async (argv: string[]) => {
      const io = fakeIO(home);
      const code = await main(['check', ...argv, '--pack', pack, '--offline', ws, '--json'], io);
      return { code, json: JSON.parse(io.out()) as { score?: { percent: number }; error?: { kind: string } } };
    };
    expect(await check(['acme/namespace-web'])).toMatchObject({ code: 1, json: { score: { percent: 0 } } });
    await writeFile(join(ws, 'web.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n');
    expect(await check(['acme/namespace-web'])).toMatchObject({ code: 0, json: { score: { percent: 100 } } });
    expect(await check(['acme/namespace-wbe'])).toMatchObject({ code: 2, json: { error: { kind: 'usage' } } });
    const broken = join(base, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'pack.yaml'), PACK.replace('acme-practice', 'broken-practice'));
    await writeFile(join(broken, 'task.yaml'), TASK.replace('acme/namespace-web', 'broken/x').replace('difficulty: quick', 'difficulty: ???'));
    const io = fakeIO(home);
    expect(await main(['check', 'acme/namespace-web', '--pack', pack, '--pack', broken, '--offline', ws, '--json'], io)).toBe(3);
    expect(JSON.parse(io.out())).toMatchObject({ error: { kind: 'problem' } });
  });

  it('Given a task naming an exam no profile defines, When the catalog loads, Then it fails at FILE:LINE:COL with a "did you mean"', async () => {
    const typo = join(base, 'typo');
    await mkdir(join(typo, 'profiles'), { recursive: true });
    await writeFile(join(typo, 'pack.yaml'), PACK.replace('acme-practice', 'typo-practice'));
    await writeFile(join(typo, 'profiles', 'acme.yaml'), PROFILE.replace('exam: acme', 'exam: acme2'));
    await writeFile(join(typo, 'task.yaml'), TASK.replace('acme/namespace-web', 'typo/namespace-web').replace('exams: [acme]', 'exams: [acme3]'));
    await expect(loadCatalogOrFail([typo])).rejects.toThrow(/task\.yaml:6:11: metadata\.exams\[0\]: unknown exam "acme3"; did you mean acme2\?/);
  });
});
