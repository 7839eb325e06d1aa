import { conditionTrue, isReady, type K8sObject } from '../../models/index.js';
import { lastLine, parseJsonOr } from '../../system/index.js';
import type { Kubectl } from '../live/kubectl.js';

export interface NodeHealth {
  name: string;
  ready: boolean;
  controlPlane: boolean;
}

export interface ClusterHealth {
  nodes: NodeHealth[];
  coreDnsAvailable: boolean;
  /** Why the API server could not be asked, when it could not. */
  problem?: string;
}

/** Reads node readiness and CoreDNS availability (what `--wait` does not really promise). */
export async function readHealth(kubectl: Kubectl): Promise<ClusterHealth> {
  const nodes = await kubectl.run(['get', 'nodes', '-o', 'json']);
  if (nodes.exitCode !== 0) return { nodes: [], coreDnsAvailable: false, problem: lastLine(nodes.stderr) };
  const items = (parseJsonOr(nodes.stdout, {}) as { items?: K8sObject[] }).items ?? [];
  const dns = await kubectl.run(['get', 'deployment', 'coredns', '-n', 'kube-system', '-o', 'json']);
  return { nodes: items.map(nodeHealth), coreDnsAvailable: dns.exitCode === 0 && conditionTrue(parseJsonOr(dns.stdout, {}) as K8sObject, 'Available') };
}

/** True when every expected node is Ready and CoreDNS is available. */
export function isHealthy(health: ClusterHealth, expectedNodes: number): boolean {
  return health.nodes.length >= expectedNodes && health.nodes.every((n) => n.ready) && health.coreDnsAvailable;
}

/** One progress line describing what readiness still waits for. */
export function describeHealth(health: ClusterHealth, expectedNodes: number): string {
  if (health.problem) return `waiting for the API server (${health.problem})`;
  const ready = health.nodes.filter((n) => n.ready).length;
  if (ready < expectedNodes) return `waiting for nodes: ${ready}/${expectedNodes} Ready`;
  return health.coreDnsAvailable ? `all ${expectedNodes} nodes Ready, CoreDNS available` : `nodes Ready; waiting for CoreDNS`;
}

export interface PollOptions {
  expectedNodes: number;
  timeoutMs: number;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

/** Polls until healthy or the deadline; reports each new state once. Returns the last health. */
export async function pollUntilReady(kubectl: Kubectl, options: PollOptions): Promise<{ ready: boolean; health: ClusterHealth }> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + options.timeoutMs;
  let last = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const health = await readHealth(kubectl);
    const line = describeHealth(health, options.expectedNodes);
    if (line !== last) options.onProgress?.(line);
    last = line;
    if (isHealthy(health, options.expectedNodes)) return { ready: true, health };
    if (now() >= deadline) return { ready: false, health };
    await sleep(options.intervalMs ?? 2000);
  }
}

function nodeHealth(node: K8sObject): NodeHealth {
  return {
    name: node.metadata?.name ?? '?',
    ready: isReady(node),
    controlPlane: node.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined,
  };
}
