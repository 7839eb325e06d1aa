import { z } from 'zod';
import { defineChecker, type Checker } from '../../src/models/index.js';

// Stand-ins with the params contract of checkers/README.md, so loader tests do not depend on the
// real registry (and its grading code). They are never run: the loader only reads `params`.
const notRun = async () => ({ status: 'error' as const, reason: 'loader test checker: not run' });

export const resourceTestChecker = defineChecker({
  type: 'resource',
  summary: 'object exists or is absent',
  needs: [],
  params: z.strictObject({ ref: z.string(), namespace: z.string().optional(), expect: z.enum(['exists', 'absent']) }),
  run: notRun,
});

export const jsonpathTestChecker = defineChecker({
  type: 'jsonpath',
  summary: 'JSONPath on one object',
  needs: [],
  params: z.strictObject({
    ref: z.string(),
    namespace: z.string().optional(),
    path: z.string(),
    equals: z.string().optional(),
    oneOf: z.array(z.string()).optional(),
  }),
  run: notRun,
});

export const staticPodTestChecker = defineChecker({
  type: 'static-pod',
  summary: 'mirror pod plus manifest in staticPodPath',
  needs: ['node-shell'],
  params: z.strictObject({
    name: z.string(),
    node: z.enum(['controlplane', 'worker1', 'worker2']),
    namespace: z.string().default('default'),
    image: z.string().optional(),
  }),
  run: notRun,
});

/** The registry the loader tests use. */
export const TEST_CHECKERS: readonly Checker[] = [resourceTestChecker, jsonpathTestChecker, staticPodTestChecker] as readonly Checker[];
