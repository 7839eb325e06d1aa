import type { Checker, ExamProfile, LoadedTask } from '../models/index.js';
import { examDomains } from '../models/task-domains.js';
import { UsageError } from '../errors.js';
import { join } from 'node:path';
import { scenariosDir } from '../package-root.js';
import type { LoadedPack } from './load.js';
import { closest, type PackProblem } from './problem.js';

/** Every task kubedrill knows about in this run: built-in packs plus the learner's `--pack` dirs. */
export interface Catalog {
  packs: LoadedPack[];
  tasks: LoadedTask[];
  /** Every exam kubedrill knows in this run: the built-in profiles, then those packs ship. */
  profiles: ExamProfile[];
  problems: PackProblem[];
}

export interface CatalogOptions {
  /** User pack directories (`--pack DIR`, repeatable); directories of packs are fine too. */
  packDirs: readonly string[];
  includeBuiltin: boolean;
  checkers: readonly Checker[];
  /** Where the built-in packs and profiles live; default `scenarios/` of the package. */
  builtinDir?: string;
  /** Parse apply steps' manifests too (LoadOptions.checkManifests). */
  checkManifests?: boolean;
}

/**
 * Loads the built-in packs (optionally) and the user's, validated against the exam profiles: the
 * built-in ones (always, so history and `--plan` know them) and those the packs ship.
 */
export async function loadCatalog(options: CatalogOptions): Promise<Catalog> {
  // The parser and the schemas load here, not with this module: finding and filtering tasks of
  // a cached catalog (catalog-cache.ts) needs neither.
  const [{ loadPacks }, { loadExamProfiles }] = await Promise.all([import('./load.js'), import('./profiles.js')]);
  const builtin = options.builtinDir ?? scenariosDir();
  const { profiles, problems: profileProblems } = await loadExamProfiles(join(builtin, 'profiles'));
  const dirs = [...(options.includeBuiltin ? [builtin] : []), ...options.packDirs];
  const loaded = await loadPacks(dirs, { checkers: options.checkers, profiles, checkManifests: options.checkManifests === true });
  // loaded.profiles: the built-in ones plus those the packs ship, so their exams appear everywhere.
  return { ...loaded, problems: [...profileProblems, ...loaded.problems] };
}

/** Task ids close to `id` (typos, a missing `cka/` prefix), best first. */
export function suggestTaskIds(catalog: Pick<Catalog, 'tasks'>, id: string): string[] {
  const ids = catalog.tasks.map((t) => t.task.metadata.id);
  const bySuffix = ids.filter((candidate) => candidate.endsWith(`/${id}`));
  return [...new Set([...bySuffix, ...closest(id, ids)])].slice(0, 3);
}

/** The task with this id; a UserError naming near ids otherwise. */
export function findTask(catalog: Pick<Catalog, 'tasks'>, id: string): LoadedTask {
  const found = catalog.tasks.find((t) => t.task.metadata.id === id);
  if (found) return found;
  const suggestions = suggestTaskIds(catalog, id);
  throw new UsageError(`no task with id "${id}"`, [
    ...(suggestions.length > 0 ? [`did you mean ${suggestions.join(' or ')}?`] : []),
    '`kubedrill list` shows every task id',
  ]);
}

export interface TaskFilter {
  /** An exam id (any case). */
  exam?: string;
  domain?: string;
  tag?: string;
  /** Case-insensitive words that must all appear in the id, title or tags. */
  text?: string;
}

/** The tasks matching every given criterion, in catalog order. */
export function filterTasks(catalog: Pick<Catalog, 'tasks'>, filter: TaskFilter): LoadedTask[] {
  const exam = filter.exam?.toLowerCase();
  const words = filter.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  return catalog.tasks.filter(({ task }) => {
    const m = task.metadata;
    if (exam && !m.exams.some((e) => e.toLowerCase() === exam)) return false;
    // A domain matches in any exam the task counts in, or in the chosen exam only.
    if (filter.domain && !examDomains(task).some((d) => d.domain === filter.domain && (!exam || d.exam.toLowerCase() === exam))) return false;
    if (filter.tag && !m.tags.includes(filter.tag)) return false;
    if (words.length > 0) {
      const haystack = `${m.id} ${m.title} ${m.tags.join(' ')}`.toLowerCase();
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}
