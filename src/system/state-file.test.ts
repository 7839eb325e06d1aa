import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendLine, damagedName, describeDamage, jsonWith, readStateFile, writeFileAtomic } from './state-file.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const schema = z.object({ n: z.number() });

describe('state files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = (file: string) => readStateFile(file, jsonWith(schema), { now: () => NOW });

  it('Given a secret written atomically with mode 0600, When written twice, Then it is replaced whole, private, and no temp file is left', async () => {
    const file = join(dir, 'kube', 'x.kubeconfig');
    await writeFileAtomic(file, 'one', { mode: 0o600 });
    await writeFileAtomic(file, 'two', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('two');
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await readdir(join(dir, 'kube'))).toEqual(['x.kubeconfig']);
  });

  it('Given a file whose last line is torn, When a line is appended, Then it starts on a line of its own', async () => {
    const file = join(dir, 'h.jsonl');
    await writeFile(file, '{"a":1}\n{"b":');
    await appendLine(file, '{"c":3}');
    await appendLine(file, '{"d":4}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"b":\n{"c":3}\n{"d":4}\n');
  });

  it('Given no file, When read, Then it is missing (nothing moved)', async () => {
    expect(await read(join(dir, 'none.json'))).toEqual({ status: 'missing' });
  });

  it('Given a valid file, When read, Then its value comes back', async () => {
    await writeFile(join(dir, 'ok.json'), '{"n":1}');
    expect(await read(join(dir, 'ok.json'))).toEqual({ status: 'ok', value: { n: 1 } });
  });

  const damaged: [string, (file: string) => Promise<void>, RegExp][] = [
    ['empty', (f) => writeFile(f, ''), /empty/],
    ['truncated', (f) => writeFile(f, '{"n":'), /JSON/],
    ['wrong shape', (f) => writeFile(f, '{"n":"1"}'), /n: .*number/],
    ['null', (f) => writeFile(f, 'null'), /object/],
    ['a directory', (f) => mkdir(f), /directory/],
    ['a symlink loop', (f) => symlink(f, f), /symlink loop/],
    ['a FIFO (reading it would block forever)', async (f) => void execFileSync('mkfifo', [f]), /not a regular file/],
  ];
  for (const [what, make, reason] of damaged) {
    it(`Given a state file that is ${what}, When read, Then it is moved aside to <file>.damaged-<time> and reported, not thrown`, async () => {
      const file = join(dir, 'state.json');
      await make(file);
      const result = await read(file);
      expect(result).toMatchObject({ status: 'damaged', file, movedTo: damagedName(file, NOW) });
      expect(result.status === 'damaged' && result.reason).toMatch(reason);
      expect(await readdir(dir)).toEqual(['state.json.damaged-2026-01-02T03-04-05.000Z']);
      if (result.status === 'damaged') {
        expect(describeDamage('the saved exam', result, 'no exam is in progress')).toBe(
          `the saved exam ${file} was damaged (${result.reason}); moved it to ${file}.damaged-2026-01-02T03-04-05.000Z; no exam is in progress`,
        );
      }
    });
  }
});
