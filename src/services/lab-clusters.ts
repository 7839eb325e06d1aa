// The lab clusters of a main cluster (`<main>-lab1`, `<main>-lab2`, …), for whatever must say
// that they still run: `cluster status`, doctor, and the end or abandonment of an exam. Kept off
// zod and the models (like home-session.ts) so the home screen may call it before its first frame.
import { labClustersOf, listKindClusters } from '../environments/kind/kind-cli.js';
import { DEFAULT_CLUSTER } from '../environments/kind/paths.js';
import { createDebugLog, createProcessRunner, type ProcessRunner } from '../system/index.js';

/** What every cluster use case needs from the outside. */
export interface ClusterContext {
  env: NodeJS.ProcessEnv;
  /** `--debug FILE`: every command with its duration and exit code. */
  debugFile?: string;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  /** Tests inject a runner with stub executables first on PATH. */
  runner?: ProcessRunner;
}

/** The process runner for a command run: this process's env, plus the debug log when asked. */
export function runnerFor(ctx: ClusterContext): ProcessRunner {
  return ctx.runner ?? createProcessRunner({ env: ctx.env, ...(ctx.debugFile ? { log: createDebugLog(ctx.debugFile) } : {}) });
}

/**
 * The lab clusters of `main` that exist now, by lab number, read from `kind get clusters`. Only
 * exact `<main>-labN` names (N ≥ 1, no leading zero): another kind cluster of the learner's, or
 * `<main>-labx`, `other-lab1`, is never listed. Throws kind's errors as UserErrors (Docker down,
 * kind missing); pair it with `labClustersNotice` to tell the learner.
 */
export async function labClusters(ctx: ClusterContext, main: string = DEFAULT_CLUSTER): Promise<string[]> {
  return labClustersOf(main, await listKindClusters(runnerFor(ctx), ctx.signal));
}

/** One line saying which lab clusters of `main` still exist and how to delete them; undefined when none. */
export function labClustersNotice(main: string, labs: readonly string[]): string | undefined {
  if (labs.length === 0) return undefined;
  const flag = main === DEFAULT_CLUSTER ? '' : ` --cluster ${main}`;
  const which = labs.length === 1 ? `lab cluster ${labs[0] ?? ''} still exists and uses` : `${labs.length} lab clusters still exist (${labs.join(', ')}) and use`;
  return `${which} memory: \`kubedrill cluster down --all${flag}\` deletes ${labs.length === 1 ? 'it' : 'them'} and ${main}; \`kubedrill cluster down --cluster ${labs[0] ?? ''}\` deletes one`;
}
