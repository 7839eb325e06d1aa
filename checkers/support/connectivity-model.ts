/**
 * `connectivity` offline: the connection the live probe would open, decided from the objects by
 * NetworkPolicy semantics. The target is addressed as the live checker addresses it: a pod by its
 * IP, a Service by its ClusterIP (no DNS lookup), a `host` name through cluster DNS — so only a
 * host name needs egress to kube-dns (UDP 53) before the TCP connection itself.
 */
import type { Cluster, K8sObject } from '../../src/models/index.js';
import { parseIp } from './cidr.js';
import { matchesLabelMap, matchesRequirements, parseSelectorText } from '../../src/models/label-selector.js';
import { evaluateFlow, namespaceLabelsFrom } from './netpol-model.js';
import type { Destination, Flow, FlowVerdict, PolicyWorld } from './netpol-model.js';
import { candidateByName, podCandidate, podCandidates } from './pod-candidates.js';
import type { PodCandidate } from './pod-candidates.js';

/** The connection a check asks about, as `connectivity` params give it. */
export interface ConnectivityQuery {
  from: { namespace: string; pod?: string; selector?: string };
  to: { namespace?: string; pod?: string; service?: string; host?: string; port: number };
}

/** What the model concludes. `line` is the evidence after `from … to … →`. */
export type ModelResult =
  | { kind: 'allowed' | 'blocked'; source: string; target: string; line: string }
  /** The policies admit some endpoints of a Service and not others: neither answer holds every time. */
  | { kind: 'mixed'; source: string; target: string; line: string }
  /** No connection whatever the policies (no endpoints, no such Service port): refused, not blocked. */
  | { kind: 'no-connection'; source: string; target: string; line: string }
  /** A pod or Service the check names is not there: the live checker cannot test either. */
  | { kind: 'missing'; text: string }
  | { kind: 'unsupported'; reason: string };

/** Says where a missing pod is instead, as the live checker does (see pod-status `findPod`). */
export type MissingPod = (q: { namespace: string; pod?: string; selector?: string }) => Promise<string>;

const TCP = 'TCP' as const;

/** kubeadm's CoreDNS as every cluster has it, for workspaces that do not hold it. */
const COREDNS: PodCandidate = {
  namespace: 'kube-system',
  label: 'coredns (kube-dns)',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ],
  hostNetwork: false,
};
const KUBE_DNS_SERVICE: K8sObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  spec: {
    selector: { 'k8s-app': 'kube-dns' },
    clusterIP: '10.96.0.10',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
  },
};

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string> | null;
  ports?: { port?: number; protocol?: string; targetPort?: number | string; name?: string }[];
}

/** The workspace as the model reads it: candidates per namespace (with CoreDNS), services, policies. */
class NetworkView {
  private readonly candidates = new Map<string, Promise<PodCandidate[]>>();
  constructor(
    private readonly cluster: Cluster,
    readonly world: PolicyWorld,
  ) {}

  static async load(cluster: Cluster): Promise<NetworkView> {
    const [policies, namespaces] = await Promise.all([cluster.list('networkpolicies'), cluster.list('namespaces')]);
    return new NetworkView(cluster, { policies, namespaceLabels: namespaceLabelsFrom(namespaces) });
  }

  pods(namespace: string): Promise<PodCandidate[]> {
    let found = this.candidates.get(namespace);
    if (!found) {
      found = podCandidates(this.cluster, namespace, true).then((list) =>
        namespace === 'kube-system' && !list.some((c) => c.labels['k8s-app'] === 'kube-dns') ? [...list, COREDNS] : list,
      );
      this.candidates.set(namespace, found);
    }
    return found;
  }

  async service(name: string, namespace: string): Promise<K8sObject | undefined> {
    const svc = await this.cluster.get({ kind: 'service', name, namespace });
    if (svc) return svc;
    return name === 'kube-dns' && namespace === 'kube-system' ? KUBE_DNS_SERVICE : undefined;
  }

  /** The pod with this `status.podIP`; only real pods have one, never a workload's stand-in. */
  async podByIp(ip: string): Promise<PodCandidate | undefined> {
    const pod = (await this.cluster.list('pods')).find((p) => (p.status as { podIP?: string } | undefined)?.podIP === ip);
    return pod ? podCandidate(pod) : undefined;
  }

  services(): Promise<K8sObject[]> {
    return this.cluster.list('services');
  }
}

/** The connections one target stands for: one per endpoint, or why none exists. */
type Endpoints = { flows: { to: Destination; port: number; label: string }[]; target: string } | { none: string; target: string } | { unsupported: string } | { missing: string };

const specOf = (svc: K8sObject): ServiceSpec => (svc.spec ?? {}) as ServiceSpec;
const svcName = (svc: K8sObject): string => `${svc.metadata?.name}.${svc.metadata?.namespace ?? 'default'}`;

/**
 * A Service's endpoints for `port` as kube-proxy would pick them: the pods its selector picks,
 * on the Service port's targetPort (a number, or a container port name resolved per pod). A
 * headless Service (`direct`) is not proxied: the name resolves to the pods, dialled on `port`.
 */
async function serviceEndpoints(view: NetworkView, svc: K8sObject, port: number, direct: boolean): Promise<Endpoints> {
  const spec = specOf(svc);
  const ns = svc.metadata?.namespace ?? 'default';
  const target = `${svcName(svc)}:${port}`;
  if (spec.type === 'ExternalName') return { unsupported: `service ${svcName(svc)} is an ExternalName alias for a host outside the workspace` };
  if (!spec.selector || Object.keys(spec.selector).length === 0) {
    return { unsupported: `service ${svcName(svc)} has no selector: its endpoints are kept by hand, which the offline model does not read` };
  }
  const selector = spec.selector;
  const backends = (await view.pods(ns)).filter((c) => matchesLabelMap(selector, c.labels));
  if (backends.length === 0) return { none: `service ${svcName(svc)} selects no pods, so it has no endpoints: a connection is refused, not blocked by a policy`, target };
  if (direct || spec.clusterIP === 'None') return { flows: backends.map((b) => ({ to: { pod: b }, port, label: b.label })), target };
  const svcPort = (spec.ports ?? []).find((p) => p.port === port && (p.protocol ?? TCP) === TCP);
  if (!svcPort) {
    const has = (spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? TCP}`).join(', ') || 'none';
    return { none: `service ${svcName(svc)} has no TCP port ${port} (its ports: ${has})`, target };
  }
  const flows = backends.flatMap((b) => {
    const tp = svcPort.targetPort ?? port;
    const number = typeof tp === 'number' ? tp : /^\d+$/.test(tp) ? Number(tp) : b.ports.find((cp) => cp.name === tp && cp.protocol === TCP)?.containerPort;
    return number === undefined ? [] : [{ to: { pod: b }, port: number, label: b.label }];
  });
  if (flows.length === 0) return { none: `no pod of service ${svcName(svc)} has a container port named ${String(svcPort.targetPort)}: the Service has no endpoints on port ${port}`, target };
  return { flows, target };
}

/** A cluster DNS name as the pod's resolver (search path `<ns>.svc.cluster.local`, `svc.cluster.local`, `cluster.local`) would read it. */
type DnsName = { service: string; namespace: string } | { hostname: string; subdomain: string; namespace: string } | { unknown: true; inCluster: boolean };

/** Reads `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]` and `host.subdomain.ns.svc[.cluster.local]`. */
export function readDnsName(host: string, fromNamespace: string): DnsName {
  const name = host.toLowerCase().replace(/\.$/, '');
  const suffix = ['.svc.cluster.local', '.svc'].find((s) => name.endsWith(s));
  if (suffix) {
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 2) return { service: parts[0] ?? '', namespace: parts[1] ?? '' };
    if (parts.length === 3) return { hostname: parts[0] ?? '', subdomain: parts[1] ?? '', namespace: parts[2] ?? '' };
    return { unknown: true, inCluster: true };
  }
  if (name.endsWith('.cluster.local')) return { unknown: true, inCluster: true };
  const parts = name.split('.');
  if (parts.length === 1) return { service: name, namespace: fromNamespace };
  if (parts.length === 2) return { service: parts[0] ?? '', namespace: parts[1] ?? '' };
  return { unknown: true, inCluster: false };
}

/** The connections a host name stands for once resolved, or why it does not resolve. */
async function nameEndpoints(view: NetworkView, host: string, port: number, fromNamespace: string): Promise<Endpoints | { nxdomain: string }> {
  const dns = readDnsName(host, fromNamespace);
  if ('unknown' in dns) {
    return dns.inCluster
      ? { nxdomain: `${host} is not a Service or pod name the cluster DNS serves` }
      : { unsupported: `${host} is not a Service name in the workspace; whether it resolves and answers is outside the offline model` };
  }
  // Whether a name without the cluster suffix could still be an outside one (`db.example`).
  const qualified = /\.svc(\.cluster\.local)?\.?$/.test(host.toLowerCase());
  if ('service' in dns) {
    if (dns.service === 'kubernetes' && dns.namespace === 'default') return { unsupported: 'the kubernetes Service is the API server, not a pod; not modelled' };
    const svc = await view.service(dns.service, dns.namespace);
    if (!svc) {
      return qualified
        ? { nxdomain: `no service ${dns.service} in namespace ${dns.namespace}` }
        : { unsupported: `${host} is not a Service name in the workspace; whether it resolves and answers is outside the offline model` };
    }
    const endpoints = await serviceEndpoints(view, svc, port, specOf(svc).clusterIP === 'None');
    // A headless Service without pods has no DNS records at all.
    if ('none' in endpoints && specOf(svc).clusterIP === 'None') return { nxdomain: endpoints.none };
    return endpoints;
  }
  // `<hostname>.<subdomain>.<ns>.svc`: a pod whose hostname and subdomain match, published by a headless Service named as the subdomain.
  const pods = await view.pods(dns.namespace);
  // A StatefulSet's pods are named and hostnamed `<sts>-<ordinal>`, with its serviceName as subdomain.
  const ordinal = candidateByName(pods, dns.hostname);
  const pod =
    pods.find((c) => c.podName !== undefined && c.hostname === dns.hostname && c.subdomain === dns.subdomain) ??
    (ordinal?.workload?.kind === 'StatefulSet' && ordinal.subdomain === dns.subdomain ? ordinal : undefined);
  if (!pod) return { nxdomain: `no pod with hostname ${dns.hostname} and subdomain ${dns.subdomain} in namespace ${dns.namespace}` };
  const svc = await view.service(dns.subdomain, dns.namespace);
  const selector = svc ? specOf(svc).selector : undefined;
  if (!svc || specOf(svc).clusterIP !== 'None' || !selector || !matchesLabelMap(selector, pod.labels)) {
    return { nxdomain: `pod DNS names need a headless service ${dns.subdomain} in namespace ${dns.namespace} selecting ${pod.label}` };
  }
  return { flows: [{ to: { pod }, port, label: pod.label }], target: `${host}:${port}` };
}

/** Whether the source can reach kube-dns on UDP 53: resolving a name needs it before anything else. */
async function dnsVerdict(view: NetworkView, source: PodCandidate): Promise<FlowVerdict> {
  const servers = (await view.pods('kube-system')).filter((c) => c.labels['k8s-app'] === 'kube-dns');
  const verdicts = servers.map((s) => evaluateFlow({ from: source, to: { pod: s }, port: 53, protocol: 'UDP' }, view.world));
  return verdicts.find((v) => v.allowed) ?? verdicts[0] ?? { allowed: false, explanation: 'no kube-dns pod', notes: [] };
}

const withNotes = (v: FlowVerdict): string => (v.notes.length > 0 ? `${v.explanation} (${v.notes.join('; ')})` : v.explanation);

/** The source pod: by name (or a workload's stand-in), else the first pod a selector picks, pods before workloads. */
async function findSource(view: NetworkView, from: ConnectivityQuery['from']): Promise<PodCandidate | undefined> {
  const pods = await view.pods(from.namespace);
  if (from.pod !== undefined) return candidateByName(pods, from.pod);
  const requirements = parseSelectorText(from.selector ?? '');
  return pods.find((c) => matchesRequirements(requirements, c.labels));
}

/** Where the probe would connect: the endpoints behind a pod, Service or host. */
async function findTarget(view: NetworkView, q: ConnectivityQuery, missingPod: MissingPod): Promise<Endpoints | { nxdomain: string; target: string }> {
  const ns = q.to.namespace ?? q.from.namespace;
  const port = q.to.port;
  if (q.to.pod !== undefined) {
    const pod = candidateByName(await view.pods(ns), q.to.pod);
    if (!pod) return { missing: await missingPod({ namespace: ns, pod: q.to.pod }) };
    return { flows: [{ to: { pod }, port, label: pod.label }], target: `${ns}/${pod.label}:${port}` };
  }
  if (q.to.service !== undefined) {
    const svc = await view.service(q.to.service, ns);
    if (!svc) return { missing: `no service ${q.to.service} in namespace ${ns}` };
    if (specOf(svc).clusterIP === 'None') return { unsupported: `service ${q.to.service} in namespace ${ns} has no cluster IP (headless), so the live check cannot dial it either` };
    return serviceEndpoints(view, svc, port, false);
  }
  const host = q.to.host ?? '';
  const target = `${host}:${port}`;
  if (parseIp(host)) {
    const svc = (await view.services()).find((s) => specOf(s).clusterIP === host);
    if (svc) return { ...(await serviceEndpoints(view, svc, port, false)), target };
    const pod = await view.podByIp(host);
    if (pod) return { flows: [{ to: { pod }, port, label: pod.label }], target };
    return { flows: [{ to: { address: host }, port, label: host }], target };
  }
  const named = await nameEndpoints(view, host, port, q.from.namespace);
  return 'nxdomain' in named ? { ...named, target } : 'target' in named ? { ...named, target } : named;
}

/**
 * Models the connection the live probe would open. Throws SelectorError for a policy with a
 * malformed selector (the API server would have refused it).
 */
export async function modelConnectivity(cluster: Cluster, q: ConnectivityQuery, missingPod: MissingPod): Promise<ModelResult> {
  const view = await NetworkView.load(cluster);
  const source = await findSource(view, q.from);
  if (!source) return { kind: 'missing', text: await missingPod(q.from) };
  if (source.hostNetwork) return { kind: 'unsupported', reason: `${source.label} uses the host network, which NetworkPolicies do not govern` };
  const from = `${source.namespace}/${source.label}`;

  // A name is looked up before anything is dialled: without DNS the probe fails whatever the name.
  if (q.to.host !== undefined && !parseIp(q.to.host)) {
    const dns = await dnsVerdict(view, source);
    if (!dns.allowed) return { kind: 'blocked', source: from, target: `${q.to.host}:${q.to.port}`, line: `the name cannot be resolved: ${withNotes(dns)}` };
  }
  const endpoints = await findTarget(view, q, missingPod);
  if ('missing' in endpoints) return { kind: 'missing', text: endpoints.missing };
  if ('unsupported' in endpoints) return { kind: 'unsupported', reason: endpoints.unsupported };
  const target = endpoints.target;
  if ('nxdomain' in endpoints) return { kind: 'blocked', source: from, target, line: `the name does not resolve: ${endpoints.nxdomain}` };
  if ('none' in endpoints) return { kind: 'no-connection', source: from, target, line: endpoints.none };

  const verdicts = endpoints.flows.map((f) => ({ ...f, verdict: evaluateFlow({ from: source, to: f.to, port: f.port, protocol: TCP } satisfies Flow, view.world) }));
  const allowed = verdicts.filter((v) => v.verdict.allowed);
  const blocked = verdicts.filter((v) => !v.verdict.allowed);
  const external = verdicts.length === 1 && !('pod' in (verdicts[0]?.to ?? {}));
  const one = (v: (typeof verdicts)[number]): string => (verdicts.length > 1 ? `${v.label}:${v.port}: ${withNotes(v.verdict)}` : withNotes(v.verdict));
  if (blocked.length === 0) {
    if (external) {
      return { kind: 'unsupported', reason: `${host(q)} is outside the workspace's pods; no policy blocks egress to it (${one(verdicts[0]!)}), but whether it answers cannot be modelled` };
    }
    return { kind: 'allowed', source: from, target, line: allowed.map(one).join('; ') };
  }
  if (allowed.length === 0) return { kind: 'blocked', source: from, target, line: blocked.map(one).join('; ') };
  return {
    kind: 'mixed',
    source: from,
    target,
    line: `allowed to ${allowed.map((v) => v.label).join(', ')} but blocked to ${blocked.map(one).join('; ')}: a new connection's fate depends on the endpoint it lands on`,
  };
}

const host = (q: ConnectivityQuery): string => q.to.host ?? '';
