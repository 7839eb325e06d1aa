// The class summary (results-summary.ts) as a terminal table, as JUnit XML and as CSV for a
// learning platform.
import { layoutColumns } from '../text/columns.js';
import { junitXml, type JUnitCase } from '../text/junit.js';
import type { AttemptCheck, ExamAttemptTask } from './history-entry.js';
import type { ClassSummary, ReadExport } from './results-summary.js';

const shownPercent = (percent: number | undefined): string => (percent === undefined ? '—' : `${percent}%`);

/** The summary as plain-text tables laid out in `width` columns: learners, tasks, domains, flags. */
export function classText(summary: ClassSummary, width: number): string {
  const right = { align: 'right' as const };
  const lines: string[] = [`${summary.learners.length} attempt(s)`];
  if (summary.references.length > 0) {
    lines.push(`Packs compared with: ${summary.references.map((r) => `${r.id} ${r.version} (${r.source === 'instructor' ? "instructor's" : 'most exports'})`).join(', ')}`);
  }
  lines.push('', 'Learners');
  lines.push(
    ...layoutColumns(
      [['learner', 'exam', 'score', 'verdict', 'attempt', 'packs'], ...summary.learners.map((l) => [l.label, l.exam, `${l.percent}%`, l.verdict, l.attemptId, l.flags.length > 0 ? 'FLAGGED' : 'ok'])],
      { width, columns: [{ max: 30 }, {}, right, {}, {}, {}] },
    ),
  );
  lines.push('', 'Tasks');
  lines.push(
    ...layoutColumns(
      [
        ['task', 'domain', 'attempts', 'mean', 'most-failed checks'],
        ...summary.tasks.map((t) => [t.id, t.domain, String(t.attempts), shownPercent(t.meanPercent), t.mostFailed.slice(0, 3).map((c) => `${c.id} ×${c.failed}`).join(', ') || '–']),
      ],
      { width, columns: [{}, {}, right, right, {}] },
    ),
  );
  lines.push('', 'Domains');
  lines.push(
    ...layoutColumns([['exam', 'domain', 'attempts', 'mean'], ...summary.domains.map((d) => [d.exam, d.id, String(d.attempts), shownPercent(d.meanPercent)])], {
      width,
      columns: [{}, {}, right, right],
    }),
  );
  const flagged = summary.learners.filter((l) => l.flags.length > 0);
  if (flagged.length > 0) {
    lines.push('', 'Flagged: these attempts used other pack content than the reference');
    for (const l of flagged) lines.push(`  ${l.label} (${l.file}): ${l.flags.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const checkLine = (c: AttemptCheck): string => `${c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '!'} ${c.id} ${c.earned}/${c.points}${c.summary ? `: ${c.summary}` : ''}`;

function taskCase(label: string, task: ExamAttemptTask): JUnitCase {
  const base = { classname: label, name: task.id };
  if (task.possible === 0) return { ...base, skipped: 'nothing could be graded' };
  if (task.earned >= task.possible) return base;
  const percent = Math.round((task.earned / task.possible) * 1000) / 10;
  const failed = (task.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.id);
  const message = `scored ${percent}% (${task.earned}/${task.possible})${failed.length > 0 ? `: failed ${failed.join(', ')}` : ''}`;
  const body = (task.checks ?? []).map(checkLine).join('\n');
  return { ...base, failure: { message, ...(body ? { body } : {}) } };
}

/** JUnit XML: a suite per learner's attempt, a case per task, failed when below full marks. */
export function classJunit(exports: readonly ReadExport[]): string {
  return junitXml(
    'kubedrill results',
    exports.map(({ label, export: e }) => ({ name: `${label} ${e.attempt.attemptId}`, cases: e.attempt.tasks.map((task) => taskCase(label, task)) })),
  );
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe: names and check
 * ids come from learners and pack authors.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = ['learner', 'file', 'attempt', 'exam', 'task', 'domain', 'earned', 'possible', 'percent', 'failed_checks', 'pack_flags'] as const;

/** CSV: a row per learner and task, with the attempt's pack flags on each row. */
export function classCsv(summary: ClassSummary, exports: readonly ReadExport[]): string {
  const flagsOf = new Map(summary.learners.map((l) => [`${l.file}\u0000${l.attemptId}`, l.flags.join('; ')]));
  const rows: (string | number)[][] = [[...CSV_HEADER]];
  for (const { file, label, export: e } of exports) {
    for (const task of e.attempt.tasks) {
      const percent = task.possible > 0 ? Math.round((task.earned / task.possible) * 1000) / 10 : '';
      const failed = (task.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.id).join(' ');
      rows.push([label, file, e.attempt.attemptId, e.attempt.exam, task.id, task.domain, task.earned, task.possible, percent, failed, flagsOf.get(`${file}\u0000${e.attempt.attemptId}`) ?? '']);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
