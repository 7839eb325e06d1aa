// What kind a step is, without the step schemas: the list, plan and home paths ask this of
// cached tasks and must not load zod (see src/packs/catalog-cache.ts).
import type { Step } from './step.js';

/** The name of a step's kind, for messages and dispatch. */
export function stepKind(step: Step): 'apply' | 'delete' | 'node' | 'kubectl' | 'wait' | 'answer' {
  if ('apply' in step) return 'apply';
  if ('delete' in step) return 'delete';
  if ('node' in step) return 'node';
  if ('kubectl' in step) return 'kubectl';
  if ('wait' in step) return 'wait';
  return 'answer';
}

/** Steps that need a live cluster: a task using them in setup or solution is not offline-capable. */
export function needsLiveCluster(step: Step): boolean {
  const kind = stepKind(step);
  return kind === 'node' || kind === 'kubectl';
}
