import { z } from 'zod';
import { durationSchema, nodeNameSchema } from './common.js';

/** Objects to create or update: `kubectl apply -f -` live, written to the workspace offline. */
export const applyStepSchema = z.strictObject({
  apply: z.string().min(1).describe('YAML manifests (one or more documents)'),
});

/** Objects to remove: `kubectl delete --ignore-not-found` live, removed from the workspace offline. */
export const deleteStepSchema = z.strictObject({
  delete: z.string().min(1).describe('<kind>/<name>'),
  namespace: z.string().optional(),
});

/** A shell script inside a node container — never on the learner's host. */
export const nodeStepSchema = z.strictObject({
  node: nodeNameSchema,
  script: z.string().min(1),
  timeout: durationSchema.optional(),
});

/** A kubectl invocation as argv (no shell); kubedrill adds the context itself. */
export const kubectlStepSchema = z.strictObject({
  kubectl: z.array(z.string()).min(1),
  timeout: durationSchema.optional(),
});

/** `kubectl wait --for=… REF --timeout=…`; skipped offline, where state does not change by itself. */
export const waitStepSchema = z.strictObject({
  wait: z.strictObject({
    for: z.string().min(1).describe('condition=Ready, delete, jsonpath={…}=value'),
    ref: z.string().min(1),
    namespace: z.string().optional(),
    timeout: durationSchema.default('60s'),
  }),
});

/** Writes a learner answer file under `{{answers}}` (used by solutions and near misses). */
export const answerStepSchema = z.strictObject({
  answer: z.strictObject({
    path: z.string().min(1).describe('relative to the answers directory'),
    content: z.string(),
  }),
});

export const stepSchema = z.union([
  applyStepSchema,
  deleteStepSchema,
  nodeStepSchema,
  kubectlStepSchema,
  waitStepSchema,
  answerStepSchema,
]);

export type Step = z.infer<typeof stepSchema>;
export type ApplyStep = z.infer<typeof applyStepSchema>;
export type DeleteStep = z.infer<typeof deleteStepSchema>;
export type NodeStep = z.infer<typeof nodeStepSchema>;
export type KubectlStep = z.infer<typeof kubectlStepSchema>;
export type WaitStep = z.infer<typeof waitStepSchema>;
export type AnswerStep = z.infer<typeof answerStepSchema>;

