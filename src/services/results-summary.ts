// A class's results: exported attempts (history-export.ts) from many learners, added up per task
// and per domain, with every export whose packs differ from the reference flagged. Pure: reading
// the files and writing the reports is results-run.ts.
import type { AttemptPack, ExamAttempt } from './history-entry.js';
import type { AttemptExport } from './history-export.js';

/** One export as read: the file it came from and a label to show (the learner's name, else the file). */
export interface ReadExport {
  file: string;
  label: string;
  export: AttemptExport;
}

/** The pack content exports are compared with: the instructor's (`--pack`) or the one most exports used. */
export interface ReferencePack extends AttemptPack {
  source: 'instructor' | 'most exports';
}

export interface LearnerRow {
  file: string;
  label: string;
  attemptId: string;
  exam: string;
  percent: number;
  verdict: string;
  /** Why this export's packs differ from the reference; empty when they match. */
  flags: string[];
}

export interface CheckCount {
  id: string;
  failed: number;
}

export interface TaskRow {
  id: string;
  domain: string;
  /** Exports in which the task was drawn. */
  attempts: number;
  /** Mean of the task's percent over the attempts that could grade it; undefined when none could. */
  meanPercent: number | undefined;
  /** Checks that failed, most often first (ties by id). */
  mostFailed: CheckCount[];
}

export interface DomainRow {
  exam: string;
  id: string;
  title: string;
  attempts: number;
  meanPercent: number | undefined;
}

export interface ClassSummary {
  learners: LearnerRow[];
  tasks: TaskRow[];
  domains: DomainRow[];
  references: ReferencePack[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const mean = (values: readonly number[]): number | undefined => (values.length === 0 ? undefined : round1(values.reduce((a, b) => a + b, 0) / values.length));
const percentOf = (earned: number, possible: number): number => (earned / possible) * 100;

/**
 * Per pack id, the content to compare with: the instructor's when given, else the version and
 * hash most exports carry (ties: the higher count first, then the later version string).
 */
export function referencePacks(exports: readonly ReadExport[], instructor: readonly AttemptPack[]): ReferencePack[] {
  const references = new Map<string, ReferencePack>(instructor.map((p) => [p.id, { ...p, source: 'instructor' }]));
  const seen = new Map<string, Map<string, { pack: AttemptPack; count: number }>>();
  for (const { export: e } of exports) {
    for (const pack of e.attempt.packs ?? []) {
      if (references.has(pack.id)) continue;
      const variants = seen.get(pack.id) ?? new Map<string, { pack: AttemptPack; count: number }>();
      const key = `${pack.version}\u0000${pack.sha256}`;
      const entry = variants.get(key) ?? { pack, count: 0 };
      entry.count += 1;
      variants.set(key, entry);
      seen.set(pack.id, variants);
    }
  }
  for (const [id, variants] of seen) {
    const [best] = [...variants.values()].sort((a, b) => b.count - a.count || b.pack.version.localeCompare(a.pack.version) || a.pack.sha256.localeCompare(b.pack.sha256));
    if (best) references.set(id, { id, version: best.pack.version, sha256: best.pack.sha256, source: 'most exports' });
  }
  return [...references.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** How an attempt's packs differ from the references, in words; empty when they match. */
export function packFlags(attempt: ExamAttempt, references: readonly ReferencePack[]): string[] {
  if (!attempt.packs) return ['pack versions not recorded (an attempt from before kubedrill kept them)'];
  const flags: string[] = [];
  const byId = new Map(attempt.packs.map((p) => [p.id, p]));
  for (const reference of references) {
    const pack = byId.get(reference.id);
    const whose = reference.source === 'instructor' ? "the instructor's" : 'most exports have';
    if (!pack) {
      // Only the instructor's packs are expected in every attempt; others belong to some exams only.
      if (reference.source === 'instructor') flags.push(`no task from pack ${reference.id}`);
    } else if (pack.version !== reference.version) flags.push(`pack ${pack.id} ${pack.version}, ${whose} ${reference.version}`);
    else if (pack.sha256 !== reference.sha256) flags.push(`pack ${pack.id} ${pack.version} with other content than ${whose} (hash ${pack.sha256.slice(0, 12)}, not ${reference.sha256.slice(0, 12)})`);
  }
  return flags;
}

/** Adds up the exports: a row per learner, per task and per domain. */
export function summarizeClass(exports: readonly ReadExport[], instructor: readonly AttemptPack[] = []): ClassSummary {
  const references = referencePacks(exports, instructor);
  const learners: LearnerRow[] = exports.map(({ file, label, export: e }) => ({
    file,
    label,
    attemptId: e.attempt.attemptId,
    exam: e.attempt.exam,
    percent: e.attempt.percent,
    verdict: e.attempt.verdict ?? (e.attempt.passed ? 'pass' : 'fail'),
    flags: packFlags(e.attempt, references),
  }));
  const tasks = new Map<string, { id: string; domain: string; attempts: number; percents: number[]; failed: Map<string, number> }>();
  const domains = new Map<string, { exam: string; id: string; title: string; attempts: number; percents: number[] }>();
  for (const { export: e } of exports) {
    for (const task of e.attempt.tasks) {
      const row = tasks.get(task.id) ?? { id: task.id, domain: task.domain, attempts: 0, percents: [], failed: new Map<string, number>() };
      row.attempts += 1;
      if (task.possible > 0) row.percents.push(percentOf(task.earned, task.possible));
      for (const check of task.checks ?? []) if (check.status === 'failed') row.failed.set(check.id, (row.failed.get(check.id) ?? 0) + 1);
      tasks.set(task.id, row);
    }
    for (const domain of e.attempt.domains) {
      const key = `${e.attempt.exam}\u0000${domain.id}`;
      const row = domains.get(key) ?? { exam: e.attempt.exam, id: domain.id, title: domain.title, attempts: 0, percents: [] };
      row.attempts += 1;
      if (domain.possible > 0) row.percents.push(percentOf(domain.earned, domain.possible));
      domains.set(key, row);
    }
  }
  return {
    learners,
    tasks: [...tasks.values()]
      .map(({ percents, failed, ...row }) => ({
        ...row,
        meanPercent: mean(percents),
        mostFailed: [...failed].map(([id, count]) => ({ id, failed: count })).sort((a, b) => b.failed - a.failed || a.id.localeCompare(b.id)),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    domains: [...domains.values()].map(({ percents, ...row }) => ({ ...row, meanPercent: mean(percents) })).sort((a, b) => a.exam.localeCompare(b.exam) || a.id.localeCompare(b.id)),
    references,
  };
}
