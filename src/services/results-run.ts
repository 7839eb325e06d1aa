import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { treeFingerprint } from '../packs/fingerprint.js';
import type { CommandIO } from '../system/io.js';
import { firstIssue, writeFileAtomic } from '../system/state-file.js';
import { widthOf } from '../system/terminal.js';
import { inert, inertJson, inertLine } from '../text/inert.js';
import type { AttemptPack } from './history-entry.js';
import type { AttemptExport } from './history-export.js';
import { examAttemptSchema } from './history-schema.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { classCsv, classJunit, classText } from './results-formats.js';
import { summarizeClass, type ReadExport } from './results-summary.js';

export interface SummarizeOptions {
  /** The instructor's packs, to compare exports with (else: what most exports used). */
  pack: string[];
  junit?: string;
  csv?: string;
  json?: true;
}

const exportSchema: z.ZodType<AttemptExport> = z.object({
  format: z.literal('kubedrill-attempt'),
  formatVersion: z.literal(1),
  kubedrillVersion: z.string(),
  exportedAt: z.string(),
  learner: z.string().optional(),
  attempt: examAttemptSchema,
});

/** Where JSON.parse stopped, as LINE:COL, from the offset (Node 20) or line and column (Node 22) in its message. */
function jsonPosition(text: string, message: string): string {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `${lineCol[1]}:${lineCol[2]}`;
  const offset = /position (\d+)/.exec(message);
  if (!offset) return '1:1';
  const before = text.slice(0, Number(offset[1])).split('\n');
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** One export file → the export, or the problem as `FILE[:LINE:COL]: message`. */
export async function readExport(file: string, shown: string): Promise<AttemptExport | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${shown}:${jsonPosition(text, (error as Error).message)}: not JSON (${(error as Error).message})`;
  }
  const { format } = (value ?? {}) as { format?: unknown };
  if (format !== 'kubedrill-attempt') return `${shown}: format: not a kubedrill attempt export (make one with kubedrill history --export ATTEMPT --out FILE)`;
  const parsed = exportSchema.safeParse(value);
  return parsed.success ? parsed.data : `${shown}: ${firstIssue(parsed.error)}`;
}

/** The instructor's packs as attempts record them: id, version, content hash. */
async function instructorPacks(dirs: readonly string[]): Promise<AttemptPack[]> {
  if (dirs.length === 0) return [];
  const catalog = await loadCatalogOrFail(dirs, { includeBuiltin: false });
  return Promise.all(catalog.packs.map(async (p) => ({ id: p.pack.metadata.id, version: p.pack.metadata.version, sha256: await treeFingerprint(p.dir) })));
}

async function writeReport(what: string, file: string, text: string, io: CommandIO): Promise<void> {
  const path = resolve(io.cwd, file);
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw new UserError(`cannot write the ${what} ${file}: ${(error as Error).message}`);
  }
  io.stderr.write(`${what} written: ${inertLine(path)}\n`);
}

/**
 * `kubedrill results summarize FILE…`: exported attempts added up per learner, task and domain,
 * with attempts on other pack content flagged. A file that is not an export is named with why
 * (and exit 1); the same attempt handed in twice counts once.
 */
export async function summarizeResults(files: readonly string[], options: SummarizeOptions, io: CommandIO): Promise<number> {
  const exports: ReadExport[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const read = await readExport(resolve(io.cwd, file), file);
    if (typeof read === 'string') {
      problems.push(read);
      continue;
    }
    const label = read.learner ?? basename(file);
    const key = `${read.learner ?? ''}\u0000${read.attempt.attemptId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      io.stderr.write(`note: ${inertLine(file)} is the same attempt as ${inertLine(first)}: counted once\n`);
      continue;
    }
    seen.set(key, file);
    exports.push({ file, label, export: read });
  }
  for (const problem of problems) io.stderr.write(`${inertLine(problem)}\n`);
  if (exports.length === 0) throw new UserError('no attempt to summarize: no file was a kubedrill attempt export', ['learners make them with: kubedrill history --export latest --out attempt.json']);
  const summary = summarizeClass(exports, await instructorPacks(options.pack));
  if (options.junit !== undefined) await writeReport('JUnit report', options.junit, classJunit(exports), io);
  if (options.csv !== undefined) await writeReport('CSV', options.csv, classCsv(summary, exports), io);
  // Names, ids and check summaries come from learners and packs: shown, never obeyed.
  io.stdout.write(options.json ? `${inertJson(JSON.stringify({ formatVersion: 1, ...summary }, null, 2))}\n` : inert(classText(summary, widthOf(io.stdout))));
  return problems.length > 0 ? 1 : 0;
}
