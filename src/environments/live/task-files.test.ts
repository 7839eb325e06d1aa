import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptLegacyAnswers, answersBackupDirFor, answersDirFor, legacyAnswersDirFor } from './task-files.js';

describe('answers directories', () => {
  let data: string;
  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'kubedrill-paths-'));
  });
  afterEach(async () => {
    await rm(data, { recursive: true, force: true });
  });
  const write = async (path: string, text: string) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  };

  it('Given ids where one prefixes another, When their answers and backup dirs are made, Then none is inside another', () => {
    const ids = ['cka', 'cka/rbac', 'cka/rbac/deep', 'cka-x', 'ckad/rbac'];
    for (const dirFor of [answersDirFor, answersBackupDirFor]) {
      const dirs = ids.map((id) => dirFor(data, id));
      expect(new Set(dirs).size).toBe(ids.length);
      for (const a of dirs) for (const b of dirs) if (a !== b) expect(relative(a, b).startsWith('..')).toBe(true);
    }
    expect(answersDirFor('/d', 'cka/rbac')).toBe('/d/answers/cka__rbac');
  });

  it('Given answers in the old nested layout, When the task is opened, Then they move to its one-segment dir and emptied parents go', async () => {
    await write(join(legacyAnswersDirFor(data, 'cka/custom-columns-report'), 'pods.txt'), 'work');
    await write(join(legacyAnswersDirFor(data, 'cka/other'), 'a.txt'), 'other');
    expect(await adoptLegacyAnswers(data, 'cka/custom-columns-report')).toBe(join(data, 'answers', 'cka', 'custom-columns-report'));
    expect(await readFile(join(answersDirFor(data, 'cka/custom-columns-report'), 'pods.txt'), 'utf8')).toBe('work');
    expect(await adoptLegacyAnswers(data, 'cka/other')).toBeDefined();
    expect((await readdir(join(data, 'answers'))).sort()).toEqual(['cka__custom-columns-report', 'cka__other']);
    // Nothing left to adopt: a second open changes nothing.
    expect(await adoptLegacyAnswers(data, 'cka/other')).toBeUndefined();
  });

  it('Given answers in both layouts, When the task is opened, Then the new ones win and the old stay where they are (never merged)', async () => {
    await write(join(legacyAnswersDirFor(data, 'cka/x'), 'a.txt'), 'old');
    await write(join(answersDirFor(data, 'cka/x'), 'a.txt'), 'new');
    expect(await adoptLegacyAnswers(data, 'cka/x')).toBeUndefined();
    expect(await readFile(join(answersDirFor(data, 'cka/x'), 'a.txt'), 'utf8')).toBe('new');
    expect(await readFile(join(legacyAnswersDirFor(data, 'cka/x'), 'a.txt'), 'utf8')).toBe('old');
  });
});
