// What kind a step is, without the step schemas: the list, plan and home paths ask this of
// cached tasks and must not load zod (see src/packs/catalog-cache.ts).
import type { Step } from './step.js';

export type StepKind = 'apply' | 'delete' | 'node' | 'kubectl' | 'wait' | 'answer' | 'files' | 'helm' | 'kustomize';

/** The name of a step's kind, for messages and dispatch. */
export function stepKind(step: Step): StepKind {
  if ('apply' in step) return 'apply';
  if ('delete' in step) return 'delete';
  if ('node' in step) return 'node';
  if ('kubectl' in step) return 'kubectl';
  if ('wait' in step) return 'wait';
  if ('files' in step) return 'files';
  if ('helm' in step) return 'helm';
  if ('kustomize' in step) return 'kustomize';
  return 'answer';
}

/**
 * Steps that need a live cluster: a task using them in setup or solution is not offline-capable.
 * `helm` and `kustomize` install into a real API server; a `files` step into a node needs nodes.
 */
export function needsLiveCluster(step: Step): boolean {
  const kind = stepKind(step);
  if (kind === 'files') return (step as { files: { to: string } }).files.to === 'node';
  return kind === 'node' || kind === 'kubectl' || kind === 'helm' || kind === 'kustomize';
}

/** Steps that only an offline workspace runs (a live cluster has no workspace to copy into). */
export function needsOfflineWorkspace(step: Step): boolean {
  return stepKind(step) === 'files' && (step as { files: { to: string } }).files.to === 'workspace';
}

/** Host programs a step runs on the learner's machine (against kubedrill's own kubeconfig only). */
export function stepHostTools(step: Step): readonly string[] {
  return stepKind(step) === 'helm' ? ['helm'] : [];
}
