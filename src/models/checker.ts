import type { z } from 'zod';
import type { Outcome } from './outcome.js';
import type { Capability, Ports, TemplateVars } from './ports.js';

/** What a check's `run` receives besides its params. */
export interface CheckContext extends Ports {
  /** Aborted when the per-check timeout fires or the user cancels. */
  signal: AbortSignal;
  /** Real names behind the pack's logical ones (node names, answers directory). */
  vars: TemplateVars;
  /**
   * True in an offline workspace: there are no controllers, no network and no nodes, and a
   * checker that `modelsOffline` answers from the objects by Kubernetes semantics instead.
   */
  offline: boolean;
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
  /** When the capabilities depend on the params (a reachability check needs no policy enforcement); default `needs`. */
  needsFor?(params: z.infer<P>): readonly Capability[];
  /**
   * How long a check with these params may take, for checks that wait for a state (a pod
   * becoming Ready within 90 s): the engine's default deadline would end such a wait as `error`,
   * taking a failing answer out of the score.
   */
  timeoutMs?(params: z.infer<P>): number;
  /**
   * The checker grades offline by modelling behaviour from the objects (which traffic the
   * NetworkPolicies allow): offline its capability needs are waived, it runs with
   * `ctx.offline`, and its outcomes are reported as modelled.
   */
  modelsOffline?: boolean;
  run(params: z.infer<P>, ctx: CheckContext): Promise<Outcome>;
}

/** The fields every check has; everything else in a check's YAML is its checker's params. */
const COMMON_CHECK_FIELDS = new Set(['id', 'type', 'points', 'description', 'guard']);

/** A check's own params: its YAML without the common fields. */
export function checkParams(check: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(check).filter(([key]) => !COMMON_CHECK_FIELDS.has(key)));
}

/** The capabilities a check needs, from its raw params where the checker's needs depend on them. */
export function checkNeeds(checker: Checker, rawParams: unknown): readonly Capability[] {
  if (!checker.needsFor) return checker.needs;
  const parsed = checker.params.safeParse(rawParams);
  return parsed.success ? checker.needsFor(parsed.data) : checker.needs;
}

/** Helps TypeScript infer `P` when declaring a checker. */
export function defineChecker<P extends z.ZodObject>(checker: Checker<P>): Checker<P> {
  return checker;
}
