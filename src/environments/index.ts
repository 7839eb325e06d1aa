import type { Task } from '../models/index.js';
import { UsageError } from '../errors.js';
import { CLUSTER_NAME, CLUSTER_NAME_RULE } from './kind/paths.js';
import type { Environment } from './types.js';

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
  /** The process environment for kind, kubectl and docker (PATH) and the data dir (KUBEDRILL_HOME). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export const DEFAULT_CLUSTER = 'kubedrill';

/**
 * Opens the environment the learner chose. Live adapters are imported only when needed, so
 * offline use never loads them.
 */
export async function openEnvironment(choice: EnvironmentChoice, options: OpenOptions = {}): Promise<Environment> {
  if (choice.offline !== undefined) {
    const { openOfflineEnvironment } = await import('./offline/index.js');
    return openOfflineEnvironment(choice.offline);
  }
  const [kind, { createDebugLog }] = await Promise.all([import('./kind/index.js'), import('../system/index.js')]);
  const common = {
    ...(options.env ? { env: options.env } : {}),
    ...(choice.debugLog ? { debugLog: createDebugLog(choice.debugLog) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (choice.context !== undefined) {
    return kind.openContextEnvironment({
      ...common,
      context: choice.context,
      ...(choice.kubeconfig ? { kubeconfig: choice.kubeconfig } : {}),
      ...(choice.nodeSsh ? { nodeSsh: choice.nodeSsh } : {}),
    });
  }
  return kind.openKindEnvironment({
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

/** The parseArgs spec of the options that choose an environment, shared by every command that grades. */
export const ENVIRONMENT_OPTIONS = {
  offline: { type: 'string' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  'node-ssh': { type: 'string' },
  cluster: { type: 'string' },
  debug: { type: 'string' },
} as const;

/** Maps parsed option values to a choice (kebab-case option names to fields). */
export function environmentChoice(values: {
  offline?: string | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
  'node-ssh'?: string | undefined;
  cluster?: string | undefined;
  debug?: string | undefined;
}): EnvironmentChoice {
  const choice: EnvironmentChoice = {};
  if (values.offline !== undefined) choice.offline = values.offline;
  if (values.context !== undefined) choice.context = values.context;
  if (values.kubeconfig !== undefined) choice.kubeconfig = values.kubeconfig;
  if (values['node-ssh'] !== undefined) choice.nodeSsh = values['node-ssh'];
  if (values.cluster !== undefined) {
    if (!CLUSTER_NAME.test(values.cluster)) throw new UsageError(`--cluster: "${values.cluster}" is not a cluster name`, [CLUSTER_NAME_RULE]);
    choice.cluster = values.cluster;
  }
  if (values.debug !== undefined) choice.debugLog = values.debug;
  return choice;
}
