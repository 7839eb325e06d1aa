// The file, not models/index.ts: this table is a leaf and needs none of the schemas.
import { apiGroupOf } from './k8s.js';

// Which API resources exist, their plural and short names, and whether they are namespaced: what
// turns a resource type as a pack or learner writes it (`po`, `deployment.apps`) into the
// objects it means. Used by the offline adapter (object store, RBAC) and by grading's
// caching cluster (cache keys, namespace filtering) — hence here, not inside offline/.

/** One API resource as kubectl knows it (`kubectl api-resources`). */
export interface ApiResource {
  /** The object kind — `Pod`, `Deployment`… — as objects carry it in their `kind` field. */
  kind: string;
  /** `''` for the core group. */
  group: string;
  /** `v1`, `apps/v1`… as objects carry it. */
  apiVersion: string;
  /** Lowercase plural, the resource name RBAC rules use: `pods`, `networkpolicies`. */
  plural: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

type Row = [kind: string, apiVersion: string, plural: string, namespaced: boolean, shortNames?: string[]];

// The resources the exams touch, as `kubectl api-resources` lists them on Kubernetes 1.30+.
const ROWS: readonly Row[] = [
  ['Binding', 'v1', 'bindings', true],
  ['ConfigMap', 'v1', 'configmaps', true, ['cm']],
  ['Endpoints', 'v1', 'endpoints', true, ['ep']],
  ['Event', 'v1', 'events', true, ['ev']],
  ['LimitRange', 'v1', 'limitranges', true, ['limits']],
  ['Namespace', 'v1', 'namespaces', false, ['ns']],
  ['Node', 'v1', 'nodes', false, ['no']],
  ['PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true, ['pvc']],
  ['PersistentVolume', 'v1', 'persistentvolumes', false, ['pv']],
  ['Pod', 'v1', 'pods', true, ['po']],
  ['PodTemplate', 'v1', 'podtemplates', true],
  ['ReplicationController', 'v1', 'replicationcontrollers', true, ['rc']],
  ['ResourceQuota', 'v1', 'resourcequotas', true, ['quota']],
  ['Secret', 'v1', 'secrets', true],
  ['ServiceAccount', 'v1', 'serviceaccounts', true, ['sa']],
  ['Service', 'v1', 'services', true, ['svc']],
  ['MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', false],
  ['ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', false],
  ['ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', 'validatingadmissionpolicies', false],
  ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'customresourcedefinitions', false, ['crd', 'crds']],
  ['ControllerRevision', 'apps/v1', 'controllerrevisions', true],
  ['DaemonSet', 'apps/v1', 'daemonsets', true, ['ds']],
  ['Deployment', 'apps/v1', 'deployments', true, ['deploy']],
  ['ReplicaSet', 'apps/v1', 'replicasets', true, ['rs']],
  ['StatefulSet', 'apps/v1', 'statefulsets', true, ['sts']],
  ['TokenReview', 'authentication.k8s.io/v1', 'tokenreviews', false],
  ['SelfSubjectAccessReview', 'authorization.k8s.io/v1', 'selfsubjectaccessreviews', false],
  ['SubjectAccessReview', 'authorization.k8s.io/v1', 'subjectaccessreviews', false],
  ['HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true, ['hpa']],
  ['CronJob', 'batch/v1', 'cronjobs', true, ['cj']],
  ['Job', 'batch/v1', 'jobs', true],
  ['CertificateSigningRequest', 'certificates.k8s.io/v1', 'certificatesigningrequests', false, ['csr']],
  ['Lease', 'coordination.k8s.io/v1', 'leases', true],
  ['EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true],
  ['FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', 'flowschemas', false],
  ['Ingress', 'networking.k8s.io/v1', 'ingresses', true, ['ing']],
  ['IngressClass', 'networking.k8s.io/v1', 'ingressclasses', false],
  ['NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', true, ['netpol']],
  ['RuntimeClass', 'node.k8s.io/v1', 'runtimeclasses', false],
  ['PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true, ['pdb']],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', false],
  ['ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', false],
  ['RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', true],
  ['Role', 'rbac.authorization.k8s.io/v1', 'roles', true],
  ['PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', false, ['pc']],
  ['CSIDriver', 'storage.k8s.io/v1', 'csidrivers', false],
  ['CSINode', 'storage.k8s.io/v1', 'csinodes', false],
  ['StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, ['sc']],
  ['VolumeAttachment', 'storage.k8s.io/v1', 'volumeattachments', false],
  ['Gateway', 'gateway.networking.k8s.io/v1', 'gateways', true, ['gtw']],
  ['GatewayClass', 'gateway.networking.k8s.io/v1', 'gatewayclasses', false, ['gc']],
  ['HTTPRoute', 'gateway.networking.k8s.io/v1', 'httproutes', true],
];

/** Every known API resource. */
const API_RESOURCES: readonly ApiResource[] = ROWS.map(([kind, apiVersion, plural, namespaced, shortNames = []]) => ({
  kind,
  apiVersion,
  group: apiGroupOf(apiVersion),
  plural,
  namespaced,
  shortNames,
}));

/** name (singular, plural, short, each also with `.group`) → info. Built once, on first use. */
let index: Map<string, ApiResource> | undefined;

function buildIndex(): Map<string, ApiResource> {
  const map = new Map<string, ApiResource>();
  for (const info of API_RESOURCES) {
    const names = [info.kind.toLowerCase(), info.plural, ...info.shortNames];
    for (const name of names) {
      // First row wins: the table lists core resources first, as kubectl prefers them.
      if (!map.has(name)) map.set(name, info);
      if (info.group !== '' && !info.shortNames.includes(name)) map.set(`${name}.${info.group}`, info);
    }
  }
  return map;
}

/**
 * Resolves a resource type as kubectl accepts it — `pod`, `pods`, `po`, `Pod`, `deployment.apps`,
 * `networkpolicies.networking.k8s.io`, `deployments.v1.apps` — or undefined when unknown.
 */
export function resolveResourceType(text: string): ApiResource | undefined {
  index ??= buildIndex();
  const key = text.trim().toLowerCase();
  const direct = index.get(key);
  if (direct) return direct;
  // `deployments.v1.apps`: resource.version.group
  const parts = key.split('.');
  if (parts.length >= 3 && /^v\d/.test(parts[1] ?? '')) {
    const info = index.get([parts[0], ...parts.slice(2)].join('.'));
    if (info && info.apiVersion === `${parts.slice(2).join('.')}/${parts[1]}`) return info;
  }
  return undefined;
}

/** The resource an object's `kind` and `apiVersion` (exact, as objects carry them) belong to, or undefined for unknown kinds. */
export function resourceOfObject(objectKind: string | undefined, apiVersion?: string): ApiResource | undefined {
  if (objectKind === undefined) return undefined;
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return API_RESOURCES.find((r) => r.kind === objectKind && r.group === group) ?? API_RESOURCES.find((r) => r.kind === objectKind);
}
