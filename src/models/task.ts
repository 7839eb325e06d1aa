import { z } from 'zod';
import { API_VERSION, examSchema, idSchema } from './common.js';
import { CAPABILITIES } from './ports.js';
import { DISRUPTION_KINDS, DISRUPTIONS } from './disruption.js';
import { stepSchema } from './step.js';
import { paramsSchema } from './task-params.js';

/**
 * The fields every check has. A check's own params are validated by its checker's schema
 * (packs/ does that with the registry), so here the rest of the object passes through.
 */
export const checkBaseSchema = z.looseObject({
  id: idSchema,
  type: z.string().min(1),
  points: z.number().int().nonnegative(),
  description: z.string().optional(),
  guard: z
    .boolean()
    .optional()
    .describe(
      'a guard against collateral damage ("leave deployment X untouched"): it carries no points (points: 0), and when it fails the whole task scores 0 with its reason shown',
    ),
});
export type CheckSpec = z.infer<typeof checkBaseSchema> & Record<string, unknown>;

export const DIFFICULTIES = ['quick', 'core', 'deep'] as const;

/**
 * An image as `docker pull` takes it, pinned by a tag or digest: without one (or with `:latest`)
 * Kubernetes defaults imagePullPolicy to Always and would pull again, defeating the preload.
 */
const IMAGE_REF = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
export const imageRefSchema = z
  .string()
  .regex(IMAGE_REF, 'expected an image reference like nginx:1.27 or registry.k8s.io/pause:3.10')
  .refine((ref) => /@sha256:|:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(ref.replace(/^[^/]*:[0-9]+\//, '')) && !/:latest$/.test(ref), {
    message: 'pin the image with a tag or digest other than latest (e.g. nginx:1.27): an unpinned image is pulled again by the kubelet',
  });

export const taskMetadataSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1),
    exams: z.array(examSchema).min(1).optional().describe('the exams the task counts in; with domains it may be left out (the keys of domains)'),
    domain: z.string().min(1).optional().describe('the task\'s domain in every exam of exams; or give domains instead'),
    domains: z
      .record(examSchema, z.string().min(1))
      .optional()
      .describe('the task\'s domain per exam when the exams file it differently, e.g. {CKA: troubleshooting, CKS: cluster-hardening}; instead of domain (read with domainIn, models/task-domains.ts)'),
    difficulty: z.enum(DIFFICULTIES),
    minutes: z.number().int().positive(),
    tags: z.array(z.string()).default([]),
  })
  .superRefine((m, ctx) => domainShapeIssues(m).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue })))
  // Without exams, the exams are the keys of domains (domainShapeIssues made sure there are some).
  .transform((m) => ({ ...m, exams: m.exams ?? Object.keys(m.domains ?? {}) }));

/** Either one domain with its exams, or a domains map whose exams, if also listed, agree. */
function domainShapeIssues(m: { exams?: string[]; domain?: string; domains?: Record<string, string> }): { path: string[]; message: string }[] {
  if (m.domain !== undefined && m.domains !== undefined) {
    return [{ path: ['domains'], message: 'give domain (one domain in every exam) or domains (one per exam), not both' }];
  }
  if (m.domains === undefined) {
    if (m.domain === undefined) return [{ path: ['domain'], message: 'missing required key "domain" (or domains: {EXAM: domain, …})' }];
    return m.exams === undefined ? [{ path: ['exams'], message: 'missing required key "exams" (the exams this domain is in)' }] : [];
  }
  const keyed = Object.keys(m.domains);
  if (keyed.length === 0) return [{ path: ['domains'], message: 'domains names no exam: give at least one, e.g. {CKA: troubleshooting}' }];
  if (m.exams === undefined) return [];
  const listed = new Set(m.exams);
  if (listed.size === keyed.length && keyed.every((e) => listed.has(e))) return [];
  return [{ path: ['exams'], message: `exams (${m.exams.join(', ')}) must be the exams domains names (${keyed.join(', ')}); or leave exams out` }];
}

export const nearMissSchema = z.strictObject({
  name: z.string().min(1).describe('what the near miss gets wrong, e.g. "policy in the wrong namespace"'),
  steps: z.array(stepSchema).min(1).describe('run after setup instead of the solution'),
});

export const alternativeSchema = z.strictObject({
  name: z.string().min(1).describe('how this correct answer differs, e.g. "kubectl expose instead of YAML"'),
  steps: z.array(stepSchema).min(1).describe('run after setup instead of the solution; must score exactly 100%'),
});

/**
 * One step of the solution as a candidate would type it (issue: solutions read as commands, not
 * as kubedrill's internal steps). Shown to learners; never run — `solution:` stays the proof.
 */
export const walkthroughStepSchema = z
  .strictObject({
    why: z.string().min(1).max(200).regex(/^[^\n]*$/, 'one line').describe('one line: why this step'),
    on: z.string().min(1).optional().describe('the node the commands are typed on (after `ssh NODE`); omitted: the exam terminal'),
    run: z.string().min(1).optional().describe('shell commands as typed (kubectl, etcdctl, vim…)'),
    manifest: z.string().min(1).optional().describe('YAML the candidate writes, then applies'),
    path: z.string().min(1).optional().describe('where the manifest is saved (answers file or node file)'),
  })
  .refine((s) => (s.run === undefined) !== (s.manifest === undefined), { message: 'give exactly one of run or manifest' });

export const taskSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Task'),
  metadata: taskMetadataSchema,
  environment: z
    .strictObject({
      workers: z.number().int().min(0).max(2).default(0),
      needs: z.array(z.enum(CAPABILITIES)).default([]),
      disrupts: z
        .array(z.enum(DISRUPTION_KINDS))
        .default([])
        .describe(
          `what the task breaks or rewinds for every other task on its cluster; a mock exam gives such a task a lab cluster of its own. One or more of: ${DISRUPTION_KINDS.map((k) => `${k} (${DISRUPTIONS[k]})`).join('; ')}`,
        ),
      // Optional rather than defaulted, so Task literals written before these fields stay valid.
      addons: z
        .array(z.string().min(1))
        .optional()
        .describe('cluster add-ons the task needs, installed once per cluster at pinned versions (environments/addons/registry.ts), e.g. [gateway-api-crds]; a live cluster is needed'),
      images: z
        .array(imageRefSchema)
        .optional()
        .describe('container images the task runs, pulled on the host and loaded into the nodes before the task starts, e.g. [nginx:1.27]'),
    })
    .default({ workers: 0, needs: [], disrupts: [] }),
  params: paramsSchema.optional(),
  setup: z.array(stepSchema).default([]),
  statement: z.string().min(1),
  hints: z.array(z.string()).default([]),
  solution: z.array(stepSchema).min(1),
  walkthrough: z
    .array(walkthroughStepSchema)
    .default([])
    .describe('the solution as a candidate types it, each step with a one-line why; solution stays the proof'),
  alternatives: z
    .array(alternativeSchema)
    .default([])
    .describe('other correct answers, written the way real examinees differ; each must score exactly 100% in the self-test'),
  nearMisses: z.array(nearMissSchema).default([]),
  checks: z.array(checkBaseSchema).min(1),
  docs: z.array(z.strictObject({ label: z.string(), url: z.url() })).default([]),
});

export type Task = z.infer<typeof taskSchema>;
export type NearMiss = z.infer<typeof nearMissSchema>;
export type Alternative = z.infer<typeof alternativeSchema>;
export type WalkthroughStep = z.infer<typeof walkthroughStepSchema>;

/** A task as loaded: where it came from, for messages and history. */
export interface LoadedTask {
  task: Task;
  packId: string;
  file: string;
}
