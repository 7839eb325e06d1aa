import { resolve } from 'node:path';
import type { Checker } from '../models/index.js';
import { loadPacks } from '../packs/load.js';
import { formatProblem, shownProblem } from '../packs/problem.js';
import type { CommandIO } from '../system/io.js';
import { inertJson, inertLine } from '../text/inert.js';

/**
 * `kubedrill pack validate DIR…`: every problem as one `FILE:LINE:COL: path: message` line, then
 * a summary. Exit 0 when every pack loads cleanly, 1 otherwise. `strict` adds the lint warnings
 * of the valid tasks (`pack lint`), and any of them fails the run too.
 */
export async function validatePacks(dirsAsGiven: readonly string[], checkers: readonly Checker[], io: CommandIO, options: { json?: true; strict?: true } = {}): Promise<number> {
  const dirs = dirsAsGiven.map((d) => resolve(io.cwd, d));
  const result = await loadPacks(dirs, { checkers, checkManifests: true });
  const lint = options.strict ? await import('./pack-lint.js') : undefined;
  const warnings = lint ? await lint.lintLoadedTasks(result.tasks) : [];
  if (options.json) {
    const problems = result.problems.map((problem) => shownProblem(problem, io.cwd));
    const ok = problems.length === 0 && warnings.length === 0;
    const shownWarnings = warnings.map((w) => ({ ...shownProblem(w, io.cwd), rule: w.rule }));
    const json = { formatVersion: 1, ok, packs: result.packs.length, validTasks: result.tasks.length, problems, ...(options.strict ? { warnings: shownWarnings } : {}) };
    io.stdout.write(`${inertJson(JSON.stringify(json, null, 2))}\n`);
    return ok ? 0 : 1;
  }
  // A key, type or file name may hold a newline or an escape sequence: each problem stays one
  // inert line, so nothing can pose as another `FILE:LINE:COL` line or drive the terminal.
  for (const problem of result.problems) io.stdout.write(`${inertLine(formatProblem(shownProblem(problem, io.cwd)))}\n`);
  if (lint) io.stdout.write(lint.warningLines(warnings, io.cwd));
  const packs = `${result.packs.length} pack${result.packs.length === 1 ? '' : 's'}`;
  const tasks = `${result.tasks.length} valid task${result.tasks.length === 1 ? '' : 's'}`;
  const warned = lint && warnings.length > 0 ? `; --strict: ${lint.warningCount(warnings)}` : '';
  if (result.problems.length === 0) {
    io.stdout.write(warned === '' ? `ok: ${packs}, ${tasks}${options.strict ? ', no lint warnings' : ''}\n` : `${packs}, ${tasks}${warned}\n`);
    return warned === '' ? 0 : 1;
  }
  const files = new Set(result.problems.map((p) => p.file)).size;
  // A capped file's last line stands for the problems it leaves out.
  const count = result.problems.reduce((n, p) => n + (p.omitted ?? 1), 0);
  io.stdout.write(`${count} problem${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${packs}, ${tasks})${warned}\n`);
  return 1;
}
