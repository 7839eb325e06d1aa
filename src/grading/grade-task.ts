import type { z } from 'zod';
import type { Capability, CheckResult, CheckSpec, Checker, Outcome, Ports, Task, TaskReport, TemplateVars } from '../models/index.js';
import { checkParams, errored, failed, isClusterDown, unsupported, UnsupportedOperationError } from '../models/index.js';
import { expandTemplates } from '../templating.js';
import { cachingCluster, type CachingCluster } from './caching-cluster.js';
import { genericSummary } from './summary.js';

/** What grading looks at: a task world's ports and names, and what the environment can do. */
export interface GradingWorld {
  ports: Ports;
  vars: TemplateVars;
  capabilities: ReadonlySet<Capability>;
  /** An offline workspace: checkers that model behaviour (`modelsOffline`) grade from the objects. */
  offline?: boolean;
  /** Why parts of the state are missing (offline: files that do not parse); shown in the report. */
  problems?: () => Promise<string[]>;
}

/** What grading looks at in a task world of an environment. */
export function gradingWorld(
  environment: { capabilities: ReadonlySet<Capability>; kind: string },
  world: { ports: Ports; vars: TemplateVars; problems?: () => Promise<string[]> },
): GradingWorld {
  return {
    ports: world.ports,
    vars: world.vars,
    capabilities: environment.capabilities,
    offline: environment.kind === 'offline',
    ...(world.problems ? { problems: () => world.problems?.() ?? Promise.resolve([]) } : {}),
  };
}

export interface GradeOptions {
  /** Checks running at once; default 4. */
  concurrency?: number;
  /** Per check; default 30 000 ms, or longer where a checker says its params need it. A check that takes longer ends `error`. */
  checkTimeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each check finishes (in completion order). */
  onProgress?: (checkId: string, outcome: Outcome) => void;
  /** Clock for durations; default Date.now. */
  now?: () => number;
}

/** A zod issue as a pack author reads it: `params.path: message`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

class CheckTimeout extends Error {}

/** Runs `work` with a deadline and the caller's signal; the check sees one combined signal. */
async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new CheckTimeout(`timed out after ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${timeoutMs / 1000}s`}`);
      // Settle first, so a check that resolves on abort cannot win the race.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
    onAbort = () => {
      const error = new Error('grading was cancelled');
      reject(error);
      controller.abort(error);
    };
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

/** Grades one check; never throws. */
async function gradeCheck(
  spec: CheckSpec,
  world: GradingWorld,
  cache: CachingCluster,
  byType: ReadonlyMap<string, Checker>,
  opts: Required<Pick<GradeOptions, 'checkTimeoutMs'>> & GradeOptions,
): Promise<Outcome> {
  const checker = byType.get(spec.type);
  if (!checker) return errored(`unknown check type "${spec.type}"; known: ${[...byType.keys()].join(', ')}`);
  const raw = checkParams(spec);
  let params: unknown;
  try {
    params = expandTemplates(raw, world.vars);
  } catch (error) {
    return errored(`check ${spec.id}: ${(error as Error).message}`);
  }
  const parsed = checker.params.safeParse(params);
  if (!parsed.success) return errored(`invalid ${spec.type} params: ${describeIssues(parsed.error)}`);
  const data = parsed.data as z.infer<typeof checker.params>;
  const modelled = world.offline === true && checker.modelsOffline === true;
  const needs = modelled ? [] : (checker.needsFor?.(data) ?? checker.needs);
  const missing = needs.filter((c) => !world.capabilities.has(c));
  if (missing.length > 0) return unsupported(`needs ${missing.join(', ')}, which this environment does not offer`);
  try {
    return await withDeadline(
      (signal) =>
        checker.run(data, {
          cluster: cache.view(),
          nodes: world.ports.nodes,
          answers: world.ports.answers,
          vars: world.vars,
          offline: world.offline === true,
          signal,
        }),
      Math.max(opts.checkTimeoutMs, checker.timeoutMs?.(data) ?? 0),
      opts.signal,
    );
  } catch (error) {
    if (error instanceof UnsupportedOperationError) return unsupported(error.message);
    // The cluster's state is what is graded: an API server the learner left down fails the check.
    if (isClusterDown(error)) {
      const down = `API server unreachable: ${(error as Error).message}`;
      return failed('an answer from the cluster', down, { summary: down });
    }
    return errored(error instanceof Error ? error.message : String(error));
  }
}

/** The summary shown before the solution: the checker's own, else one derived from the check's params. */
function summaryFor(spec: CheckSpec, vars: TemplateVars): string {
  let params: Record<string, unknown>;
  try {
    params = expandTemplates(checkParams(spec), vars);
  } catch {
    params = checkParams(spec);
  }
  return genericSummary(params, vars);
}

function toResult(spec: CheckSpec, outcome: Outcome, durationMs: number, modelled: boolean, vars: TemplateVars): CheckResult {
  const result: CheckResult = {
    id: spec.id,
    type: spec.type,
    status: outcome.status,
    points: spec.points,
    earned: outcome.status === 'passed' ? spec.points : 0,
    durationMs,
  };
  if (spec.guard === true) result.guard = true;
  if (modelled && (outcome.status === 'passed' || outcome.status === 'failed')) result.modelled = true;
  if (spec.description !== undefined) result.description = spec.description;
  if (outcome.status === 'passed' && outcome.evidence !== undefined) result.evidence = outcome.evidence;
  if (outcome.status === 'failed') {
    result.expected = outcome.expected;
    result.actual = outcome.actual;
    if (outcome.hint !== undefined) result.hint = outcome.hint;
    result.summary = outcome.summary ?? summaryFor(spec, vars);
  }
  if (outcome.status === 'error' || outcome.status === 'unsupported') result.reason = outcome.reason;
  return result;
}

/**
 * Sums a task's check results; what could not be graded is left out of `possible` (and makes the
 * report incomplete). A failed guard zeroes the task: collateral damage undoes the work.
 */
export function scoreChecks(checks: readonly CheckResult[]): Pick<TaskReport, 'score' | 'ungraded' | 'guardsFailed'> {
  const graded = checks.filter((c) => c.status === 'passed' || c.status === 'failed');
  const guardsFailed = checks.filter((c) => c.guard === true && c.status === 'failed').map((c) => c.id);
  const earned = guardsFailed.length > 0 ? 0 : graded.reduce((sum, c) => sum + c.earned, 0);
  const possible = graded.reduce((sum, c) => sum + c.points, 0);
  const ungraded = checks.filter((c) => c.status === 'error' || c.status === 'unsupported').reduce((sum, c) => sum + c.points, 0);
  const percent = possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10;
  return { score: { earned, possible, percent }, ungraded, ...(guardsFailed.length > 0 ? { guardsFailed } : {}) };
}

/**
 * Grades a task's checks against a world (the README, Writing a pack): each check's placeholders are expanded,
 * its params validated by its checker's schema, and it runs with a timeout — a bad param, a
 * missing capability, a timeout or a thrown error becomes that check's `error`/`unsupported`
 * outcome, never a crash. Reads go through one cache per run (about one list per kind).
 */
export async function gradeTask(
  task: Task,
  world: GradingWorld,
  checkers: readonly Checker[],
  options: GradeOptions = {},
): Promise<TaskReport> {
  const opts = { checkTimeoutMs: 30_000, ...options };
  const now = opts.now ?? Date.now;
  const byType = new Map(checkers.map((c) => [c.type, c] as const));
  const cache = cachingCluster(world.ports.cluster);
  const specs = task.checks as CheckSpec[];
  const results: CheckResult[] = new Array<CheckResult>(specs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const index = next++;
      const spec = specs[index];
      if (!spec) continue;
      const started = now();
      const outcome = await gradeCheck(spec, world, cache, byType, opts);
      const modelled = world.offline === true && byType.get(spec.type)?.modelsOffline === true;
      results[index] = toResult(spec, outcome, Math.max(0, now() - started), modelled, world.vars);
      opts.onProgress?.(spec.id, outcome);
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 4, specs.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  const problems = (await world.problems?.()) ?? [];
  return {
    formatVersion: 1,
    task: { id: task.metadata.id, title: task.metadata.title },
    ...scoreChecks(results),
    ...(problems.length > 0 ? { problems } : {}),
    checks: results,
  };
}
