import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  const fresh = () => createExamState(drawExam(ckaProfile, ckaCatalog(4), { seed: 1 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: 1000 });
  const damaged: [string, string][] = [
    ['empty', ''],
    ['truncated', '{"formatVersion":1,"exam":"CK'],
    ['garbage', 'not json at all'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an empty object', '{}'],
    ['of another format', '{"formatVersion":2}'],
    ['without its source', '{"formatVersion":1}'],
  ];
  for (const [what, text] of damaged) {
    it(`Given a saved exam that is ${what}, When loaded, Then there is no exam, the file is moved aside, and one note names both`, async () => {
      const dir = await tempDir();
      const file = join(dir, 'current.json');
      await writeFile(file, text);
      const notes: string[] = [];
      const store = new ExamStore(file, { now: () => Date.UTC(2026, 0, 1), onNotice: (line) => notes.push(line) });
      expect(await store.load()).toBeUndefined();
      const aside = `${file}.damaged-2026-01-01T00-00-00.000Z`;
      expect(await readdir(dir)).toEqual(['current.json.damaged-2026-01-01T00-00-00.000Z']);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain(`the saved exam ${file} was damaged (`);
      expect(notes[0]).toContain(`moved it to ${aside}; that exam cannot be resumed; your history is kept`);
      // A new exam saves over the slot as usual.
      await store.save(fresh());
      expect((await store.load())?.attemptId).toBe(fresh().attemptId);
    });
  }

  it('Given a saved exam whose current task or deadline is impossible, When loaded, Then it is refused as damaged (no "task 100/4", no NaN clock)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'current.json');
    for (const broken of [{ ...fresh(), current: 100 }, { ...fresh(), tasks: [] }, { ...fresh(), deadline: 0 }, { ...fresh(), startedAt: 1e20 }]) {
      await writeFile(file, JSON.stringify(broken));
      const notes: string[] = [];
      expect(await new ExamStore(file, { onNotice: (l) => notes.push(l) }).load()).toBeUndefined();
      expect(notes).toHaveLength(1);
    }
  });

  it('Given an exam saved before tasks had answered marks and notes, When loaded, Then it resumes with neither', async () => {
    const dir = await tempDir();
    const file = join(dir, 'current.json');
    const saved = fresh();
    const old = { ...saved, tasks: saved.tasks.map(({ answered: _a, notes: _n, ...rest }) => rest) };
    await writeFile(file, JSON.stringify(old));
    const loaded = await new ExamStore(file).load();
    expect(loaded?.tasks.every((t) => t.answered === false && t.notes === '')).toBe(true);
    // A pad longer than kubedrill keeps is cut, not a reason to drop the whole exam.
    await writeFile(file, JSON.stringify({ ...saved, tasks: saved.tasks.map((t) => ({ ...t, notes: 'n'.repeat(5000) })) }));
    expect((await new ExamStore(file).load())?.tasks[0]?.notes.length).toBeLessThan(5000);
  });

  it('Given a directory where the saved exam goes, When loaded, Then it is moved aside and a save works', async () => {
    const dir = await tempDir();
    const file = join(dir, 'current.json');
    await mkdir(file);
    const store = new ExamStore(file);
    expect(await store.load()).toBeUndefined();
    await store.save(fresh());
    expect((await store.load())?.current).toBe(0);
  });

  it('Given an exam open in another live kubedrill, When this one locks it, Then it is refused with that pid; once that one is gone, it is taken', async () => {
    const dir = await tempDir();
    const file = join(dir, 'current.json');
    let alive = true;
    const other = new ExamStore(file, { lock: { pid: 4242, isAlive: () => true } });
    const mine = new ExamStore(file, { lock: { pid: 5151, isAlive: (pid) => pid !== 4242 || alive } });
    expect((await other.lock()).acquired).toBe(true);
    expect(await mine.lock()).toMatchObject({ acquired: false, holder: { pid: 4242 } });
    expect(await mine.holder()).toMatchObject({ pid: 4242 });
    alive = false;
    expect(await mine.holder()).toBeUndefined();
    expect((await mine.lock()).acquired).toBe(true);
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
