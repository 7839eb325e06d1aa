import { isAbsolute, relative, resolve, sep } from 'node:path';
import { editDistance } from '../models/edit-distance.js';

/**
 * One thing wrong with a pack, pointing at the YAML node that causes it. `line`/`col` are
 * 1-based; 0 means the problem concerns the file or directory as a whole (no position).
 */
export interface PackProblem {
  file: string;
  line: number;
  col: number;
  /** Where inside the document, like `checks[2].equals`; empty for the whole file. */
  path: string;
  message: string;
  /** Set on the closing line of a capped file: how many of its problems are not shown. */
  omitted?: number;
}

/** Problems shown per file; the rest are counted in one closing line (a broken file can have 70,000). */
export const MAX_PROBLEMS_PER_FILE = 10;

/** `metadata.exams[0]` from a zod/YAML path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** `FILE:LINE:COL: path.in.document: message` — the shape editors and CI logs link to. */
export function formatProblem(problem: PackProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${where}: ${path}${problem.message}`;
}

/** Orders problems by file then position, so output is stable whatever order files were read in. */
export function sortProblems(problems: readonly PackProblem[]): PackProblem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col),
  );
}

/**
 * Sorted problems, at most `max` per file: the first `max` found (checks report the telling
 * problems first, and positioning past the cap is skipped), then one line counting the rest.
 * The count line takes the position of the last one shown, so sorting again keeps it last.
 */
export function capProblems(problems: readonly PackProblem[], max = MAX_PROBLEMS_PER_FILE): PackProblem[] {
  const shown = new Map<string, number>();
  const omitted = new Map<string, number>();
  const kept: PackProblem[] = [];
  for (const problem of problems) {
    const count = shown.get(problem.file) ?? 0;
    if (count < max) {
      shown.set(problem.file, count + 1);
      kept.push(problem);
    } else {
      omitted.set(problem.file, (omitted.get(problem.file) ?? 0) + (problem.omitted ?? 1));
    }
  }
  const sorted = sortProblems(kept);
  if (omitted.size === 0) return sorted;
  const out: PackProblem[] = [];
  sorted.forEach((problem, i) => {
    out.push(problem);
    const more = omitted.get(problem.file);
    if (more !== undefined && sorted[i + 1]?.file !== problem.file) {
      const message = `… and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} in this file (only the first ${max} are shown)`;
      out.push({ file: problem.file, line: problem.line, col: problem.col, path: '', message, omitted: more });
    }
  });
  return out;
}

/** The candidates closest to `wanted` (at most a third of its length away), equally good ones only. */
export function closest(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase());
    const contains =
      Math.min(wanted.length, candidate.length) >= 3 && (candidate.includes(wanted) || wanted.includes(candidate));
    if (distance <= max || contains) scored.push([candidate, contains ? Math.min(distance, 1) : distance]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  // Only the best matches: a far second guess is more confusing than none.
  const best = scored[0]?.[1];
  return scored.filter(([, score]) => score === best).slice(0, limit).map(([c]) => c);
}

/** Paths under the working directory are shown relative to it, as the user typed them (messages too). */
export function shownProblem(problem: PackProblem, cwdAsGiven: string): PackProblem {
  const cwd = resolve(cwdAsGiven);
  const rel = relative(cwd, problem.file);
  const file = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? problem.file : rel;
  return { ...problem, file, message: problem.message.split(`${cwd}${sep}`).join('') };
}

