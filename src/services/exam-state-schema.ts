import { z } from 'zod';
import { CLUSTER_NAME } from '../environments/kind/paths.js';
import { examSchema } from '../models/index.js';
import { taskVariantSchema } from '../models/task-params.js';
import { firstIssue, jsonWith } from '../system/state-file.js';
import { NOTES_MAX, type ExamState } from './exam-state.js';

/** Wall-clock ms a Date can hold: a larger "time" is damage, and would throw when printed. */
const timeSchema = z.number().int().min(0).max(8.64e15);
const count = z.number().finite().min(0);

const examTaskStateSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  domain: z.string(),
  points: count,
  minutes: count,
  flagged: z.boolean(),
  visited: z.boolean(),
  // Absent in exams saved before they existed: those load as not answered, without notes.
  answered: z.boolean().default(false),
  // Cut rather than refused: a long pad must not cost the whole saved exam.
  notes: z
    .string()
    .default('')
    .transform((s) => s.slice(0, NOTES_MAX)),
  spentMs: count,
  cluster: z.string().regex(CLUSTER_NAME).optional(),
  variant: taskVariantSchema.optional(),
});

/**
 * The saved exam's shape, checked on load: what the screen and the clock rely on must hold
 * (a current task that exists, a deadline after the start). Results are re-computed when a
 * finished exam is reopened, so only their outline is checked.
 */
const examStateSchema = z
  .object({
    formatVersion: z.literal(1),
    attemptId: z.string().min(1),
    exam: examSchema,
    seed: z.number().int().min(0),
    practice: z.boolean(),
    durationMinutes: z.number().positive(),
    passPercent: z.number().min(0).max(100),
    domains: z.array(z.object({ id: z.string(), title: z.string() })),
    source: z.object({ offline: z.string().optional(), context: z.string().optional(), cluster: z.string().optional(), packDirs: z.array(z.string()) }),
    startedAt: timeSchema,
    deadline: timeSchema,
    tasks: z.array(examTaskStateSchema).min(1),
    current: z.number().int().min(0),
    currentSince: timeSchema,
    warningsGiven: z.array(z.number()),
    phase: z.enum(['running', 'grading', 'finished']),
    endedBy: z.enum(['submit', 'timeout']).optional(),
    endedAt: timeSchema.optional(),
    results: z.looseObject({ earned: count, possible: count, percent: count, domains: z.array(z.looseObject({})), tasks: z.array(z.looseObject({})) }).optional(),
  })
  .refine((s) => s.current < s.tasks.length, { message: 'the current task is not one of the exam tasks', path: ['current'] })
  .refine((s) => s.deadline >= s.startedAt, { message: 'the deadline is before the start', path: ['deadline'] });

/** Parses a saved exam (`current.json`); throws with the first problem (a newer format says so). */
export function parseExamState(text: string): ExamState {
  const raw = jsonWith(z.unknown())(text);
  if (raw !== null && typeof raw === 'object' && 'formatVersion' in raw && raw.formatVersion !== 1) {
    throw new Error(`unknown formatVersion ${String(raw.formatVersion)} (written by another kubedrill version?)`);
  }
  const result = examStateSchema.safeParse(raw);
  if (!result.success) throw new Error(firstIssue(result.error));
  return result.data as ExamState;
}
