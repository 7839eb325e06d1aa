import type { Task } from '../models/index.js';
import { DEFAULT_CLUSTER } from './kind/paths.js';
import type { Environment } from './types.js';

export { DEFAULT_CLUSTER };

/** Where a command's tasks run: an offline workspace, a context the learner named, or kind. */
export interface EnvironmentChoice {
  /** Workspace directory: manifests stand in for the cluster. */
  offline?: string;
  /** An existing kubeconfig context the learner names (never the current one implicitly). */
  context?: string;
  kubeconfig?: string;
  /** Command template to reach a node of an existing cluster, e.g. `ssh {node}`. */
  nodeSsh?: string;
  /** The kind cluster kubedrill created (default `kubedrill`). */
  cluster?: string;
  /** File that records every external command with its duration (`--debug FILE`). */
  debugLog?: string;
}

/** How a live environment opens: the topology asked for, whether to create it, and who hears its progress. */
export interface OpenOptions {
  /** Workers the tasks to run need (0–2, default 2): a smaller existing kind cluster is refused. */
  workers?: number;
  /** Create the kind cluster when it does not exist (default true; `check` grades what exists). */
  create?: boolean;
  /** Run the NetworkPolicy deny-all probe (default true); `kubedrill env` grades nothing and skips it. */
  probeNetworkPolicy?: boolean;
  /** The process environment for kind, kubectl and docker (PATH) and the data dir (KUBEDRILL_HOME). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Opens the environment the learner chose: `--offline DIR`, else `--context NAME`, else the kind
 * cluster. Each is imported only when chosen, so offline use never loads the live adapters.
 */
export async function openEnvironment(choice: EnvironmentChoice, options: OpenOptions = {}): Promise<Environment> {
  if (choice.offline !== undefined) {
    const { openOfflineEnvironment } = await import('./offline/index.js');
    return openOfflineEnvironment(choice.offline);
  }
  const { createDebugLog } = await import('../system/index.js');
  const common = {
    ...(options.env ? { env: options.env } : {}),
    ...(choice.debugLog ? { debugLog: createDebugLog(choice.debugLog) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.probeNetworkPolicy !== undefined ? { probeNetworkPolicy: options.probeNetworkPolicy } : {}),
  };
  if (choice.context !== undefined) {
    const { openContextEnvironment } = await import('./context/index.js');
    return openContextEnvironment({
      ...common,
      context: choice.context,
      ...(choice.kubeconfig ? { kubeconfig: choice.kubeconfig } : {}),
      ...(choice.nodeSsh ? { nodeSsh: choice.nodeSsh } : {}),
    });
  }
  const { openKindEnvironment } = await import('./kind/index.js');
  return openKindEnvironment({
    ...common,
    cluster: choice.cluster ?? DEFAULT_CLUSTER,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.create !== undefined ? { create: options.create } : {}),
  });
}

/** The topology the selected tasks need: the largest worker count any of them asks for (0–2). */
export function workersNeeded(tasks: readonly Task[]): number {
  return Math.min(2, Math.max(0, ...tasks.map((t) => t.environment.workers)));
}

/**
 * Before a task's setup: the cluster back to its baseline (where kubedrill made it), then the
 * add-ons and images the task needs. The baseline's lines are dropped here: a drill screen owns
 * the terminal, and a self-test reports by phase (an exam prints them, exam-start.ts).
 */
export async function prepareClusterFor(environment: Environment, task: Task, signal?: AbortSignal): Promise<void> {
  await environment.restoreBaseline?.(signal);
  await environment.prepareTask?.(task, signal);
}

