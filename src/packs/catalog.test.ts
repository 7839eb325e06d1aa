import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { filterTasks, findTask, loadCatalog, suggestTaskIds, type Catalog } from './catalog.js';

const designExample = fileURLToPath(new URL('../../test/broken-packs/valid/design-example', import.meta.url));
const realProfiles = fileURLToPath(new URL('../../scenarios/profiles', import.meta.url));

describe('catalog', () => {
  let root: string;
  let catalog: Catalog;

  beforeAll(async () => {
    // Given a "built-in" directory (a pack plus profiles) and a user pack with two tasks
    root = await mkdtemp(join(tmpdir(), 'kubedrill-catalog-'));
    await cp(designExample, join(root, 'builtin', 'cka'), { recursive: true });
    await cp(realProfiles, join(root, 'builtin', 'profiles'), { recursive: true });
    await cp(designExample, join(root, 'user'), { recursive: true });
    await writeFile(join(root, 'user', 'pack.yaml'), (await readFile(join(designExample, 'pack.yaml'), 'utf8')).replace('acme-cka-week3', 'user-pack'));
    const text = await readFile(join(designExample, 'static-pod-web.yaml'), 'utf8');
    await writeFile(join(root, 'user', 'static-pod-web.yaml'), text.replace('id: cka/static-pod-web', 'id: user/static-pod-web'));
    await writeFile(
      join(root, 'user', 'pv.yaml'),
      text
        .replace('id: cka/static-pod-web', 'id: user/hostpath-pv')
        .replace('title: Run a static pod on a worker', 'title: A hostPath PersistentVolume')
        .replace('domain: workloads-scheduling', 'domain: storage')
        .replace('tags: [static-pods, kubelet]', 'tags: [pv]'),
    );
    catalog = await loadCatalog({ packDirs: [join(root, 'user')], includeBuiltin: true, checkers: TEST_CHECKERS, builtinDir: join(root, 'builtin') });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads built-in packs, user packs and the exam profiles', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.packs.map((p) => p.pack.metadata.id)).toEqual(['acme-cka-week3', 'user-pack']);
    expect(catalog.tasks.map((t) => t.task.metadata.id)).toEqual(['cka/static-pod-web', 'user/hostpath-pv', 'user/static-pod-web']);
    expect(catalog.profiles.map((p) => p.exam).sort()).toEqual(['CKA', 'CKAD', 'CKS']);
  });

  it('leaves the built-in packs out when asked', async () => {
    const userOnly = await loadCatalog({ packDirs: [join(root, 'user')], includeBuiltin: false, checkers: TEST_CHECKERS, builtinDir: join(root, 'builtin') });
    expect(userOnly.tasks.map((t) => t.packId)).toEqual(['user-pack', 'user-pack']);
    expect(userOnly.profiles).toHaveLength(3);
  });

  it('finds a task by id', () => {
    expect(findTask(catalog, 'user/hostpath-pv').task.metadata.title).toBe('A hostPath PersistentVolume');
  });

  it('suggests near ids for a typo or a missing prefix', () => {
    expect(suggestTaskIds(catalog, 'user/hostpath-pvv')).toEqual(['user/hostpath-pv']);
    expect(suggestTaskIds(catalog, 'static-pod-web')).toEqual(['cka/static-pod-web', 'user/static-pod-web']);
    expect(suggestTaskIds(catalog, 'etcd-backup')).toEqual([]);
  });

  it('throws a UserError with the suggestion as next step', () => {
    let error: unknown;
    try {
      findTask(catalog, 'cka/static-pod-wbe');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('no task with id "cka/static-pod-wbe"');
    expect((error as UserError).nextSteps[0]).toBe('did you mean cka/static-pod-web?');
  });

  it('filters by exam, domain, tag and words', () => {
    const ids = (filter: Parameters<typeof filterTasks>[1]) => filterTasks(catalog, filter).map((t) => t.task.metadata.id);
    expect(ids({ exam: 'cka' })).toHaveLength(3);
    expect(ids({ exam: 'CKS' })).toEqual([]);
    expect(ids({ domain: 'storage' })).toEqual(['user/hostpath-pv']);
    expect(ids({ tag: 'kubelet' })).toEqual(['cka/static-pod-web', 'user/static-pod-web']);
    expect(ids({ text: 'STATIC user' })).toEqual(['user/static-pod-web']);
    expect(ids({ exam: 'CKA', domain: 'storage', tag: 'kubelet' })).toEqual([]);
  });
});
