import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogOrFail } from './load-catalog.js';

const example = fileURLToPath(new URL('../../test/broken-packs/valid/design-example', import.meta.url));

describe('loadCatalogOrFail with the catalog cache', () => {
  it('Given a pack, When loaded twice and then edited, Then the second load is the cached catalog and an edit is seen at once', async () => {
    const base = await mkdtemp(join(tmpdir(), 'kubedrill-catalog-'));
    const pack = join(base, 'pack');
    await cp(example, pack, { recursive: true });
    const env = { KUBEDRILL_HOME: join(base, 'home') };
    const cacheFile = join(base, 'home', 'cache', 'catalog.json');

    const first = await loadCatalogOrFail([pack], { env, includeBuiltin: false });
    expect(existsSync(cacheFile)).toBe(true);
    // A second load is served from the file: marking the cached copy shows it is the one returned.
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { key: string; catalog: { tasks: { task: { metadata: { title: string } } }[] } };
    cached.catalog.tasks[0]!.task.metadata.title = 'served from the cache';
    await writeFile(cacheFile, JSON.stringify(cached));
    const second = await loadCatalogOrFail([pack], { env, includeBuiltin: false });
    expect(second.tasks).toHaveLength(first.tasks.length);
    expect(second.tasks[0]!.task.metadata.title).toBe('served from the cache');

    const task = join(pack, 'static-pod-web.yaml');
    await writeFile(task, (await readFile(task, 'utf8')).replace(/title: .*/, 'title: Edited after caching'));
    const third = await loadCatalogOrFail([pack], { env, includeBuiltin: false });
    expect(third.tasks.find((t) => t.file === task)?.task.metadata.title).toBe('Edited after caching');
  });

  it('Given a damaged cache file, When loaded, Then the packs are read afresh and the file is rewritten', async () => {
    const base = await mkdtemp(join(tmpdir(), 'kubedrill-catalog-'));
    const env = { KUBEDRILL_HOME: base };
    await loadCatalogOrFail([example], { env, includeBuiltin: false });
    const cacheFile = join(base, 'cache', 'catalog.json');
    await writeFile(cacheFile, '{"key": "x", "catalo');
    const catalog = await loadCatalogOrFail([example], { env, includeBuiltin: false });
    expect(catalog.tasks.length).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(cacheFile, 'utf8'))).toHaveProperty('catalog');
  });
});
