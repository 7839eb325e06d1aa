import { z } from 'zod';
import { API_VERSION, examSchema, idSchema } from './common.js';

export const packSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Pack'),
  metadata: z.strictObject({
    id: idSchema,
    title: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, 'expected a semantic version like 1.2.0'),
    description: z.string().optional(),
    authors: z.array(z.string()).default([]),
    exams: z.array(examSchema).default([]),
  }),
});

export type Pack = z.infer<typeof packSchema>;
