import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { CONTROL } from '../../test/text/hostile-text.js';
import { writePackSchemas } from './pack-schema.js';
import { validatePacks } from './pack-validate.js';
import type { CommandIO } from '../system/io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function fakeIO(cwd: string): CommandIO & { out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    cwd,
    signal: new AbortController().signal,
    now: () => 0,
    out: () => text,
  };
}

describe('pack validate', () => {
  it('prints each problem on its own line relative to the cwd, then a summary, and exits 1', async () => {
    // Given two broken fixtures, When validated from the repository root
    const io = fakeIO(root);
    const code = await validatePacks(['test/broken-packs/fixtures/unknown-key', 'test/broken-packs/fixtures/empty-file', 'test/broken-packs/fixtures/duplicate-task-id'], TEST_CHECKERS, io);
    // Then each problem is one FILE:LINE:COL line and the summary counts them
    expect(code).toBe(1);
    expect(io.out().split('\n')).toEqual([
      'test/broken-packs/fixtures/duplicate-task-id/pack-b/second.yaml:4:3: metadata.id: duplicate task id "broken/same-id": also test/broken-packs/fixtures/duplicate-task-id/pack-a/first.yaml:4',
      'test/broken-packs/fixtures/empty-file/task.yaml:1:1: empty file: expected one YAML document',
      'test/broken-packs/fixtures/unknown-key/task.yaml:10:3: metadata.dificulty: unknown key "dificulty"',
      '3 problems in 3 files (4 packs, 1 valid task)',
      '',
    ]);
  });

  it('says ok and exits 0 for a valid pack', async () => {
    const io = fakeIO(root);
    expect(await validatePacks(['test/broken-packs/valid/design-example'], TEST_CHECKERS, io)).toBe(0);
    expect(io.out()).toBe('ok: 1 pack, 1 valid task\n');
  });

  it('Given a key with a newline and escape sequences and a file name with a newline, When validated, Then every problem is one inert line naming the real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-inert-'));
    try {
      await cp(join(root, 'test/broken-packs/valid/design-example'), dir, { recursive: true });
      const task = await readFile(join(dir, 'static-pod-web.yaml'), 'utf8');
      // A double-quoted YAML key can hold \n, \e (ESC) and \a (BEL): an OSC 0 title and a forged line.
      const forged = task.replace('metadata:\n', 'metadata:\n  "x\\nfake.yaml:1:1: ok \\e]0;PWNED\\a\\e[8m": 1\n');
      await writeFile(join(dir, 'static-pod-web.yaml'), forged);
      await writeFile(join(dir, 'odd\nfake.yaml:2:2: ok.yaml'), 'kind: [');
      const io = fakeIO(dir);
      expect(await validatePacks(['.'], TEST_CHECKERS, io)).toBe(1);
      const lines = io.out().trimEnd().split('\n');
      expect(io.out()).not.toMatch(CONTROL);
      expect(lines.filter((l) => l.startsWith('fake.yaml'))).toEqual([]);
      const key = 'x\\nfake.yaml:1:1: ok \\x1b]0;PWNED\\x07\\x1b[8m';
      expect(lines).toContain(`static-pod-web.yaml:5:3: metadata.${key}: unknown key "${key}"`);
      expect(lines.some((l) => l.startsWith('odd\\nfake.yaml:2:2: ok.yaml:'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for a directory when given none (a usage error, exit 2)', async () => {
    expect(await main(['pack', 'validate'], fakeIO(root))).toBe(2);
  });

  it('Given --json, When packs have problems, Then the problems print as JSON with the exit code 1', async () => {
    const io = fakeIO(root);
    expect(await validatePacks(['test/broken-packs/fixtures/unknown-key'], TEST_CHECKERS, io, { json: true })).toBe(1);
    const report = JSON.parse(io.out()) as { ok: boolean; problems: { file: string; line: number; path: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ file: 'test/broken-packs/fixtures/unknown-key/task.yaml', line: 10, path: 'metadata.dificulty' });
  });
});

describe('pack schema', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'kubedrill-schema-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('prints both schemas as JSON', async () => {
    const io = fakeIO(root);
    expect(await writePackSchemas(undefined, TEST_CHECKERS, io)).toBe(0);
    const printed = JSON.parse(io.out()) as { pack: { properties: { kind: { const: string } } }; task: { title: string } };
    expect(printed.pack.properties.kind.const).toBe('Pack');
    expect(printed.task.title).toBe('kubedrill Task');
  });

  it('writes the files with --out and shows the modeline', async () => {
    const io = fakeIO(root);
    expect(await writePackSchemas(out, TEST_CHECKERS, io)).toBe(0);
    const task = JSON.parse(await readFile(join(out, 'task.schema.json'), 'utf8')) as { properties: { checks: { items: { oneOf: unknown[] } } } };
    expect(task.properties.checks.items.oneOf).toHaveLength(3);
    expect(io.out()).toContain(`# yaml-language-server: $schema=${join(out, 'task.schema.json')}`);
  });
});
