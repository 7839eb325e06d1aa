/**
 * NetworkPolicy semantics, for grading connectivity offline from the objects alone
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/). A pod is isolated
 * for a direction when a policy selecting it has that policy type; a connection is allowed iff
 * the source may send it (not egress-isolated, or an egress rule admits it) and the destination
 * may receive it (not ingress-isolated, or an ingress rule admits it).
 */
import type { K8sObject } from '../../src/models/index.js';
import { cidrContains } from './cidr.js';
import { matchesLabelSelector } from '../../src/models/label-selector.js';
import type { LabelSelector } from '../../src/models/label-selector.js';
import type { ContainerPort, PodCandidate } from './pod-candidates.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Where a connection goes: a pod, or an address outside the cluster's pods. */
export type Destination = { pod: PodCandidate } | { address: string };

/** One new connection: source pod, destination, destination port (after any Service's port mapping). */
export interface Flow {
  from: PodCandidate;
  to: Destination;
  port: number;
  protocol: Protocol;
}

/** The policies and namespace labels a verdict depends on. */
export interface PolicyWorld {
  policies: readonly K8sObject[];
  /** Labels of a namespace, `kubernetes.io/metadata.name` included. */
  namespaceLabels(namespace: string): Record<string, string>;
}

/** What the policies decide for one flow, with the rule or isolation that decided it. */
export interface FlowVerdict {
  allowed: boolean;
  /** `prod/default-deny isolates db for ingress; no ingress rule admits api:3306`, or what admitted it. */
  explanation: string;
  /** Caveats that bear on the verdict (an ipBlock that cannot match a pod without an IP). */
  notes: string[];
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface PolicyPeer {
  podSelector?: LabelSelector | null;
  namespaceSelector?: LabelSelector | null;
  ipBlock?: { cidr?: string; except?: string[] | null } | null;
}
interface PolicyRule {
  from?: PolicyPeer[] | null;
  to?: PolicyPeer[] | null;
  ports?: PolicyPort[] | null;
}
interface PolicySpec {
  podSelector?: LabelSelector | null;
  policyTypes?: string[] | null;
  ingress?: PolicyRule[] | null;
  egress?: PolicyRule[] | null;
}

type Direction = 'Ingress' | 'Egress';

const specOf = (policy: K8sObject): PolicySpec => (policy.spec ?? {}) as PolicySpec;
const policyName = (policy: K8sObject): string => `${policy.metadata?.namespace ?? 'default'}/${policy.metadata?.name ?? '?'}`;

/**
 * The policy's types: as written, else Ingress always and Egress when it has egress rules (the
 * API server's defaulting, applied here since a workspace manifest may not have it).
 */
export function policyTypes(policy: K8sObject): Direction[] {
  const spec = specOf(policy);
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes.filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  return (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Whether a policy applies to a pod: same namespace, and its podSelector (`{}` or absent = all) picks the pod. */
export function policySelects(policy: K8sObject, pod: PodCandidate): boolean {
  return (policy.metadata?.namespace ?? 'default') === pod.namespace && matchesLabelSelector(specOf(policy).podSelector ?? {}, pod.labels);
}

const isPod = (d: Destination): d is { pod: PodCandidate } => 'pod' in d;

/** The port number a policy port means, when it is a number (`3306` or `"3306"`). */
function numericPort(port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return /^\d+$/.test(port) ? Number(port) : undefined;
}

/**
 * Whether a rule's port entry covers the flow: same protocol (default TCP); no port = every port;
 * `port`..`endPort` a range; a named port is the destination pod's container port of that name.
 */
export function portMatches(entry: PolicyPort, port: number, protocol: Protocol, destinationPorts: readonly ContainerPort[]): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined || entry.port === null) return true;
  const n = numericPort(entry.port);
  if (n === undefined) return destinationPorts.some((p) => p.name === entry.port && p.protocol === protocol && p.containerPort === port);
  return entry.endPort !== undefined && entry.endPort !== null ? port >= n && port <= entry.endPort : port === n;
}

/** How a peer is named in explanations: its label, with the namespace when it differs. */
function peerLabel(peer: Destination, relativeTo: string): string {
  if (!isPod(peer)) return peer.address;
  return peer.pod.namespace === relativeTo ? peer.pod.label : `${peer.pod.namespace}/${peer.pod.label}`;
}

/**
 * Whether one peer of a rule matches: ipBlock by the address (a pod's only where it has
 * `status.podIP`); otherwise namespaceSelector AND podSelector, a missing namespaceSelector
 * meaning the policy's own namespace and `{}` meaning every namespace.
 */
function peerMatches(spec: PolicyPeer, policyNamespace: string, peer: Destination, world: PolicyWorld, notes: Set<string>): boolean {
  if (spec.ipBlock) {
    const ip = isPod(peer) ? peer.pod.ip : peer.address;
    const cidr = spec.ipBlock.cidr ?? '';
    if (ip === undefined) {
      notes.add(`ipBlock ${cidr} matches no pod without status.podIP, and ${isPod(peer) ? peer.pod.label : 'the peer'} has none here`);
      return false;
    }
    return cidrContains(cidr, ip) && !(spec.ipBlock.except ?? []).some((except) => cidrContains(except, ip));
  }
  if (!spec.podSelector && !spec.namespaceSelector) return false;
  // Selectors pick pods only: an address outside the cluster's pods is reachable by ipBlock alone.
  if (!isPod(peer)) return false;
  const namespaceOk = spec.namespaceSelector
    ? matchesLabelSelector(spec.namespaceSelector, world.namespaceLabels(peer.pod.namespace))
    : peer.pod.namespace === policyNamespace;
  return namespaceOk && (spec.podSelector ? matchesLabelSelector(spec.podSelector, peer.pod.labels) : true);
}

/** What one direction decides: open (not isolated), admitted by a named rule, or blocked with the isolating policies. */
interface DirectionVerdict {
  allowed: boolean;
  explanation: string;
}

function evaluateDirection(
  direction: Direction,
  subject: PodCandidate,
  peer: Destination,
  flow: Flow,
  world: PolicyWorld,
  notes: Set<string>,
): DirectionVerdict {
  const word = direction.toLowerCase();
  const isolating = world.policies.filter((p) => policySelects(p, subject) && policyTypes(p).includes(direction));
  if (isolating.length === 0) return { allowed: true, explanation: `no policy isolates ${subject.label} for ${word}` };
  // Named ports are the destination's: for ingress the subject's own, for egress the peer's.
  const destinationPorts = direction === 'Ingress' ? subject.ports : isPod(peer) ? peer.pod.ports : [];
  for (const policy of isolating) {
    const spec = specOf(policy);
    const rules = (direction === 'Ingress' ? spec.ingress : spec.egress) ?? [];
    const ns = policy.metadata?.namespace ?? 'default';
    for (const [i, rule] of rules.entries()) {
      const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
      const peerOk = peers.length === 0 || peers.some((p) => peerMatches(p, ns, peer, world, notes));
      const ports = rule.ports ?? [];
      const portOk = ports.length === 0 || ports.some((p) => portMatches(p, flow.port, flow.protocol, destinationPorts));
      if (peerOk && portOk) return { allowed: true, explanation: `${policyName(policy)} ${word} rule ${i + 1} admits it` };
    }
  }
  const port = flow.protocol === 'TCP' ? `${flow.port}` : `${flow.port}/${flow.protocol}`;
  const names = isolating.map(policyName).join(', ');
  return {
    allowed: false,
    explanation: `${names} ${isolating.length === 1 ? 'isolates' : 'isolate'} ${subject.label} for ${word}; no ${word} rule admits ${peerLabel(peer, subject.namespace)}:${port}`,
  };
}

/**
 * Decides one flow by the policies: the source's egress, then the destination's ingress (an
 * address outside the pods has no ingress side). Throws SelectorError for a malformed selector
 * in a policy, which the API server would have rejected.
 */
export function evaluateFlow(flow: Flow, world: PolicyWorld): FlowVerdict {
  const notes = new Set<string>();
  const egress = evaluateDirection('Egress', flow.from, flow.to, flow, world, notes);
  const ingress = isPod(flow.to) ? evaluateDirection('Ingress', flow.to.pod, { pod: flow.from }, flow, world, notes) : undefined;
  const allowed = egress.allowed && (ingress?.allowed ?? true);
  const parts = allowed
    ? [egress.explanation, ingress?.explanation]
    : [egress.allowed ? undefined : egress.explanation, ingress && !ingress.allowed ? ingress.explanation : undefined];
  return { allowed, explanation: parts.filter((p) => p !== undefined).join('; '), notes: allowed ? [] : [...notes] };
}

/** Namespace labels with the one every namespace carries; a namespace not in the workspace still has it. */
export function namespaceLabelsFrom(namespaces: readonly K8sObject[]): (namespace: string) => Record<string, string> {
  const byName = new Map(namespaces.map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}]));
  return (namespace) => ({ ...(byName.get(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace });
}
