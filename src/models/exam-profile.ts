import { z } from 'zod';
import { examSchema } from './common.js';

/** An exam's facts (the README, Exam profiles), kept as data in `scenarios/profiles/`. */
export const examProfileSchema = z.strictObject({
  apiVersion: z.literal('kubedrill.dev/v1'),
  kind: z.literal('ExamProfile'),
  exam: examSchema,
  title: z.string(),
  durationMinutes: z.number().int().positive(),
  tasks: z.strictObject({ min: z.number().int().positive(), max: z.number().int().positive() }),
  passPercent: z.number().min(0).max(100),
  domains: z
    .array(z.strictObject({ id: z.string().min(1), title: z.string().min(1), weight: z.number().positive() }))
    .min(1),
});

export type ExamProfile = z.infer<typeof examProfileSchema>;
