import { stringify } from 'yaml';
import type { Step, TaskReport } from '../models/index.js';
import { formatPercent } from './format.js';
import { para, verbatim, type Line } from './rich-text.js';

const SYMBOL = { passed: '✓', failed: '✗', error: '!', unsupported: '–' } as const;
const TONE = { passed: 'ok', failed: 'bad', error: 'warn', unsupported: 'dim' } as const;

/** A report as lines: the score, then every check with its evidence (expected vs actual). */
export function reportLines(report: TaskReport, width: number): Line[] {
  const { earned, possible, percent } = report.score;
  const full = possible > 0 && earned === possible;
  const lines: Line[] = [
    [
      { text: 'Score ', bold: true },
      { text: `${earned}/${possible} points (${formatPercent(percent)})`, tone: full ? 'ok' : 'bad', bold: true },
      ...(report.ungraded > 0 ? [{ text: `  ${report.ungraded} points could not be graded here`, tone: 'dim' as const }] : []),
    ],
  ];
  for (const problem of report.problems ?? []) lines.push(...para(`! ${problem}`, width, { tone: 'warn' }, 2));
  if (report.guardsFailed) {
    lines.push(...para(`Scored 0: guard ${report.guardsFailed.join(', ')} failed — something the task said to leave alone was changed.`, width, { tone: 'bad' }, 2));
  }
  for (const check of report.checks) {
    const points = check.guard ? 'guard' : `${check.earned}/${check.points}`;
    const head = `${SYMBOL[check.status]} ${check.id} (${points}${check.modelled ? ', modelled' : ''})${check.description ? ` — ${check.description}` : ''}`;
    lines.push(...para(head, width, { tone: TONE[check.status] }, 0));
    const detail = (label: string, text: string | undefined) => {
      if (text !== undefined && text !== '') lines.push(...para(`${label}: ${text}`, width, {}, 4));
    };
    detail('expected', check.expected);
    detail('actual', check.actual);
    detail('hint', check.hint);
    detail(check.status === 'unsupported' ? 'not here' : 'could not grade', check.reason);
    detail('evidence', check.status === 'passed' ? check.evidence : undefined);
  }
  return lines;
}

/** Solution steps as YAML, the way the pack writes them. */
export function solutionLines(steps: readonly Step[], width: number): Line[] {
  return verbatim(stringify(steps, { lineWidth: 0 }), width, 'code');
}
