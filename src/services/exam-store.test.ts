import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, ExamStore, storePaths, writeFileAtomic } from './exam-store.js';
import { createExamState } from './exam-session.js';
import { drawExam } from './exam-draw.js';
import { ckaCatalog, ckaProfile } from '../../test/ui/fixtures.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'kubedrill-store-'));

describe('exam store', () => {
  it('Given KUBEDRILL_HOME, When resolving paths, Then everything lives under it', () => {
    expect(dataDir({ KUBEDRILL_HOME: '/x/y' })).toBe('/x/y');
    expect(storePaths({ KUBEDRILL_HOME: '/x/y' })).toEqual({
      currentExam: '/x/y/exam/current.json',
      history: '/x/y/history.jsonl',
      workspace: '/x/y/workspace',
    });
    expect(dataDir({})).toMatch(/kubedrill/);
  });

  it('Given saves in quick succession, When loaded, Then the last state wins and no temp file is left', async () => {
    const dir = await tempDir();
    const store = new ExamStore(join(dir, 'exam', 'current.json'));
    const state = createExamState(drawExam(ckaProfile, ckaCatalog(4), { seed: 1 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: 1000 });
    await Promise.all([1, 2, 3].map((current) => store.save({ ...state, current })));
    expect((await store.load())?.current).toBe(3);
    expect(await readdir(join(dir, 'exam'))).toEqual(['current.json']);
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  it('Given a file of another format, When loaded, Then it is refused', async () => {
    const dir = await tempDir();
    const file = join(dir, 'current.json');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ formatVersion: 9 }));
    await expect(new ExamStore(file).load()).rejects.toThrow(/formatVersion 9/);
  });

  it('Given an existing file, When written atomically, Then it is replaced whole', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a', 'b.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a'))).toEqual(['b.txt']);
  });
});
