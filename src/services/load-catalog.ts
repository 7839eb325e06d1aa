import { join, resolve } from 'node:path';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { UserError } from '../errors.js';
import { scenariosDir } from '../package-root.js';
import { catalogCacheKey, readCatalogCache, writeCatalogCache } from '../packs/catalog-cache.js';
import type { Catalog } from '../packs/catalog.js';
import { formatProblem } from '../packs/problem.js';
import { inertLine } from '../text/inert.js';

/** How a command loads its catalog. */
export interface CatalogLoad {
  /** Built-in packs too (default true); `pack test` and `pack validate` read only the named ones. */
  includeBuiltin?: boolean;
  /** Parse apply steps' manifests (pack validate and test); never cached, being an author's check. */
  checkManifests?: boolean;
  /** The process environment: with it, the validated catalog is cached in the data directory. */
  env?: NodeJS.ProcessEnv;
}

/** How many pack problems an error shows before pointing at `pack validate` for the rest. */
const SHOWN_PROBLEMS = 20;

/**
 * The catalog: built-in packs plus `--pack` dirs, with its problems. From the cache when the packs
 * and the build are those it was made from (only a clean catalog is cached).
 */
export async function loadCatalogCached(packDirs: readonly string[], options: CatalogLoad = {}): Promise<Catalog> {
  const includeBuiltin = options.includeBuiltin ?? true;
  const cacheFile = options.env && !options.checkManifests ? join(kubedrillDataDir(options.env), 'cache', 'catalog.json') : undefined;
  const key = cacheFile ? await catalogCacheKey([...(includeBuiltin ? [scenariosDir()] : []), ...packDirs.map((dir) => resolve(dir))]) : undefined;
  const cached = cacheFile && key ? await readCatalogCache(cacheFile, key) : undefined;
  if (cached) return cached;
  const [{ loadCatalog }, { CHECKERS }] = await Promise.all([import('../packs/catalog.js'), import('../../checkers/index.js')]);
  const catalog = await loadCatalog({ packDirs, includeBuiltin, checkers: CHECKERS, checkManifests: options.checkManifests === true });
  if (cacheFile && key) await writeCatalogCache(cacheFile, key, catalog);
  return catalog;
}

/**
 * The catalog for a command. A broken pack stops the command with every problem located
 * (FILE:LINE:COL), since grading against a half-loaded pack would mislead the learner.
 */
export async function loadCatalogOrFail(packDirs: readonly string[], options: CatalogLoad = {}): Promise<Catalog> {
  const catalog = await loadCatalogCached(packDirs, options);
  if (catalog.problems.length === 0) return catalog;
  const shown = catalog.problems.slice(0, SHOWN_PROBLEMS).map((problem) => inertLine(formatProblem(problem)));
  const more = catalog.problems.length - shown.length;
  throw new UserError(`the packs have ${catalog.problems.length} problem(s):\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`, [
    `kubedrill pack validate ${packDirs.join(' ') || '<dir>'} lists every problem`,
  ]);
}
