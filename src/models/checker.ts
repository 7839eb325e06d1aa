import type { z } from 'zod';
import type { Outcome } from './outcome.js';
import type { Capability, Ports, TemplateVars } from './ports.js';

/** What a check's `run` receives besides its params. */
export interface CheckContext extends Ports {
  /** Aborted when the per-check timeout fires or the user cancels. */
  signal: AbortSignal;
  /** Real names behind the pack's logical ones (node names, answers directory). */
  vars: TemplateVars;
}

/**
 * A grading module (one file per type in `checkers/`). `params` is the strict zod schema of the
 * check's own fields — everything in the YAML except `id`, `type`, `points`, `description`.
 */
export interface Checker<P extends z.ZodObject = z.ZodObject> {
  type: string;
  /** One line for `pack schema` and docs. */
  summary: string;
  params: P;
  /** Capabilities the environment must have; otherwise the check is `unsupported` there. */
  needs: readonly Capability[];
  run(params: z.infer<P>, ctx: CheckContext): Promise<Outcome>;
}

/** Helps TypeScript infer `P` when declaring a checker. */
export function defineChecker<P extends z.ZodObject>(checker: Checker<P>): Checker<P> {
  return checker;
}
