import { z } from 'zod';
import { NODE_NAMES } from './ports.js';

export const API_VERSION = 'kubedrill.dev/v1';

/**
 * An exam's id as its profile names it (`CKA`, `acme`). Exams are data: the profiles in
 * `scenarios/profiles/` and in packs' `profiles/` directories, so this is a string, not a union.
 */
export type Exam = string;

/** Letters, digits and dashes: the shape of an exam id (which ones exist is decided at load). */
export const EXAM_ID = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** An exam id's shape; whether a profile exists for it is checked where the profiles are known. */
export const examSchema = z.string().regex(EXAM_ID, 'expected an exam id: letters, digits and dashes, like CKA');
export const nodeNameSchema = z.enum(NODE_NAMES);

/**
 * The longest delay a Node timer takes (2^31-1 ms, about 24.8 days): a longer one fires at once
 * (with a TimeoutOverflowWarning), so a "600h" timeout would kill its step immediately.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest timeout a step may set: a setup step that runs longer than this is a broken pack. */
export const MAX_STEP_DURATION_MS = 3_600_000;

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration string, uncapped (NaN when it is not one). */
function rawDurationMs(text: string): number {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
}

/** `30s`, `2m`, `1h`, `500ms` — the way kubectl writes timeouts — and at most `maxMs`. */
export function durationSchemaUpTo(maxMs: number) {
  const limit = maxMs % 3_600_000 === 0 ? `${maxMs / 3_600_000}h` : maxMs % 60_000 === 0 ? `${maxMs / 60_000}m` : `${maxMs / 1000}s`;
  return z
    .string()
    .regex(DURATION, 'expected a duration like 30s, 2m or 500ms')
    .refine((text) => !DURATION.test(text) || rawDurationMs(text) <= maxMs, `a timeout may be at most ${limit}`);
}

/** A step's timeout: `30s`, `2m`, `1h`, `500ms`, at most 1 h. */
export const durationSchema = durationSchemaUpTo(MAX_STEP_DURATION_MS);

/**
 * Converts a duration string (already validated) to milliseconds, capped at MAX_TIMER_MS so no
 * timer built from it can overflow, whatever slipped past validation.
 */
export function durationMs(text: string): number {
  const ms = rawDurationMs(text);
  if (Number.isNaN(ms)) throw new Error(`not a duration: ${text}`);
  return Math.min(ms, MAX_TIMER_MS);
}

/** Lowercase ids with dashes, optionally grouped by slashes: `cka/static-pod-web`. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'expected lowercase letters, digits, dashes and slashes');
