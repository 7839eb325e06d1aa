// The object half of a kind cluster's baseline (baseline.ts): which API objects existed when the
// cluster was made, and which of today's objects to delete to get back there. Pure.
import type { K8sObject } from '../../models/index.js';

/**
 * The resource types tasks and learners create, as `kubectl get` takes them (group-qualified, so
 * a CRD of the same short name cannot be mistaken). Events, leases, endpoints and the like are
 * left out: controllers make and remove them, and no check reads them as a task's answer.
 */
export const SWEPT_RESOURCES = [
  'namespaces',
  'pods',
  'deployments.apps',
  'daemonsets.apps',
  'statefulsets.apps',
  'replicasets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'services',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'persistentvolumeclaims',
  'persistentvolumes',
  'storageclasses.storage.k8s.io',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'networkpolicies.networking.k8s.io',
  'ingresses.networking.k8s.io',
  'ingressclasses.networking.k8s.io',
  'resourcequotas',
  'limitranges',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'priorityclasses.scheduling.k8s.io',
  'runtimeclasses.node.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'certificatesigningrequests.certificates.k8s.io',
] as const;

/** Objects add-ons install carry this label; they belong to the cluster, not to a task. */
export const ADDON_LABEL = 'kubedrill.dev/addon';

/** One object by type, namespace and name: `deployment.apps/shop/web`, `clusterrole.rbac.authorization.k8s.io//view`. */
export type ObjectKey = string;

/** The resource type kubectl takes for an object (`deployment.apps`, `pod`), from its apiVersion and kind. */
export function resourceType(object: K8sObject): string {
  const kind = (object.kind ?? '').toLowerCase();
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

export const objectKey = (object: K8sObject): ObjectKey => `${resourceType(object)}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

/**
 * Made by Kubernetes, not by a task: objects with an owner (a Deployment's ReplicaSets and pods,
 * mirror pods, a Service's slices) go with their owner; each namespace's `kube-root-ca.crt` and
 * `default` ServiceAccount come back as soon as they are deleted; add-ons stay installed.
 */
function madeByTheCluster(object: K8sObject): boolean {
  const meta = object.metadata ?? {};
  if (Array.isArray(meta.ownerReferences) && meta.ownerReferences.length > 0) return true;
  if (meta.labels?.[ADDON_LABEL] !== undefined) return true;
  if (object.kind === 'ConfigMap' && meta.name === 'kube-root-ca.crt') return true;
  if (object.kind === 'ServiceAccount' && meta.name === 'default') return true;
  // Tokens the control plane mints for service accounts that existed at baseline.
  return object.kind === 'Secret' && (object as { type?: string }).type === 'kubernetes.io/service-account-token' && meta.annotations?.['kubernetes.io/service-account.name'] === 'default';
}

/** The objects of a cluster that the baseline remembers. */
export function baselineKeys(objects: readonly K8sObject[]): ObjectKey[] {
  return objects.map(objectKey).sort();
}

/** What a restore deletes: namespaces (with all they hold) and, outside them, single objects by namespace. */
export interface ObjectSweep {
  namespaces: string[];
  /** Namespace ('' for cluster-scoped) → `type/name` refs, in one `kubectl delete` each. */
  objects: Map<string, string[]>;
}

/** The objects made since the baseline that no controller owns: what tasks, their steps and the learner created. */
export function planObjectSweep(baseline: ReadonlySet<ObjectKey>, now: readonly K8sObject[]): ObjectSweep {
  // An add-on's namespace is the add-on's: what its own Jobs make there (ingress-nginx's webhook
  // certificate Secret) has neither an owner nor the add-on label, and must stay.
  const addonNamespaces = new Set(now.filter((o) => o.kind === 'Namespace' && o.metadata?.labels?.[ADDON_LABEL] !== undefined).map((o) => o.metadata?.name));
  const fresh = now.filter(
    (o) => !baseline.has(objectKey(o)) && !madeByTheCluster(o) && !addonNamespaces.has(o.metadata?.namespace) && o.metadata?.deletionTimestamp === undefined,
  );
  const namespaces = fresh.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name ?? '');
  const gone = new Set(namespaces);
  const objects = new Map<string, string[]>();
  for (const o of fresh) {
    const ns = o.metadata?.namespace ?? '';
    if (o.kind === 'Namespace' || gone.has(ns)) continue;
    objects.set(ns, [...(objects.get(ns) ?? []), `${resourceType(o)}/${o.metadata?.name ?? ''}`]);
  }
  return { namespaces: namespaces.sort(), objects };
}
