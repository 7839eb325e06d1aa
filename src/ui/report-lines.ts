import { parse as parseYaml, stringify } from 'yaml';
import type { CheckResult, Step, Task, TaskReport, WalkthroughStep } from '../models/index.js';
import { formatPercent } from './format.js';
import { para, parseInline, verbatim, wrapSpans, type Line, type Span } from './rich-text.js';

const SYMBOL = { passed: '✓', failed: '✗', error: '!', unsupported: '–' } as const;
const TONE = { passed: 'ok', failed: 'bad', error: 'warn', unsupported: 'dim' } as const;

/** How much of a failed check to show. */
export interface ReportMode {
  /**
   * Full evidence (expected, actual, hint; a passed check's evidence), as after the solution is
   * revealed or the exam is submitted. False: each failure shows its learner-safe summary — what
   * is wrong, not the value to type (a drill before the solution, a practice check during an exam).
   */
  reveal: boolean;
}

/** Said under a report whose failures were summarised. */
export const HIDDEN_NOTE = 'Expected values and evidence stay hidden so a check does not give the answer away; they show with the solution.';

/** A failure before the reveal in a report written before summaries existed. */
const FALLBACK_SUMMARY = 'not what the task asks yet';

/**
 * `label: value` from column 4, a multi-line value's later lines under its first. Values come
 * from the cluster or a checker: no markdown is read in them.
 */
function detail(label: string, text: string, width: number): Line[] {
  const [first = '', ...rest] = text.replace(/\r\n?/g, '\n').split('\n');
  const hang = 4 + label.length + 2;
  return [
    ...wrapSpans([{ text: '    ' }, ...parseInline(`${label}: ${first}`, {}, 'none')], width, hang),
    ...rest.flatMap((line) => wrapSpans([{ text: ' '.repeat(hang) }, ...parseInline(line, {}, 'none')], width, hang)),
  ];
}

function checkLines(check: CheckResult, width: number, reveal: boolean): Line[] {
  const points = check.guard ? 'guard' : `${check.earned}/${check.points}`;
  const head = `${SYMBOL[check.status]} ${check.id} (${points}${check.modelled ? ', modelled' : ''})${check.description ? ` — ${check.description}` : ''}`;
  const lines = para(head, width, { tone: TONE[check.status] }, 0, 'code');
  const add = (label: string, text: string | undefined) => {
    if (text !== undefined && text !== '') lines.push(...detail(label, text, width));
  };
  if (check.status === 'failed' && reveal) {
    add('expected', check.expected);
    add('actual', check.actual);
    add('hint', check.hint);
  }
  if (check.status === 'failed' && !reveal) lines.push(...para(check.summary ?? FALLBACK_SUMMARY, width, {}, 4, 'none'));
  add(check.status === 'unsupported' ? 'not here' : 'could not grade', check.reason);
  // A passed check's evidence waits for the reveal too: a guard's would print what a discovery
  // task asks the learner to find out (the selectors of the policies).
  add('evidence', check.status === 'passed' && reveal ? check.evidence : undefined);
  return lines;
}

/**
 * A report as lines: the score, then every check. A failed check shows what is wrong
 * (`mode.reveal` false, the default: nothing shown can be an answer) or expected vs actual.
 */
export function reportLines(report: TaskReport, width: number, mode: ReportMode = { reveal: false }): Line[] {
  const { earned, possible, percent } = report.score;
  const full = possible > 0 && earned === possible;
  const lines: Line[] = [
    [
      { text: 'Score ', bold: true },
      { text: `${earned}/${possible} points (${formatPercent(percent)})`, tone: full ? 'ok' : 'bad', bold: true },
      ...(report.ungraded > 0 ? [{ text: `  ${report.ungraded} points could not be graded here`, tone: 'dim' as const }] : []),
    ],
  ];
  for (const problem of report.problems ?? []) lines.push(...para(`! ${problem}`, width, { tone: 'warn' }, 2, 'none'));
  if (report.guardsFailed) {
    lines.push(...para(`Scored 0: guard ${report.guardsFailed.join(', ')} failed — something the task said to leave alone was changed.`, width, { tone: 'bad' }, 2, 'none'));
  }
  for (const check of report.checks) lines.push(...checkLines(check, width, mode.reveal));
  if (!mode.reveal && report.checks.some((c) => c.status === 'failed' || c.evidence !== undefined)) lines.push(...para(HIDDEN_NOTE, width, { tone: 'dim' }, 0, 'none'));
  return lines;
}

/** Solution steps as YAML, the way the pack writes them (for tasks without a walkthrough). */
export function solutionLines(steps: readonly Step[], width: number): Line[] {
  return verbatim(stringify(steps, { lineWidth: 0 }), width, 'code');
}

/** A file name for a manifest without `path`: its object's name, else `manifest.yaml`. */
function manifestFile(manifest: string): string {
  try {
    const name = (parseYaml(manifest) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (typeof name === 'string' && /^[a-z0-9][a-z0-9.-]*$/.test(name)) return `${name}.yaml`;
  } catch {
    // Several documents or a template: any name does.
  }
  return 'manifest.yaml';
}

/**
 * The solution as a candidate types it: each step's why, then on which node (`ssh NODE`), then the
 * commands, or the manifest with where to save it and the `kubectl apply -f` line. A manifest
 * written on a node (a static pod, a kubelet or audit config) is read from there, not applied.
 * Steps are expanded already (DrillSession expands `{{…}}` and node names).
 */
export function walkthroughLines(steps: readonly WalkthroughStep[], width: number): Line[] {
  const lines: Line[] = [];
  const body = 5;
  const code = (text: string) => lines.push(...verbatim(text, width, 'code', body));
  steps.forEach((step, i) => {
    const number = `  ${i + 1}. `;
    lines.push(...wrapSpans([{ text: number }, ...parseInline(step.why, { bold: true }, 'code')], width, number.length));
    if (step.on !== undefined) {
      const spans: Span[] = [{ text: `${' '.repeat(body)}on node ${step.on}: ` }, { text: `ssh ${step.on}`, tone: 'code' }];
      lines.push(...wrapSpans(spans, width, body));
    }
    if (step.run !== undefined) code(step.run);
    if (step.manifest !== undefined) {
      const file = step.path ?? manifestFile(step.manifest);
      lines.push(...para(step.path !== undefined ? `Save as ${file}:` : `Save as ${file} (any name):`, width, { tone: 'dim' }, body, 'none'));
      lines.push(...verbatim(step.manifest, width, 'code', body + 2));
      if (step.on === undefined) code(`kubectl apply -f ${file}`);
    }
    lines.push([]);
  });
  if (lines.at(-1)?.length === 0) lines.pop();
  return lines;
}

/** A task's solution for learners: its walkthrough when it has one, else its solution steps. */
export function taskSolutionLines(task: Pick<Task, 'walkthrough' | 'solution'>, width: number): Line[] {
  return task.walkthrough.length > 0 ? walkthroughLines(task.walkthrough, width) : solutionLines(task.solution, width);
}

/** The task's docs links (allowed throughout the real exam, so shown from the start). */
export function docsLines(docs: Task['docs'], width: number): Line[] {
  if (docs.length === 0) return [];
  // A URL wrapped mid-way cannot be copied or clicked: when the pair does not fit, it gets its own row.
  const rows = (doc: Task['docs'][number]): Line[] =>
    4 + doc.label.length + doc.url.length <= width
      ? para(`${doc.label}: ${doc.url}`, width, {}, 2, 'none')
      : [...para(`${doc.label}:`, width, {}, 2, 'none'), ...para(doc.url, width, { tone: 'accent' }, 4, 'none')];
  return [[{ text: 'Docs', tone: 'title' }], ...docs.flatMap(rows)];
}
