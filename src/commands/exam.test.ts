import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';
import type { CommandIO } from './types.js';

// Non-TUI paths must not load ink or react (DESIGN.md §8): importing them here fails the test.
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

describe('kubedrill exam --plan --json', () => {
  it('Given a seed, When planned twice, Then the same draw prints with the contract fields and no ink is loaded', async () => {
    const first = await run(['exam', 'cka', '--seed', '42', '--plan', '--json']);
    expect(first.err).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.out) as { exam: string; seed: number; durationMinutes: number; passPercent: number; tasks: Record<string, unknown>[] };
    expect(Object.keys(plan)).toEqual(['exam', 'seed', 'durationMinutes', 'passPercent', 'tasks']);
    expect(plan).toMatchObject({ exam: 'CKA', seed: 42, durationMinutes: 120, passPercent: 66 });
    expect(plan.tasks.length).toBeGreaterThan(0);
    for (const t of plan.tasks) expect(Object.keys(t).sort()).toEqual(['domain', 'exams', 'id', 'minutes', 'points', 'title']);
    expect((await run(['exam', 'cka', '--seed', '42', '--plan', '--json'])).out).toBe(first.out);
  });

  it('Given no exam name, When run, Then it is a usage error (exit 2)', async () => {
    const result = await run(['exam', '--plan']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/cka, ckad or cks/);
  });

  it('Given no saved exam, When resuming, Then the learner is told how to start one', async () => {
    const result = await run(['exam', '--resume']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no exam in progress/);
  });

  it('Given no terminal, When starting an exam, Then it refuses and points at --plan --json', async () => {
    const result = await run(['exam', 'cka', '--seed', '1', '--offline']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/interactive terminal/);
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
