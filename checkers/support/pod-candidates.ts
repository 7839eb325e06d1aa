import type { Cluster, K8sObject } from '../../src/models/index.js';

/** A container port as a pod spec declares it; protocol defaults to TCP as the API server does. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

/**
 * A pod a selector could pick. Live, every candidate is a real pod. Offline there are no
 * controllers, so a workload stands for the pods it would create through its pod template's
 * labels; `label` then reads `deployment/web (its pods)`.
 */
export interface PodCandidate {
  namespace: string;
  /** How messages name it: `web-1`, or `deployment/web (its pods)`. */
  label: string;
  /** The pod's name; absent for a workload standing for its pods. */
  podName?: string;
  /** The workload standing for its pods (offline only). */
  workload?: { kind: string; name: string; replicas: number; serviceName?: string };
  labels: Record<string, string>;
  /** `status.podIP`, where the object has one (offline pods usually do not). */
  ip?: string;
  ports: ContainerPort[];
  hostNetwork: boolean;
  /** DNS hostname and subdomain (`<hostname>.<subdomain>.<ns>.svc`), where the pod has them. */
  hostname?: string;
  subdomain?: string;
}

/** Workload kinds that stand for their pods offline, and where their pod template is. */
const WORKLOADS: readonly { kind: string; list: string; template: (spec: Spec) => Template | undefined }[] = [
  { kind: 'Deployment', list: 'deployments', template: (s) => s.template },
  { kind: 'StatefulSet', list: 'statefulsets', template: (s) => s.template },
  { kind: 'DaemonSet', list: 'daemonsets', template: (s) => s.template },
  { kind: 'ReplicaSet', list: 'replicasets', template: (s) => s.template },
  { kind: 'ReplicationController', list: 'replicationcontrollers', template: (s) => s.template },
  { kind: 'Job', list: 'jobs', template: (s) => s.template },
  { kind: 'CronJob', list: 'cronjobs', template: (s) => s.jobTemplate?.spec?.template },
];

interface PodSpec {
  containers?: { ports?: { name?: string; containerPort?: number; protocol?: string }[] }[];
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
}
interface Template {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}
interface Spec {
  template?: Template;
  jobTemplate?: { spec?: { template?: Template } };
  replicas?: number;
  serviceName?: string;
}

function portsOf(spec: PodSpec | undefined): ContainerPort[] {
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => typeof p.containerPort === 'number')
      .map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), containerPort: p.containerPort as number, protocol: p.protocol ?? 'TCP' })),
  );
}

/** A real (or workspace) pod as a candidate. */
export function podCandidate(pod: K8sObject): PodCandidate {
  const spec = pod.spec as PodSpec | undefined;
  const name = pod.metadata?.name ?? '?';
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
  return {
    namespace: pod.metadata?.namespace ?? 'default',
    label: name,
    podName: name,
    labels: { ...(pod.metadata?.labels ?? {}) },
    ...(ip ? { ip } : {}),
    ports: portsOf(spec),
    hostNetwork: spec?.hostNetwork === true,
    hostname: spec?.hostname ?? name,
    ...(spec?.subdomain !== undefined ? { subdomain: spec.subdomain } : {}),
  };
}

/** A workload standing for its pods offline, or undefined when it has no pod template. */
function workloadCandidate(kind: string, object: K8sObject, template: Template | undefined): PodCandidate | undefined {
  if (!template) return undefined;
  const spec = object.spec as Spec | undefined;
  const name = object.metadata?.name ?? '?';
  return {
    namespace: object.metadata?.namespace ?? 'default',
    label: `${kind.toLowerCase()}/${name} (its pods)`,
    workload: { kind, name, replicas: spec?.replicas ?? 1, ...(spec?.serviceName !== undefined ? { serviceName: spec.serviceName } : {}) },
    labels: { ...(template.metadata?.labels ?? {}) },
    ports: portsOf(template.spec),
    hostNetwork: template.spec?.hostNetwork === true,
    ...(kind === 'StatefulSet' && spec?.serviceName !== undefined ? { subdomain: spec.serviceName } : {}),
  };
}

// A ReplicaSet saved next to its Deployment (or a Job next to its CronJob) is that owner's pods again.
const ownedByController = (o: K8sObject): boolean =>
  ((o.metadata?.ownerReferences as { controller?: boolean }[] | undefined) ?? []).some((r) => r.controller === true);

/**
 * The pods a selector in `namespace` chooses among: live, the real pods; offline, the workspace's
 * pods plus one stand-in per workload (its pod template), since no controller creates pods there.
 */
export async function podCandidates(cluster: Cluster, namespace: string, offline: boolean): Promise<PodCandidate[]> {
  const pods = (await cluster.list('pods', { namespace })).map(podCandidate);
  if (!offline) return pods;
  const stand: PodCandidate[] = [];
  for (const w of WORKLOADS) {
    for (const object of await cluster.list(w.list, { namespace })) {
      if (ownedByController(object)) continue;
      const candidate = workloadCandidate(w.kind, object, w.template((object.spec ?? {}) as Spec));
      if (candidate) stand.push(candidate);
    }
  }
  return [...pods, ...stand];
}

/**
 * The candidate a pod name means. A pod of that name first; offline, a StatefulSet's pod by
 * ordinal (`db-0` while `db` has a replica 0), then a workload whose generated pod names start
 * with `<name>-` (`web-7d9f-x2k4p` → deployment/web).
 */
export function candidateByName(candidates: readonly PodCandidate[], name: string): PodCandidate | undefined {
  const pod = candidates.find((c) => c.podName === name);
  if (pod) return pod;
  const ordinal = /^(.+)-(\d+)$/.exec(name);
  const sts = candidates.find(
    (c) => c.workload?.kind === 'StatefulSet' && ordinal && c.workload.name === ordinal[1] && Number(ordinal[2]) < c.workload.replicas,
  );
  if (sts) return sts;
  return candidates.find((c) => c.workload !== undefined && c.workload.kind !== 'StatefulSet' && name.startsWith(`${c.workload.name}-`));
}
