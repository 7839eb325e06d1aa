import type { DrillView } from '../../services/drill-session.js';
import { layoutMarkdown, para, type Line } from '../rich-text.js';
import { reportLines, solutionLines } from '../report-lines.js';

/** The drill's scrollable body: statement, environment, hints, check results, solution. */
export function drillLines(view: DrillView, width: number): { lines: Line[]; reportAt?: number } {
  const lines: Line[] = [...layoutMarkdown(view.statement, width), []];
  if (view.accessLines.length > 0) {
    lines.push([{ text: 'Environment', tone: 'title' }]);
    for (const access of view.accessLines) lines.push(...para(access, width, { tone: 'accent' }, 2));
    lines.push([]);
  }
  view.task.hints.slice(0, view.hintsShown).forEach((hint, i) => {
    lines.push(...para(`Hint ${i + 1}/${view.task.hints.length}: ${hint}`, width, { tone: 'warn' }));
  });
  if (view.hintsShown > 0) lines.push([]);
  if (view.problem) lines.push(...para(view.problem, width, { tone: 'bad', bold: true }), []);
  if (view.status === 'preparing') lines.push([{ text: 'Preparing the task (running its setup)…', tone: 'dim' }]);
  if (view.status === 'resetting') lines.push([{ text: 'Resetting: removing changes and running setup again…', tone: 'dim' }]);
  if (view.status === 'checking' && view.progress) {
    lines.push([{ text: `Checking… ${view.progress.done}/${view.progress.total} checks done`, tone: 'accent' }]);
  }
  let reportAt: number | undefined;
  if (view.report && view.status !== 'checking') {
    reportAt = lines.length;
    lines.push(...reportLines(view.report, width), []);
  }
  if (view.solution) {
    lines.push([{ text: 'Solution', tone: 'title' }], ...solutionLines(view.solution, width));
    if (view.task.docs.length > 0) {
      lines.push([{ text: 'Docs', tone: 'title' }]);
      for (const doc of view.task.docs) lines.push(...para(`${doc.label}: ${doc.url}`, width, {}, 2));
    }
  }
  return reportAt === undefined ? { lines } : { lines, reportAt };
}
