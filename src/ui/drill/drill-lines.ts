import type { DrillView } from '../../services/drill-session.js';
import { layoutMarkdown, para, type Line } from '../rich-text.js';
import { docsLines, reportLines, solutionLines, walkthroughLines } from '../report-lines.js';

/**
 * The drill's scrollable body: statement, environment, docs, hints, check results, solution.
 * `reportAt` and `solutionAt` are where the screen scrolls when either appears.
 */
export function drillLines(view: DrillView, width: number): { lines: Line[]; reportAt?: number; solutionAt?: number } {
  // First, as the exam shows each question's context line above it.
  const context = view.contextLine ? [...para(view.contextLine, width, { tone: 'accent' }, 0, 'none'), []] : [];
  const lines: Line[] = [...context, ...layoutMarkdown(view.statement, width), []];
  if (view.accessLines.length > 0) {
    lines.push([{ text: 'Environment', tone: 'title' }]);
    for (const access of view.accessLines) lines.push(...para(access, width, { tone: 'accent' }, 2, 'none'));
    lines.push([]);
  }
  // The real exam allows the Kubernetes docs throughout: the links are there from the start.
  const docs = docsLines(view.task.docs, width);
  if (docs.length > 0) lines.push(...docs, []);
  view.task.hints.slice(0, view.hintsShown).forEach((hint, i) => {
    lines.push(...para(`Hint ${i + 1}/${view.task.hints.length}: ${hint}`, width, { tone: 'warn' }));
  });
  if (view.hintsShown > 0) lines.push([]);
  if (view.problem) lines.push(...para(view.problem, width, { tone: 'bad', bold: true }, 0, 'none'), []);
  if (view.status === 'preparing') lines.push([{ text: 'Preparing the task (running its setup)…', tone: 'dim' }]);
  if (view.status === 'resetting') lines.push([{ text: 'Resetting: removing changes and running setup again…', tone: 'dim' }]);
  if (view.status === 'checking' && view.progress) {
    lines.push([{ text: `Checking… ${view.progress.done}/${view.progress.total} checks done`, tone: 'accent' }]);
  }
  let reportAt: number | undefined;
  if (view.report && view.status !== 'checking') {
    reportAt = lines.length;
    // Before the solution a failed check says what is wrong, not what to type; after it, everything.
    lines.push(...reportLines(view.report, width, { reveal: view.solution !== undefined }), []);
  }
  let solutionAt: number | undefined;
  if (view.solution) {
    solutionAt = lines.length;
    lines.push([{ text: 'Solution', tone: 'title' }]);
    lines.push(...(view.walkthrough ? walkthroughLines(view.walkthrough, width) : solutionLines(view.solution, width)));
  }
  return { lines, ...(reportAt !== undefined ? { reportAt } : {}), ...(solutionAt !== undefined ? { solutionAt } : {}) };
}
