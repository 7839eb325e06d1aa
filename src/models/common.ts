import { z } from 'zod';
import { NODE_NAMES } from './ports.js';

export const API_VERSION = 'kubedrill.dev/v1';
export const EXAMS = ['CKA', 'CKAD', 'CKS'] as const;
export type Exam = (typeof EXAMS)[number];

export const examSchema = z.enum(EXAMS);
export const nodeNameSchema = z.enum(NODE_NAMES);

/** `30s`, `2m`, `1h`, `500ms` — the way kubectl writes timeouts. */
export const durationSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'expected a duration like 30s, 2m or 500ms');

/** Converts a duration string (already validated) to milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

/** Lowercase ids with dashes, optionally grouped by slashes: `cka/static-pod-web`. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'expected lowercase letters, digits, dashes and slashes');
