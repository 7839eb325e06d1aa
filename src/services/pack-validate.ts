import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Checker } from '../models/index.js';
import { loadPacks } from '../packs/load.js';
import { formatProblem, type PackProblem } from '../packs/problem.js';
import type { CommandIO } from '../system/io.js';
import { inertJson, inertLine } from '../text/inert.js';

/** Paths under the working directory are shown relative to it, as the user typed them (messages too). */
function shown(problem: PackProblem, cwdAsGiven: string): PackProblem {
  const cwd = resolve(cwdAsGiven);
  const rel = relative(cwd, problem.file);
  const file = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? problem.file : rel;
  return { ...problem, file, message: problem.message.split(`${cwd}${sep}`).join('') };
}

/**
 * `kubedrill pack validate DIR…`: every problem as one `FILE:LINE:COL: path: message` line, then
 * a summary. Exit 0 when every pack loads cleanly, 1 otherwise.
 */
export async function validatePacks(dirsAsGiven: readonly string[], checkers: readonly Checker[], io: CommandIO, options: { json?: true } = {}): Promise<number> {
  const dirs = dirsAsGiven.map((d) => resolve(io.cwd, d));
  const result = await loadPacks(dirs, { checkers, checkManifests: true });
  if (options.json) {
    const problems = result.problems.map((problem) => shown(problem, io.cwd));
    const json = { formatVersion: 1, ok: problems.length === 0, packs: result.packs.length, validTasks: result.tasks.length, problems };
    io.stdout.write(`${inertJson(JSON.stringify(json, null, 2))}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  // A key, type or file name may hold a newline or an escape sequence: each problem stays one
  // inert line, so nothing can pose as another `FILE:LINE:COL` line or drive the terminal.
  for (const problem of result.problems) io.stdout.write(`${inertLine(formatProblem(shown(problem, io.cwd)))}\n`);
  const packs = `${result.packs.length} pack${result.packs.length === 1 ? '' : 's'}`;
  const tasks = `${result.tasks.length} valid task${result.tasks.length === 1 ? '' : 's'}`;
  if (result.problems.length === 0) {
    io.stdout.write(`ok: ${packs}, ${tasks}\n`);
    return 0;
  }
  const files = new Set(result.problems.map((p) => p.file)).size;
  // A capped file's last line stands for the problems it leaves out.
  const count = result.problems.reduce((n, p) => n + (p.omitted ?? 1), 0);
  io.stdout.write(`${count} problem${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${packs}, ${tasks})\n`);
  return 1;
}
