import type { ExamResults } from '../../services/exam-results.js';
import type { Task } from '../../models/index.js';
import { formatClock, formatPercent } from '../format.js';
import { para, type Line } from '../rich-text.js';
import { reportLines, solutionLines } from '../report-lines.js';

/**
 * The results as lines: score vs the pass mark, domains weakest first, then every task with its
 * points, time spent, each check's evidence and (for tasks short of full marks, or all when
 * `allSolutions`) the solution.
 */
export function resultsLines(
  results: ExamResults,
  taskOf: (id: string) => Task | undefined,
  width: number,
  allSolutions: boolean,
): Line[] {
  const verdict = results.verdict === 'incomplete' ? 'INCOMPLETE' : results.passed ? 'PASS' : 'FAIL';
  const lines: Line[] = [
    [
      { text: `${verdict} `, tone: results.verdict === 'incomplete' ? 'warn' : results.passed ? 'ok' : 'bad', bold: true },
      { text: `${formatPercent(results.percent)}`, bold: true },
      { text: ` (pass mark ${results.passPercent}%) · ${results.earned}/${results.possible} points · time used ${formatClock(results.usedMs)}` },
    ],
  ];
  if (results.incompleteReason) lines.push(...para(`No verdict: ${results.incompleteReason}.`, width, { tone: 'warn' }));
  if (results.ungraded > 0) lines.push(...para(`${results.ungraded} points could not be graded in this environment and are left out.`, width, { tone: 'dim' }));
  lines.push([], [{ text: 'Domains, weakest first', tone: 'title' }]);
  for (const d of results.domains) {
    const name = d.title.length > width - 24 ? d.title.slice(0, width - 25) + '…' : d.title;
    lines.push([
      { text: `  ${formatPercent(d.percent).padStart(6)} `, tone: d.percent >= results.passPercent ? 'ok' : 'bad', bold: true },
      { text: `${String(d.earned).padStart(3)}/${String(d.possible).padEnd(3)} ${name}` },
    ]);
  }
  lines.push([], [{ text: 'Tasks', tone: 'title' }]);
  results.tasks.forEach((t, i) => {
    const full = t.possible > 0 && t.earned === t.possible;
    lines.push([
      { text: `${String(i + 1).padStart(2)}. ${full ? '✓' : '✗'} `, tone: full ? 'ok' : 'bad', bold: true },
      { text: `${t.earned}/${t.possible} points · ${formatClock(t.spentMs)} · ${t.id}`, bold: true },
      ...(t.flagged ? [{ text: ' ⚑', tone: 'warn' as const }] : []),
    ]);
    lines.push(...para(`${t.title} (${t.domain})`, width, { tone: 'dim' }, 4));
    lines.push(...reportLines(t.report, width - 4).slice(1).map((l) => [{ text: '    ' }, ...l]));
    const task = taskOf(t.id);
    if (task && (allSolutions || !full)) {
      lines.push([{ text: '    Solution', tone: 'title' }], ...solutionLines(task.solution, width - 4).map((l) => [{ text: '    ' }, ...l]));
    }
    lines.push([]);
  });
  return lines;
}
