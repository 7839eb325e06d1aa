import type { K8sObject, ObjectRef } from './k8s.js';

/** Logical node names used by packs; environments map them to real node names. */
export const NODE_NAMES = ['controlplane', 'worker1', 'worker2'] as const;
export type NodeName = (typeof NODE_NAMES)[number];

/**
 * What an environment can do beyond reading objects. Checks and tasks declare what they need.
 * `helm` and `openssl` are programs on the learner's machine (environments/live/host-tools.ts).
 */
export const CAPABILITIES = ['node-shell', 'pod-exec', 'network-policy', 'can-i', 'apparmor', 'helm', 'openssl'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `kubectl auth can-i VERB RESOURCE[/SUBRESOURCE] [NAME] -n NS --as USER [--as-group G]`. */
export interface AccessQuery {
  verb: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  as: string;
  asGroups?: string[];
}

/**
 * How an object is submitted with `--dry-run=server`: admission (RBAC, PodSecurity, quotas,
 * LimitRanges, webhooks, ValidatingAdmissionPolicies, schema validation) runs in full and
 * nothing is stored.
 */
export interface DryRunOptions {
  /**
   * `create` (POST; the object must not exist yet) or `apply` (server-side apply: creates, or
   * updates an existing object such as a Node's labels). Default `create`.
   */
  operation?: 'create' | 'apply';
  /** `-n`: the namespace for an object whose manifest names none. */
  namespace?: string;
  /** Impersonated user (`--as`). */
  as?: string;
  /** Impersonated groups (`--as-group`); only together with `as`. */
  asGroups?: string[];
}

/** The API server's answer to a dry-run request. */
export interface DryRunAnswer {
  allowed: boolean;
  /** When refused: the Status reason kubectl printed (`Forbidden`, `Invalid`, `NotFound`, …), if any. */
  reason?: string;
  /** Why it was refused, or what kubectl printed when it was admitted. */
  message: string;
  /** Warnings sent with the answer (PodSecurity `warn`, a policy in `Warn` mode): never a denial. */
  warnings: string[];
}

/** Runs a command in an existing container (no shell unless the command names one). */
export interface PodExec {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  timeoutMs?: number;
}

/**
 * Objects as the API server returns them. Implementations throw when they cannot answer. An
 * error marked `clusterDown: true` (see `isClusterDown`) means the learner's cluster did not
 * answer — API server down or hung, etcd broken — and fails the check, since the cluster's state
 * is what is graded; any other error (forbidden, a kubedrill fault) leaves the check ungraded.
 * A missing object is `undefined`, not an error.
 */
export interface Cluster {
  get(ref: ObjectRef): Promise<K8sObject | undefined>;
  /** Lists objects of a kind; `namespace` omitted means all namespaces. */
  list(kind: string, opts?: { namespace?: string; labelSelector?: string }): Promise<K8sObject[]>;
  canI(q: AccessQuery): Promise<boolean>;
  execInPod(q: PodExec): Promise<ExecResult>;
  /** Submits one object (YAML or JSON) with server-side dry-run; refusals are answers, not errors. */
  dryRun(manifest: string, opts?: DryRunOptions): Promise<DryRunAnswer>;
}

/** The machines: kind node containers (or ssh hosts for an existing cluster). */
export interface Nodes {
  exec(node: NodeName, script: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
  readFile(node: NodeName, path: string): Promise<string | undefined>;
}

/** The learner's answer files, under the task's `{{answers}}` directory. */
export interface Answers {
  readFile(path: string): Promise<string | undefined>;
}

/** Values that `{{…}}` placeholders in statements, steps and checks expand to. */
export interface TemplateVars {
  cluster: string;
  context: string;
  answers: string;
  nodes: Record<NodeName, string>;
}

/** Every placeholder a pack may use. */
export const TEMPLATE_VARIABLES = [
  'cluster',
  'context',
  'answers',
  ...NODE_NAMES.map((n) => `nodes.${n}`),
] as const;

/** The read-only world that checks look at. */
export interface Ports {
  cluster: Cluster;
  nodes: Nodes;
  answers: Answers;
}

/** True for an error a port marked as "the learner's cluster did not answer" (`clusterDown: true`). */
export function isClusterDown(error: unknown): boolean {
  return error instanceof Error && (error as Error & { clusterDown?: unknown }).clusterDown === true;
}

/**
 * Thrown by a port method the environment cannot answer at all (an offline workspace has no
 * containers or nodes): the check is `unsupported` there, not failed and not a kubedrill fault.
 */
export class UnsupportedOperationError extends Error {
  override readonly name = 'UnsupportedOperationError';
}
