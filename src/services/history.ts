import type { CheckResult, Exam, Task, TaskReport } from '../models/index.js';
import type { TaskVariant } from '../models/task-params.js';
import { examDomains } from '../models/task-domains.js';
import { appendLine, describeDamage, readStateFile } from '../system/state-file.js';
import type { ExamState } from './exam-state.js';
import type { AttemptCheck, AttemptPack, AttemptTask, DrillAttempt, ExamAttempt, HistoryEntry } from './history-entry.js';

export type { AttemptCheck, AttemptPack, AttemptTask, DrillAttempt, ExamAttempt, ExamAttemptTask, HistoryEntry } from './history-entry.js';

/**
 * Bounds of what one exam line keeps, so the history stays a file that is read whole at every
 * start: texts are cut, checks per task capped, and all summaries together share one budget.
 */
export const ATTEMPT_LIMITS = { title: 120, checkId: 80, summary: 160, checksPerTask: 24, summaries: 12_000, reason: 300 } as const;

/** `text` cut to `max` characters, with an ellipsis when cut. */
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`);

/** A task's checks as history keeps them; `budget` is what is left of the line's summary budget. */
function attemptChecks(checks: readonly CheckResult[], budget: { left: number }): AttemptCheck[] {
  return checks.slice(0, ATTEMPT_LIMITS.checksPerTask).map((c) => {
    const why = c.status === 'failed' ? (c.summary ?? c.actual) : c.status === 'passed' ? undefined : c.reason;
    const room = Math.min(ATTEMPT_LIMITS.summary, budget.left);
    // Once the budget is spent, later checks keep their status and points only.
    const summary = why === undefined || room < 2 ? '' : cut(why, room);
    budget.left -= summary.length;
    return { id: cut(c.id, ATTEMPT_LIMITS.checkId), status: c.status, points: c.points, earned: c.earned, ...(summary ? { summary } : {}) };
  });
}

/**
 * A finished exam state → its history line. `tagsOf` gives each task's tags; `packs`, the packs
 * its tasks came from (attempt-packs.ts), is kept when given.
 */
export function examAttempt(state: ExamState, tagsOf: (taskId: string) => string[], packs?: readonly AttemptPack[]): ExamAttempt {
  const results = state.results;
  if (!results) throw new Error('examAttempt needs a graded exam');
  const budget = { left: ATTEMPT_LIMITS.summaries };
  return {
    formatVersion: 1,
    kind: 'exam',
    attemptId: state.attemptId,
    exam: state.exam,
    seed: state.seed,
    practice: state.practice,
    startedAt: state.startedAt,
    finishedAt: state.endedAt ?? state.deadline,
    endedBy: state.endedBy ?? 'submit',
    earned: results.earned,
    possible: results.possible,
    percent: results.percent,
    passPercent: results.passPercent,
    passed: results.passed,
    verdict: results.verdict,
    domains: results.domains.map(({ id, title, earned, possible, percent }) => ({ id, title, earned, possible, percent })),
    tasks: results.tasks.map((t) => ({
      id: t.id,
      domain: t.domain,
      tags: tagsOf(t.id),
      earned: t.earned,
      possible: t.possible,
      spentMs: t.spentMs,
      title: cut(t.title, ATTEMPT_LIMITS.title),
      flagged: t.flagged,
      checks: attemptChecks(t.report.checks, budget),
      ...variantOf(state, t.id),
    })),
    ungraded: results.ungraded,
    ...(results.incompleteReason ? { incompleteReason: cut(results.incompleteReason, ATTEMPT_LIMITS.reason) } : {}),
    ...(packs ? { packs: packs.map(({ id, version, sha256 }) => ({ id: cut(id, ATTEMPT_LIMITS.checkId), version: cut(version, ATTEMPT_LIMITS.checkId), sha256 })) } : {}),
  };
}

/** The variant an exam task was set up in, as a history field (none for a task without params). */
function variantOf(state: ExamState, taskId: string): { variant?: TaskVariant } {
  const variant = state.tasks.find((t) => t.id === taskId)?.variant;
  return variant ? { variant } : {};
}

/** A drill check → its history line; `variant` (a task with params) is kept with the task, whose statistics stay by id. */
export function drillAttempt(task: Task, report: TaskReport, at: number, spentMs: number, variant?: TaskVariant): DrillAttempt {
  return {
    formatVersion: 1,
    kind: 'drill',
    at,
    exams: [...task.metadata.exams],
    task: {
      id: task.metadata.id,
      // History keeps one domain per task attempt: a task filed differently per exam counts under
      // its domain in the first exam it lists (weakest topics are domain ids, across exams).
      domain: examDomains(task)[0]?.domain ?? '',
      tags: [...task.metadata.tags],
      earned: report.score.earned,
      possible: report.score.possible,
      spentMs,
      ...(variant && Object.keys(variant.params).length > 0 ? { variant: { seed: variant.seed, params: { ...variant.params } } } : {}),
    },
    percent: report.score.percent,
  };
}

/** A history line that was not counted, and why. */
export interface SkippedLine {
  /** 1-based line number in history.jsonl. */
  line: number;
  reason: string;
}

/** What `readHistoryFile` found: the attempts, the lines it skipped, and a note when the whole file was unusable. */
export interface HistoryRead {
  entries: HistoryEntry[];
  skipped: SkippedLine[];
  /** The file was not a readable regular file: it was moved aside (this says where). */
  notice?: string;
}

/**
 * Reads history.jsonl line by line: a line that is torn (a crash mid-append), not an attempt, or
 * an exam attempt already counted costs only itself and is reported with its line number. A
 * missing file is an empty history; one that cannot be read at all is moved aside. Never throws.
 */
export async function readHistoryFile(file: string, options: { now?: () => number } = {}): Promise<HistoryRead> {
  const read = await readStateFile(file, (text) => text, options);
  // Loaded here, not at import: the home screen imports this module before its first frame, without zod.
  const { parseLine } = await import('./history-schema.js');
  if (read.status === 'missing') return { entries: [], skipped: [] };
  if (read.status === 'damaged') return { entries: [], skipped: [], notice: describeDamage('the history', read, 'starting a new history') };
  const entries: HistoryEntry[] = [];
  const skipped: SkippedLine[] = [];
  const examLines = new Map<string, number>();
  for (const [index, raw] of read.value.split('\n').entries()) {
    const line = index + 1;
    const text = raw.trim();
    if (text === '') continue;
    const entry = parseLine(text);
    if (typeof entry === 'string') {
      skipped.push({ line, reason: entry });
      continue;
    }
    if (entry.kind === 'exam') {
      const first = examLines.get(entry.attemptId);
      if (first !== undefined) {
        skipped.push({ line, reason: `exam attempt ${entry.attemptId} is already counted (line ${first})` });
        continue;
      }
      examLines.set(entry.attemptId, line);
    }
    entries.push(entry);
  }
  return { entries, skipped };
}

/** The attempts in history.jsonl (see `readHistoryFile`; this drops what it skipped). */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  return (await readHistoryFile(file)).entries;
}

/** Appends one attempt to history.jsonl: one write of one whole line, on a line of its own. */
export const appendHistory = (file: string, entry: HistoryEntry): Promise<void> => appendLine(file, JSON.stringify(entry));

/**
 * Records a finished exam once: when its attempt id is already in the history (a second
 * `finish` after a crash between recording and clearing the saved exam), nothing is written.
 * Returns whether it was written, and a note when the history file had to be moved aside.
 */
export async function recordExamAttempt(file: string, attempt: ExamAttempt): Promise<{ written: boolean; notice?: string }> {
  const { entries, notice } = await readHistoryFile(file);
  if (entries.some((e) => e.kind === 'exam' && e.attemptId === attempt.attemptId)) return { written: false, ...(notice ? { notice } : {}) };
  await appendHistory(file, attempt);
  return { written: true, ...(notice ? { notice } : {}) };
}

export interface DomainTrend {
  exam: Exam;
  domain: string;
  title: string;
  /** Percent per exam attempt, oldest first. */
  percents: number[];
  /** Latest minus previous, when there are two. */
  change?: number;
}

export interface Topic {
  kind: 'tag' | 'domain';
  id: string;
  earned: number;
  possible: number;
  percent: number;
  /** Task attempts behind the figure. */
  samples: number;
}

export interface HistorySummary {
  /** Newest first. */
  exams: ExamAttempt[];
  drills: number;
  trends: DomainTrend[];
  /** Weakest first; only topics below 100%. */
  weakest: Topic[];
  /** A drill on the weakest topic. */
  suggestion?: { topic: Topic; command: string };
}

/** Attempts, per-domain trends across exams, weakest topics and a drill to practise them. */
export function summarizeHistory(entries: readonly HistoryEntry[]): HistorySummary {
  const exams = entries.filter((e): e is ExamAttempt => e.kind === 'exam').sort((a, b) => a.finishedAt - b.finishedAt);
  const trendMap = new Map<string, DomainTrend>();
  for (const attempt of exams) {
    for (const d of attempt.domains) {
      const key = `${attempt.exam}:${d.id}`;
      const trend = trendMap.get(key) ?? { exam: attempt.exam, domain: d.id, title: d.title, percents: [] };
      trend.percents.push(d.percent);
      trendMap.set(key, trend);
    }
  }
  const trends = [...trendMap.values()].map((t) => {
    const [prev, last] = t.percents.slice(-2);
    return t.percents.length >= 2 && prev !== undefined && last !== undefined ? { ...t, change: Math.round((last - prev) * 10) / 10 } : t;
  });
  const taskAttempts: AttemptTask[] = entries.flatMap((e) => (e.kind === 'exam' ? e.tasks : [e.task]));
  const topics = new Map<string, Topic>();
  const add = (kind: Topic['kind'], id: string, t: AttemptTask) => {
    const topic = topics.get(`${kind}:${id}`) ?? { kind, id, earned: 0, possible: 0, percent: 0, samples: 0 };
    topic.earned += t.earned;
    topic.possible += t.possible;
    topic.samples += 1;
    topics.set(`${kind}:${id}`, topic);
  };
  for (const t of taskAttempts) {
    if (t.possible === 0) continue;
    add('domain', t.domain, t);
    for (const tag of t.tags) add('tag', tag, t);
  }
  const weakest = [...topics.values()]
    .map((t) => ({ ...t, percent: Math.round((t.earned / t.possible) * 1000) / 10 }))
    .filter((t) => t.percent < 100)
    // Tags before domains at equal percent: a tag names a narrower drill.
    .sort((a, b) => a.percent - b.percent || (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'tag' ? -1 : 1));
  const summary: HistorySummary = { exams: exams.reverse(), drills: entries.length - exams.length, trends, weakest };
  const top = weakest[0];
  if (top) summary.suggestion = { topic: top, command: `kubedrill drill ${top.id}` };
  return summary;
}

