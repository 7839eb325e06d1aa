import { compareObjects, createObjectCluster, normalizeObject } from '../../src/environments/offline/object-store.js';
import type {
  AccessQuery,
  CheckContext,
  Cluster,
  DryRunAnswer,
  DryRunOptions,
  ExecResult,
  K8sObject,
  NodeName,
  PodExec,
  TemplateVars,
} from '../../src/models/index.js';

/** Real-looking names for the logical ones, as a kind cluster named `kubedrill` has them. */
export const TEST_VARS: TemplateVars = {
  cluster: 'kubedrill',
  context: 'kind-kubedrill',
  answers: '/tmp/kubedrill-answers/task',
  nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' },
};

/** What an in-memory world holds. Everything is optional; absent parts behave as empty. */
export interface TestWorld {
  /** Objects as the API server returns them; namespaces are defaulted as the server would. */
  objects?: readonly K8sObject[];
  /** Answer files by path relative to the answers directory. */
  answers?: Record<string, string>;
  /** Files on nodes by absolute path. */
  nodeFiles?: Partial<Record<NodeName, Record<string, string>>>;
  /** Scripted node shell; default: exit 127 "no node shell in this test". */
  nodeExec?: (node: NodeName, script: string) => ExecResult | Promise<ExecResult>;
  /** Scripted pod exec; default: rejects. */
  execInPod?: (q: PodExec) => ExecResult | Promise<ExecResult>;
  /** Server-side dry-run answers; default: rejects (no API server in this test). */
  dryRun?: (manifest: string, opts: DryRunOptions) => DryRunAnswer | Promise<DryRunAnswer>;
  /** Access answers; default: RBAC over `objects`. */
  canI?: (q: AccessQuery) => boolean;
  vars?: TemplateVars;
  signal?: AbortSignal;
  /** An offline workspace (no controllers, no network); default false. */
  offline?: boolean;
}

/** How often each port method was called, for tests about caching and cost. */
export interface PortCalls {
  get: number;
  list: number;
  canI: number;
  execInPod: PodExec[];
  dryRun: { manifest: string; opts: DryRunOptions }[];
  nodeExec: { node: NodeName; script: string }[];
  readFile: { node: NodeName; path: string }[];
}

/** A CheckContext over in-memory objects and files, plus a record of calls. For tests only. */
export function testContext(world: TestWorld = {}): CheckContext & { calls: PortCalls } {
  const objects = (world.objects ?? []).map(normalizeObject).sort(compareObjects);
  const store = createObjectCluster(() => Promise.resolve(objects));
  const calls: PortCalls = { get: 0, list: 0, canI: 0, execInPod: [], dryRun: [], nodeExec: [], readFile: [] };
  const cluster: Cluster = {
    get: (ref) => {
      calls.get++;
      return store.get(ref);
    },
    list: (kind, opts) => {
      calls.list++;
      return store.list(kind, opts);
    },
    canI: async (q) => {
      calls.canI++;
      return world.canI ? world.canI(q) : store.canI(q);
    },
    execInPod: async (q) => {
      calls.execInPod.push(q);
      if (!world.execInPod) throw new Error('no pod exec in this test');
      return world.execInPod(q);
    },
    dryRun: async (manifest, opts = {}) => {
      calls.dryRun.push({ manifest, opts });
      if (!world.dryRun) throw new Error('no dry-run in this test');
      return world.dryRun(manifest, opts);
    },
  };
  return {
    cluster,
    nodes: {
      exec: async (node, script) => {
        calls.nodeExec.push({ node, script });
        if (!world.nodeExec) return { exitCode: 127, stdout: '', stderr: 'no node shell in this test' };
        return world.nodeExec(node, script);
      },
      readFile: async (node, path) => {
        calls.readFile.push({ node, path });
        return world.nodeFiles?.[node]?.[path];
      },
    },
    answers: { readFile: async (path) => world.answers?.[path] },
    signal: world.signal ?? new AbortController().signal,
    vars: world.vars ?? TEST_VARS,
    offline: world.offline ?? false,
    calls,
  };
}
