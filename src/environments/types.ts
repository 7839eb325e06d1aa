import type { Capability, Ports, Step, TemplateVars } from '../models/index.js';

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
  /** Exact lines that reach this task's cluster and nodes (shown with the statement). */
  accessLines: readonly string[];
}
