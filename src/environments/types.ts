import type { Capability, Ports, Step, Task, TemplateVars } from '../models/index.js';

/**
 * Which environment this is — the kind cluster, a named context, or the offline workspace — not a
 * Kubernetes object kind. Callers outside environments/ read `Environment.kind`.
 */
export type EnvironmentKind = 'kind' | 'context' | 'offline';

/**
 * Where tasks run and checks look: a kind cluster, a context the learner named, or an offline
 * workspace. Services hold one of these and never know which.
 */
export interface Environment {
  kind: EnvironmentKind;
  /** One line for the learner: "kind cluster kubedrill (context kind-kubedrill)". */
  label: string;
  capabilities: ReadonlySet<Capability>;
  /** Why a capability is absent (the NetworkPolicy probe's finding, no node access), shown when a task needing it is refused. */
  unavailable?: Partial<Record<Capability, string>>;
  /** Opens the per-task view (creates the task's answers directory). */
  openTask(taskId: string): Promise<TaskWorld>;
  /** Where a shell reaches this environment when no task is named (`kubedrill env` without a task id). */
  terminal: TaskTerminal;
  /**
   * Brings the cluster back to the state it was made in before a task's setup: nodes uncordoned,
   * taints, node labels, kubelet files and static pod manifests as they were, objects made since
   * deleted (kind/baseline.ts). Returns one line per change. Only where kubedrill made the cluster
   * (kind); absent on a context the learner named and offline, where each task's own reset is all.
   */
  restoreBaseline?(signal?: AbortSignal): Promise<string[]>;
  /**
   * Gives the cluster what a task's `environment` asks for before its setup: add-ons (installed
   * once per cluster) and images (loaded into kind's nodes). Live environments only.
   */
  prepareTask?(task: Pick<Task, 'environment'>, signal?: AbortSignal): Promise<void>;
}

/**
 * What puts a learner's shell where a task runs, as the exam's terminal is (the `!` key, `kubedrill
 * env`). Only kubedrill's own files are named: the learner's kubeconfig and its current context are
 * never changed, and a shell on it never needs `kubectl config use-context`.
 */
export interface TaskTerminal {
  /** Variables that reach the task's cluster: KUBECONFIG on a kubeconfig whose current context is the task's. Empty offline. */
  env: Readonly<Record<string, string>>;
  /** Where the shell starts (offline: the workspace, whose files are the cluster). */
  cwd?: string;
  /** The one line shown at the top of the task, as the exam shows each question's context line (live: pasteable). */
  contextLine: string;
}

/** One task's view of an environment. */
export interface TaskWorld {
  vars: TemplateVars;
  ports: Ports;
  /** Runs one setup/solution/near-miss step; the step's `{{…}}` are already expanded. */
  runStep(step: Step, signal?: AbortSignal): Promise<void>;
  /** Removes what earlier steps and the learner left (workspace objects, answer files) before setup runs again. */
  reset(): Promise<void>;
  /**
   * Why parts of the cluster state are missing, one `file:line:col: message` each (offline: a
   * manifest that does not parse or that kubectl would reject; the file is relative to the
   * workspace). Absent where the cluster itself is the state.
   */
  problems?(): Promise<string[]>;
  /** Exact lines that reach this task's nodes, beside `terminal.contextLine` (shown with the statement). */
  accessLines: readonly string[];
  /** The shell setup for this task (its context line, KUBECONFIG, working directory). */
  terminal: TaskTerminal;
}
