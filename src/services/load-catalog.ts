import { CHECKERS } from '../../checkers/index.js';
import { UserError } from '../errors.js';
import { loadCatalog, type Catalog } from '../packs/catalog.js';
import { formatProblem } from '../packs/problem.js';
import { inertLine } from '../text/inert.js';

/** How many pack problems an error shows before pointing at `pack validate` for the rest. */
const SHOWN_PROBLEMS = 20;

/**
 * The catalog for a command: built-in packs plus `--pack` dirs. A broken pack stops the command
 * with every problem located (FILE:LINE:COL), since grading against a half-loaded pack would
 * mislead the learner.
 */
export async function loadCatalogOrFail(packDirs: readonly string[], includeBuiltin = true, checkManifests = false): Promise<Catalog> {
  const catalog = await loadCatalog({ packDirs, includeBuiltin, checkers: CHECKERS, checkManifests });
  if (catalog.problems.length === 0) return catalog;
  const shown = catalog.problems.slice(0, SHOWN_PROBLEMS).map((problem) => inertLine(formatProblem(problem)));
  const more = catalog.problems.length - shown.length;
  throw new UserError(`the packs have ${catalog.problems.length} problem(s):\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`, [
    `kubedrill pack validate ${packDirs.join(' ') || '<dir>'} lists every problem`,
  ]);
}

/** `--pack DIR` (repeatable) as node's parseArgs declares it. */
export const PACK_OPTION = { pack: { type: 'string', multiple: true, default: [] as string[] } } as const;
