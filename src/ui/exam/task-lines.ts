import type { Task } from '../../models/index.js';
import type { ExamView } from '../../services/exam-session.js';
import { layoutMarkdown, para, type Line } from '../rich-text.js';
import { docsLines, reportLines } from '../report-lines.js';

export interface TaskPane {
  readonly view: ExamView;
  readonly task: Task | undefined;
  /** The statement with its placeholders filled in (the raw one until the world is open). */
  readonly statement: string | undefined;
  readonly world: { readonly accessLines: readonly string[]; readonly contextLine?: string | undefined; readonly problem?: string | undefined };
  /** The notes pad being edited, shown in place of the saved notes. */
  readonly draft?: string | undefined;
  readonly width: number;
}

/**
 * The current task as lines: its place and marks, the title, the learner's notes (right under
 * the title, where they are seen on every visit), the statement, how to reach its cluster, its
 * docs links, then practice-mode checks and problems.
 */
export function taskLines(pane: TaskPane): Line[] {
  const { view, task, width } = pane;
  const { state } = view;
  const entry = state.tasks[state.current];
  const lines: Line[] = [];
  if (entry && task) {
    const marks = [entry.flagged ? '⚑ flagged' : '', entry.answered ? '✓ answered' : ''].filter(Boolean).join(' · ');
    lines.push([
      { text: `Task ${state.current + 1} · ${entry.points} points · ${entry.domain}`, tone: 'title' },
      ...(marks ? [{ text: ` · ${marks}`, tone: 'warn' as const }] : []),
    ]);
    // Where the task runs, right under its number, as the exam puts each question's context line.
    if (pane.world.contextLine) lines.push(...para(pane.world.contextLine, width, { tone: 'accent' }, 0, 'none'));
    lines.push(...para(entry.title, width, { bold: true }));
    if (pane.draft !== undefined) lines.push(...para(`Notes (editing): ${pane.draft}▌`, width, { tone: 'accent' }, 0, 'none'));
    else if (entry.notes) lines.push(...para(`Notes: ${entry.notes}`, width, { tone: 'accent' }, 0, 'none'));
    lines.push([], ...layoutMarkdown(pane.statement ?? task.statement, width), []);
    for (const access of pane.world.accessLines) lines.push(...para(access, width, { tone: 'accent' }));
    // The real exam allows the Kubernetes docs throughout: the task's links are there from the start.
    if (task.docs.length > 0) lines.push([], ...docsLines(task.docs, width));
    if (pane.world.problem) lines.push(...para(pane.world.problem, width, { tone: 'bad' }));
    if (view.checking) lines.push([{ text: 'Checking…', tone: 'accent' }]);
    if (view.practiceReport) lines.push([], ...reportLines(view.practiceReport, width));
  }
  if (view.problem) lines.push(...para(view.problem, width, { tone: 'bad' }));
  return lines;
}
