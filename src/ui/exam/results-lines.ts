import { isFullMarks, type ExamResults, type TaskResult } from '../../services/exam-results.js';
import type { Task } from '../../models/index.js';
import { fitColumns } from '../../text/columns.js';
import { formatDuration, formatPercent } from '../format.js';
import { para, type Line } from '../rich-text.js';
import { reportLines, taskSolutionLines } from '../report-lines.js';

const SYMBOL = { passed: '✓', failed: '✗', error: '!', unsupported: '–' } as const;
const TONE = { passed: 'ok', failed: 'bad', error: 'warn', unsupported: 'dim' } as const;

/**
 * The results as lines: score vs the pass mark; domains weakest first with their time; one line
 * per task (mark, points, time, title); then every task in detail: each check's evidence and
 * (for tasks short of full marks, or all when `allSolutions`) the solution.
 */
export function resultsLines(results: ExamResults, taskOf: (id: string) => Task | undefined, width: number, allSolutions: boolean): Line[] {
  const verdict = results.verdict === 'incomplete' ? 'INCOMPLETE' : results.passed ? 'PASS' : 'FAIL';
  const lines: Line[] = [
    [
      { text: `${verdict} `, tone: results.verdict === 'incomplete' ? 'warn' : results.passed ? 'ok' : 'bad', bold: true },
      { text: `${formatPercent(results.percent)}`, bold: true },
      { text: ` (pass mark ${results.passPercent}%) · ${results.earned}/${results.possible} points · time used ${formatDuration(results.usedMs)}` },
    ],
  ];
  if (results.incompleteReason) lines.push(...para(`No verdict: ${results.incompleteReason}.`, width, { tone: 'warn' }));
  if (results.ungraded > 0) lines.push(...para(`${results.ungraded} points could not be graded in this environment and are left out.`, width, { tone: 'dim' }));
  if (results.recorded) lines.push(...para('From your history: each check shows its outcome in a few words; the full evidence was shown when the exam ended.', width, { tone: 'dim' }));
  lines.push([], [{ text: 'Domains, weakest first', tone: 'title' }]);
  for (const d of results.domains) {
    lines.push([
      { text: `  ${formatPercent(d.percent).padStart(6)} `, tone: d.percent >= results.passPercent ? 'ok' : 'bad', bold: true },
      { text: `${String(d.earned).padStart(3)}/${String(d.possible).padEnd(3)} ${formatDuration(d.spentMs).padStart(12)}  ${fitColumns(d.title, Math.max(8, width - 31)).trimEnd()}` },
    ]);
  }
  lines.push([], [{ text: 'Tasks', tone: 'title' }]);
  results.tasks.forEach((t, i) => lines.push(taskRow(t, i, width)));
  lines.push([], [{ text: 'Details', tone: 'title' }]);
  results.tasks.forEach((t, i) => {
    const full = isFullMarks(t);
    lines.push([
      { text: `${String(i + 1).padStart(2)}. ${full ? '✓' : '✗'} `, tone: full ? 'ok' : 'bad', bold: true },
      { text: `${t.earned}/${t.possible} points · ${t.id}`, bold: true },
      ...(t.flagged ? [{ text: ' ⚑', tone: 'warn' as const }] : []),
    ]);
    lines.push(...para(`${t.title} (${t.domain})`, width, { tone: 'dim' }, 4, 'none'));
    // The exam is over: the full evidence (expected vs actual) is no spoiler any more.
    const checks = results.recorded ? recordedCheckLines(t, width - 4) : reportLines(t.report, width - 4, { reveal: true }).slice(1);
    lines.push(...checks.map((l) => [{ text: '    ' }, ...l]));
    const task = taskOf(t.id);
    if (task && (allSolutions || !full)) {
      lines.push([{ text: '    Solution', tone: 'title' }], ...taskSolutionLines(task, width - 4).map((l) => [{ text: '    ' }, ...l]));
    }
    lines.push([]);
  });
  return lines;
}

/** One task in the summary table: number, mark, points, time spent, title and flag. */
function taskRow(t: TaskResult, i: number, width: number): Line {
  const full = isFullMarks(t);
  const head = `${String(i + 1).padStart(3)} `;
  const figures = ` ${`${t.earned}/${t.possible}`.padStart(5)} ${formatDuration(t.spentMs).padStart(12)}  `;
  const titleWidth = Math.max(8, width - head.length - 1 - figures.length - (t.flagged ? 2 : 0));
  return [
    { text: head },
    { text: full ? '✓' : '✗', tone: full ? 'ok' : 'bad', bold: true },
    { text: figures },
    { text: fitColumns(t.title, titleWidth).trimEnd() },
    ...(t.flagged ? [{ text: ' ⚑', tone: 'warn' as const }] : []),
  ];
}

/** A recorded task's checks: mark, id, points, and why it failed or was not graded. */
function recordedCheckLines(t: TaskResult, width: number): Line[] {
  if (t.report.checks.length === 0) return para('(checks not recorded: this attempt was saved by an older kubedrill)', width, { tone: 'dim' });
  return t.report.checks.flatMap((c) => {
    const why = c.summary ?? c.reason;
    const label = c.status === 'error' ? 'could not grade: ' : c.status === 'unsupported' ? 'not here: ' : '';
    return para(`${SYMBOL[c.status]} ${c.id} (${c.earned}/${c.points})${why ? ` — ${label}${why}` : ''}`, width, { tone: TONE[c.status] }, 0, 'none');
  });
}
