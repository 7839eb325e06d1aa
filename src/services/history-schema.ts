import { z } from 'zod';
import { examSchema } from '../models/index.js';
import { taskVariantSchema } from '../models/task-params.js';
import { firstIssue } from '../system/state-file.js';
import type { DrillAttempt, ExamAttempt, HistoryEntry } from './history-entry.js';

const timeSchema = z.number().int().min(0).max(8.64e15);
const count = z.number().finite().min(0);

const attemptTaskSchema = z.object({
  id: z.string(),
  domain: z.string(),
  tags: z.array(z.string()),
  earned: count,
  possible: count,
  spentMs: count,
  /** Lines from before tasks had params lack it. */
  variant: taskVariantSchema.optional(),
});

/** Lines from before results could be reopened lack these: they still read, with scores only. */
const examAttemptTaskSchema = attemptTaskSchema.extend({
  title: z.string().optional(),
  flagged: z.boolean().optional(),
  checks: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['passed', 'failed', 'error', 'unsupported']),
        points: count,
        earned: count,
        summary: z.string().optional(),
      }),
    )
    .optional(),
});

const attemptPackSchema = z.object({ id: z.string(), version: z.string(), sha256: z.string() });

/** An exam line as the summary, the text report and the reopened results use it (lines from older versions lack `verdict` and the details). */
export const examAttemptSchema: z.ZodType<ExamAttempt> = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('exam'),
  attemptId: z.string().min(1),
  exam: examSchema,
  seed: z.number().int().min(0),
  practice: z.boolean(),
  startedAt: timeSchema,
  finishedAt: timeSchema,
  endedBy: z.enum(['submit', 'timeout']),
  earned: count,
  possible: count,
  percent: count,
  passPercent: count,
  passed: z.boolean(),
  verdict: z.enum(['pass', 'fail', 'incomplete']).optional(),
  domains: z.array(z.object({ id: z.string(), title: z.string(), earned: count, possible: count, percent: count })),
  tasks: z.array(examAttemptTaskSchema),
  ungraded: count.optional(),
  incompleteReason: z.string().optional(),
  packs: z.array(attemptPackSchema).optional(),
});

const drillAttemptSchema: z.ZodType<DrillAttempt> = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('drill'),
  at: timeSchema,
  exams: z.array(examSchema),
  task: attemptTaskSchema,
  percent: count,
});

/** One line → an attempt, or why it is not one. */
export function parseLine(text: string): HistoryEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON (a torn or damaged line)';
  }
  const { formatVersion, kind } = (value ?? {}) as { formatVersion?: unknown; kind?: unknown };
  // Quoted and cut short: the line is damage, and its text goes to a terminal.
  const shown = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 40);
  if (formatVersion !== 1) return `unknown formatVersion ${shown(formatVersion)}`;
  const schema = kind === 'exam' ? examAttemptSchema : kind === 'drill' ? drillAttemptSchema : undefined;
  if (!schema) return `unknown kind ${shown(kind)}`;
  const result = schema.safeParse(value);
  return result.success ? result.data : `not a valid ${String(kind)} attempt: ${firstIssue(result.error)}`;
}
