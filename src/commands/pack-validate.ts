import { isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { Checker } from '../models/index.js';
import { loadPacks } from '../packs/load.js';
import { formatProblem, type PackProblem } from '../packs/problem.js';
import { inertLine } from '../text/inert.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'pack validate DIR…';

const optionsSchema = z.object({
  positionals: z.array(z.string()).min(1, 'name at least one pack directory'),
});

/** Paths under the working directory are shown relative to it, as the user typed them (messages too). */
function shown(problem: PackProblem, cwdAsGiven: string): PackProblem {
  const cwd = resolve(cwdAsGiven);
  const rel = relative(cwd, problem.file);
  const file = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? problem.file : rel;
  return { ...problem, file, message: problem.message.split(`${cwd}${sep}`).join('') };
}

/**
 * Builds `kubedrill pack validate`; `loadCheckers` is injected so tests can use their own check
 * types (the CLI's registry is imported lazily, only when the command runs).
 */
export function createPackValidateCommand(loadCheckers: () => Promise<readonly Checker[]>): Command {
  return {
    name: 'pack validate',
    summary: 'Check pack directories: every problem as FILE:LINE:COL: path: message',
    usage,
    async run(args, io) {
      const options = parseOptions(args, {}, optionsSchema, usage);
      const dirs = options.positionals.map((d) => resolve(io.cwd, d));
      const result = await loadPacks(dirs, { checkers: await loadCheckers(), checkManifests: true });
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
    },
  };
}

/** `kubedrill pack validate DIR…`: exit 0 when every pack loads cleanly, 1 otherwise. */
export const packValidateCommand: Command = createPackValidateCommand(() =>
  import('../../checkers/index.js').then((m) => m.CHECKERS),
);
