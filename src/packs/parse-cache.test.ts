import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { loadPacks } from './load.js';
import { FileParseCache, isJsonSafe } from './parse-cache.js';
import { formatProblem } from './problem.js';

const PACK = 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata: { id: p, title: P, version: 1.0.0 }\n';
const TASK = (id: string, points = 1) => `apiVersion: kubedrill.dev/v1
kind: Task
metadata: { id: ${id}, title: T, exams: [CKA], domain: storage, difficulty: quick, minutes: 2 }
statement: Do it.
solution:
  - apply: "kind: Namespace"
checks:
  - { id: ns, type: resource, points: ${points}, ref: namespace/web, expect: exists }
`;

describe('FileParseCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-cache-'));
    await mkdir(join(dir, 'p'));
    await writeFile(join(dir, 'p', 'pack.yaml'), PACK);
    await writeFile(join(dir, 'p', 'a.yaml'), TASK('p/a'));
    await writeFile(join(dir, 'p', 'b.yaml'), TASK('p/b'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = async (cacheFile: string) => {
    const cache = await FileParseCache.open(cacheFile);
    const result = await loadPacks([join(dir, 'p')], { checkers: TEST_CHECKERS, profiles: [], cache });
    await cache.save();
    return result;
  };

  it('gives the same result from the cache as from the parser, including positions of new problems', async () => {
    const cacheFile = join(dir, 'cache', 'packs.json');
    // Given a first run that fills the cache
    const first = await load(cacheFile);
    expect(first.tasks).toHaveLength(2);
    const stored = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(stored.entries)).toHaveLength(3);
    // When a second run reads the same files from the cache, Then it loads the same tasks
    const second = await load(cacheFile);
    expect(second.tasks.map((t) => t.task)).toEqual(first.tasks.map((t) => t.task));
    // And when an unchanged (cached) file becomes a duplicate, its position is still exact
    await writeFile(join(dir, 'p', 'c.yaml'), TASK('p/a'));
    const third = await load(cacheFile);
    expect(third.problems.map(formatProblem)).toEqual([
      `${join(dir, 'p', 'c.yaml')}:3:13: metadata.id: duplicate task id "p/a": also ${join(dir, 'p', 'a.yaml')}:3`,
    ]);
  });

  it('never serves a stale value: the key is the content', async () => {
    const cacheFile = join(dir, 'packs.json');
    await load(cacheFile);
    await writeFile(join(dir, 'p', 'a.yaml'), TASK('p/a', -1));
    const result = await load(cacheFile);
    expect(result.problems.map((p) => [p.line, p.path])).toEqual([[8, 'checks[0].points']]);
  });

  it('treats a damaged cache file as empty', async () => {
    const cacheFile = join(dir, 'packs.json');
    await writeFile(cacheFile, '{not json');
    expect((await load(cacheFile)).tasks).toHaveLength(2);
    expect(JSON.parse(await readFile(cacheFile, 'utf8'))).toMatchObject({ format: 1 });
  });

  it('does not cache values JSON cannot carry', () => {
    expect(isJsonSafe({ a: [1, 'x', true, null] })).toBe(true);
    expect(isJsonSafe({ a: Infinity })).toBe(false);
    expect(isJsonSafe([Number.NaN])).toBe(false);
  });
});
