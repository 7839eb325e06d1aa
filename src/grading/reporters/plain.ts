import type { CheckResult, OutcomeStatus, TaskReport } from '../../models/index.js';
import { inert, inertLine } from '../../text/inert.js';

export interface PlainOptions {
  /** ANSI colours; false when NO_COLOR is set or output is not a terminal. */
  color: boolean;
  /**
   * Full evidence (expected, actual, hint under failed checks; evidence under passed ones), as
   * after the solution. Default false: each failure shows its learner-safe summary, which says
   * what is wrong without the value to type (`kubedrill check` without `--reveal`).
   */
  reveal?: boolean;
}

/** Said once under a report whose failures were summarised. */
export const HIDDEN_NOTE = 'Expected values and evidence are hidden so the check does not give the answer away; --reveal shows them.';

/** A failure before the reveal, for reports written before summaries existed too. */
export const FALLBACK_SUMMARY = 'not what the task asks yet';

const MARK: Record<OutcomeStatus, string> = { passed: '✓', failed: '✗', error: '!', unsupported: '–' };
const COLOR: Record<OutcomeStatus, number> = { passed: 32, failed: 31, error: 33, unsupported: 90 };

const paint = (on: boolean, code: number, text: string): string => (on ? `\u001b[${code}m${text}\u001b[39m` : text);
const bold = (on: boolean, text: string): string => (on ? `\u001b[1m${text}\u001b[22m` : text);

/** Indents every line of a possibly multi-line value (evidence, a pack's hint) under a label; the value is made inert. */
function field(label: string, value: string): string[] {
  const [first = '', ...rest] = inert(value).split('\n');
  const pad = ' '.repeat(6 + label.length + 2);
  return [`      ${label}: ${first}`, ...rest.map((line) => `${pad}${line}`)];
}

function checkLines(check: CheckResult, color: boolean, reveal: boolean): string[] {
  // Ids and descriptions come from the pack: one inert line each, so they cannot drive the terminal.
  const title = inertLine(check.description ? `${check.id} — ${check.description}` : check.id);
  const graded = check.status === 'passed' || check.status === 'failed';
  const points = check.guard ? 'guard' : graded ? `${check.earned}/${check.points}` : `${check.points} pt${check.points === 1 ? '' : 's'}`;
  const modelled = check.modelled ? ' (modelled)' : '';
  const lines = [`  ${paint(color, COLOR[check.status], MARK[check.status])} ${title}  ${paint(color, 90, points + modelled)}`];
  // Evidence of a passed check is full evidence too: a guard's ("the policies are as set up")
  // would print what a discovery task asks the learner to find out.
  if (check.status === 'passed' && check.evidence && reveal) lines.push(...field('evidence', check.evidence));
  if (check.status === 'failed' && reveal) {
    lines.push(...field('expected', check.expected ?? ''), ...field('actual', check.actual ?? ''));
    if (check.hint) lines.push(...field('hint', check.hint));
  }
  if (check.status === 'failed' && !reveal) lines.push(`      ${inertLine(check.summary ?? FALLBACK_SUMMARY)}`);
  if (!graded) lines.push(...field(check.status === 'error' ? 'could not grade' : 'not here', check.reason ?? ''));
  return lines;
}

/**
 * A task report as text for a terminal or a log: one line per graded check with ✓/✗ and points,
 * under failures what is wrong (or, with `reveal`, expected vs actual), the total, and the checks that could not be graded
 * (! error, – unsupported) listed apart because they do not count. Workspace files that could not
 * be read come first; a failed guard says why the task scored 0; modelled outcomes say so.
 */
export function renderPlain(report: TaskReport, { color, reveal = false }: PlainOptions): string {
  const graded = report.checks.filter((c) => c.status === 'passed' || c.status === 'failed');
  const ungraded = report.checks.filter((c) => c.status === 'error' || c.status === 'unsupported');
  const { earned, possible, percent } = report.score;
  const lines = [bold(color, inertLine(`${report.task.id} — ${report.task.title}`))];
  for (const problem of report.problems ?? []) lines.push(`  ${paint(color, 33, '!')} ${inertLine(problem)}`);
  for (const check of graded) lines.push(...checkLines(check, color, reveal));
  lines.push(`  Score: ${earned}/${possible} points (${percent}%)`);
  if (report.guardsFailed) lines.push(`  Scored 0: guard ${inertLine(report.guardsFailed.join(', '))} failed (something the task said to leave alone was changed).`);
  if (ungraded.length > 0) {
    lines.push(`  Not graded (${report.ungraded} point${report.ungraded === 1 ? '' : 's'}, not counted):`);
    for (const check of ungraded) lines.push(...checkLines(check, color, reveal));
  }
  if (!reveal && report.checks.some((c) => c.status === 'failed' || c.evidence !== undefined)) lines.push(`  ${paint(color, 90, HIDDEN_NOTE)}`);
  return `${lines.join('\n')}\n`;
}
