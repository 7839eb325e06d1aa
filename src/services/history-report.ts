import { verdictOf } from '../models/report.js';
import type { CommandIO } from '../system/io.js';
import { inert, inertJson } from '../text/inert.js';
import { formatLocalTime, timeZoneFromEnv, type LocalTimeOptions } from '../text/local-time.js';
import { storePaths } from './exam-store.js';
import { readHistoryFile, summarizeHistory, type HistorySummary, type SkippedLine } from './history.js';

/** The summary as plain text lines. */
export function historyText(summary: HistorySummary, time: LocalTimeOptions = {}): string {
  if (summary.exams.length === 0 && summary.drills === 0) return 'No attempts yet: finish a mock exam (kubedrill exam cka) or check a drill.\n';
  const lines = [`${summary.exams.length} exam(s), ${summary.drills} drill check(s)`];
  for (const e of summary.exams) {
    const when = formatLocalTime(e.finishedAt, time);
    lines.push(`  ${when}  ${e.exam.padEnd(4)} ${`${e.percent}%`.padStart(6)} ${verdictOf(e)} (mark ${e.passPercent}%)  seed ${e.seed}${e.practice ? '  practice' : ''}  ${e.attemptId}`);
  }
  if (summary.trends.length > 0) lines.push('', 'Domains across exams (oldest → newest):');
  for (const t of summary.trends) {
    const change = t.change === undefined ? '' : `  (${t.change >= 0 ? '+' : ''}${t.change})`;
    lines.push(`  ${`${t.exam} ${t.domain}`.padEnd(40)} ${t.percents.map((p) => `${p}%`).join(' → ')}${change}`);
  }
  if (summary.weakest.length > 0) lines.push('', 'Weakest topics:');
  for (const t of summary.weakest.slice(0, 8)) lines.push(`  ${`${t.percent}%`.padStart(6)}  ${t.kind} ${t.id}  (${t.earned}/${t.possible} points over ${t.samples} task attempts)`);
  if (summary.suggestion) lines.push('', `Practise next: ${summary.suggestion.command}`);
  return lines.join('\n') + '\n';
}

/** Skipped history lines as notes for stderr: the first few with their line numbers, then a count. */
export function skippedText(file: string, skipped: readonly SkippedLine[]): string {
  const shown = skipped.slice(0, 5).map((s) => `note: skipped ${file} line ${s.line}: ${s.reason}\n`);
  const rest = skipped.length - shown.length;
  return shown.join('') + (rest > 0 ? `note: and ${rest} more skipped line${rest === 1 ? '' : 's'} (kubedrill history --json lists them)\n` : '');
}

/** `kubedrill history [--json]`: attempts, per-domain trends, weakest topics. Never loads ink. */
export async function showHistory(options: { json?: true }, io: CommandIO): Promise<number> {
  const file = storePaths(io.env).history;
  const { entries, skipped, notice } = await readHistoryFile(file, { now: io.now });
  if (notice) io.stderr.write(`note: ${notice}\n`);
  io.stderr.write(skippedText(file, skipped));
  const summary = summarizeHistory(entries);
  // `skipped` only when there is some: the JSON of a clean history stays what scripts know.
  const json = { formatVersion: 1, ...summary, ...(skipped.length > 0 ? { skipped } : {}) };
  io.stdout.write(options.json ? inertJson(JSON.stringify(json, null, 2)) + '\n' : inert(historyText(summary, { timeZone: timeZoneFromEnv(io.env), now: io.now() })));
  return 0;
}
