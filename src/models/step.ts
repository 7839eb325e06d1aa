import { z } from 'zod';
import { durationSchema, nodeNameSchema } from './common.js';

/** Objects to create or update: `kubectl apply -f -` live, written to the workspace offline. */
export const applyStepSchema = z.strictObject({
  apply: z.string().min(1).describe('YAML manifests (one or more documents)'),
  raw: z.boolean().optional().describe('true: applied exactly as written, no {{…}} placeholders expanded (manifests that carry Go or Helm templates)'),
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
  raw: z.boolean().optional().describe('true: the content is written exactly as given, no {{…}} placeholders expanded'),
});

/** Where a `files` step copies an asset. */
export const FILES_TARGETS = ['answers', 'node', 'workspace'] as const;

/**
 * Copies a pack asset (a file, or a directory with everything below it, under the pack's
 * `assets/`) byte for byte — never templated: into the answers directory, into a node, or into
 * the offline workspace. What assets may be is in src/packs/assets.ts.
 */
export const filesStepSchema = z.strictObject({
  files: z.strictObject({
    asset: z.string().min(1).describe("a file or directory below the pack's assets/ directory, e.g. charts/web"),
    to: z.enum(FILES_TARGETS).describe('answers: the answers directory; node: a node (live only); workspace: the offline workspace (offline only)'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe('where the copy goes: relative to the answers directory or workspace, absolute in a node (default: the asset path, in a node below /root)'),
    node: nodeNameSchema.optional().describe('with to: node, which node (default controlplane)'),
  }),
});

/**
 * `helm` on the learner's machine as argv, against kubedrill's own cluster only: kubedrill adds
 * `--kubeconfig` and `--kube-context`, and charts and values files are pack assets, named
 * `{{asset:charts/web}}` (see models/step-policy.ts for what else is refused).
 */
export const helmStepSchema = z.strictObject({
  helm: z.array(z.string()).min(1).describe('argv after helm, e.g. [upgrade, --install, web, "{{asset:charts/web}}", -n, shop, --create-namespace]'),
  timeout: durationSchema.optional(),
});

/**
 * `kustomize build {{asset:DIR}}` as argv: the kustomization below the pack's assets is built
 * (by kubectl's own kustomize) and the result applied, as an `apply` step would.
 */
export const kustomizeStepSchema = z.strictObject({
  kustomize: z.array(z.string()).min(1).describe('argv after kustomize: [build, "{{asset:kustomize/overlays/dev}}"]'),
  timeout: durationSchema.optional(),
});

export const stepSchema = z.union([
  applyStepSchema,
  deleteStepSchema,
  nodeStepSchema,
  kubectlStepSchema,
  waitStepSchema,
  answerStepSchema,
  filesStepSchema,
  helmStepSchema,
  kustomizeStepSchema,
]);

export type Step = z.infer<typeof stepSchema>;
export type ApplyStep = z.infer<typeof applyStepSchema>;
export type DeleteStep = z.infer<typeof deleteStepSchema>;
export type NodeStep = z.infer<typeof nodeStepSchema>;
export type KubectlStep = z.infer<typeof kubectlStepSchema>;
export type WaitStep = z.infer<typeof waitStepSchema>;
export type AnswerStep = z.infer<typeof answerStepSchema>;
export type FilesStep = z.infer<typeof filesStepSchema>;
export type HelmStep = z.infer<typeof helmStepSchema>;
export type KustomizeStep = z.infer<typeof kustomizeStepSchema>;
export type FilesTarget = (typeof FILES_TARGETS)[number];

/**
 * Where the assets of a step's pack are: set by the pack loader on steps that name assets
 * (`files`, `helm`, `kustomize`), so the step runner finds them wherever the task is run from.
 * Never written by authors (the strict step schemas refuse the key in a pack).
 */
export interface BoundAssets {
  assetsDir?: string;
}

