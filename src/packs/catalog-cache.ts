// The validated catalog, kept in kubedrill's data directory so that `list`, `exam --plan`,
// `check` and the home screen do not parse and validate every YAML file on each run (parsing
// is most of their time). Only a catalog without problems is kept, and only for exactly the
// pack contents and the kubedrill build it was made from: any change to a file below a pack
// directory, or a new build, misses and loads afresh. Imports no yaml or zod.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../system/state-file.js';
import type { Catalog } from './catalog.js';
import { treeFingerprint } from './fingerprint.js';

/** Bumped when the cached shape changes in a way the build stamp below would not catch. */
const CACHE_FORMAT = 1;

/**
 * This build of kubedrill: the modification time of this module's file. A build (tsc) writes
 * every file anew and a release ships new files, so a catalog validated by other code is never
 * served; the package version alone would not change between two development builds.
 */
const buildStamp = (): string => String(statSync(fileURLToPath(import.meta.url)).mtimeMs);

/** The key of a catalog: the cache format, the build, the directories in order and their content. */
export async function catalogCacheKey(dirs: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(`${CACHE_FORMAT}\0${buildStamp()}\0`);
  for (const dir of dirs) hash.update(`${dir}\0${await treeFingerprint(dir)}\0`);
  return hash.digest('hex');
}

/** The cached catalog for `key`, or undefined (none, another key, or a file that is not ours). */
export async function readCatalogCache(file: string, key: string): Promise<Catalog | undefined> {
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown; catalog?: Catalog };
    if (cached.key !== key || !cached.catalog || !Array.isArray(cached.catalog.tasks)) return undefined;
    return { ...cached.catalog, problems: [] };
  } catch {
    return undefined;
  }
}

/** Keeps a clean catalog for the next run. A cache that cannot be written only costs speed. */
export async function writeCatalogCache(file: string, key: string, catalog: Catalog): Promise<void> {
  if (catalog.problems.length > 0) return;
  await writeFileAtomic(file, JSON.stringify({ key, catalog })).catch(() => undefined);
}
