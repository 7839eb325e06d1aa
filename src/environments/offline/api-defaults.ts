import { apiGroupOf, type K8sObject } from '../../models/index.js';

/**
 * The defaults the API server fills in when an object is created, so an offline workspace
 * reads like `kubectl get -o yaml` on a live cluster and a correct answer that leaves a field
 * to its default is graded as it would be live.
 *
 * Each rule is that of the API server version kind runs (Kubernetes 1.31–1.34): the
 * `SetDefaults_*` functions of `pkg/apis/<group>/v1/defaults.go`, the v1 conversion of
 * `serviceAccount`, and `SetDefaults_Namespace`. Defaults that need a running cluster (cluster IPs,
 * node ports, uids, admission plugins such as the default StorageClass or toleration seconds)
 * are not made up. Feature gates are as those versions ship them (alpha off, beta/GA on).
 */

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The child object at `key`, when it is one. */
const child = (parent: unknown, key: string): Obj | undefined => {
  if (!isObj(parent)) return undefined;
  const value = parent[key];
  return isObj(value) ? value : undefined;
};

/** The child object at `key`, created when absent (for defaults that live in a nested struct). */
const ensure = (parent: Obj, key: string): Obj => {
  const value = parent[key];
  if (isObj(value)) return value;
  const made: Obj = {};
  parent[key] = made;
  return made;
};

/** The objects of a list field (non-objects are left to schema validation). */
const items = (parent: unknown, key: string): Obj[] => {
  if (!isObj(parent)) return [];
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isObj) : [];
};

/** Go's "unset": a missing key, null, or (for strings) "". */
const unset = (o: Obj, key: string): boolean => o[key] === undefined || o[key] === null || o[key] === '';

const setDefault = (o: Obj, key: string, value: unknown): void => {
  if (unset(o, key)) o[key] = value;
};

/** Applies the API server's defaults to `object` in place (call it on a copy). */
export function applyApiDefaults(object: K8sObject): void {
  const group = apiGroupOf(object.apiVersion);
  const apply = DEFAULTS[`${group}/${object.kind ?? ''}`];
  apply?.(object as Obj, object.apiVersion ?? '');
}

const DEFAULTS: Record<string, (o: Obj, apiVersion: string) => void> = {
  '/Pod': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    defaultPod(spec);
    defaultPodSpec(spec, 'Always');
  },
  '/PodTemplate': (o) => defaultTemplate(child(o, 'template'), 'Always'),
  '/ReplicationController': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'replicas', 1);
    defaultTemplate(child(spec, 'template'), 'Always');
  },
  '/Service': (o) => defaultService(child(o, 'spec')),
  '/Namespace': (o) => {
    // SetDefaults_Namespace: the name label lets NetworkPolicies select namespaces by name.
    const name = child(o, 'metadata')?.name;
    if (typeof name !== 'string') return;
    const labels = ensure(ensure(o, 'metadata'), 'labels');
    labels['kubernetes.io/metadata.name'] = name;
  },
  '/Secret': (o) => setDefault(o, 'type', 'Opaque'),
  '/PersistentVolumeClaim': (o) => defaultClaimSpec(child(o, 'spec')),
  '/PersistentVolume': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
  },
  '/Endpoints': (o) => {
    for (const subset of items(o, 'subsets')) for (const port of items(subset, 'ports')) setDefault(port, 'protocol', 'TCP');
  },
  '/LimitRange': (o) => {
    for (const limit of items(child(o, 'spec'), 'limits')) defaultLimitRangeItem(limit);
  },
  '/Node': (o) => {
    // SetDefaults_NodeStatus: allocatable is the capacity unless the kubelet says otherwise.
    const status = child(o, 'status');
    if (status && isObj(status.capacity) && unset(status, 'allocatable')) status.allocatable = structuredClone(status.capacity);
  },
  'apps/Deployment': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'replicas', 1);
    const strategy = ensure(spec, 'strategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rolling = ensure(strategy, 'rollingUpdate');
      setDefault(rolling, 'maxUnavailable', '25%');
      setDefault(rolling, 'maxSurge', '25%');
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    defaultTemplate(child(spec, 'template'), 'Always');
  },
  'apps/ReplicaSet': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'replicas', 1);
    defaultTemplate(child(spec, 'template'), 'Always');
  },
  'apps/StatefulSet': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    const strategy = ensure(spec, 'updateStrategy');
    if (unset(strategy, 'type')) {
      strategy.type = 'RollingUpdate';
      ensure(strategy, 'rollingUpdate');
    }
    const rolling = child(strategy, 'rollingUpdate');
    if (strategy.type === 'RollingUpdate' && rolling) setDefault(rolling, 'partition', 0);
    // StatefulSetAutoDeletePVC: beta (on) since 1.27, GA in 1.32.
    const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    for (const claim of items(spec, 'volumeClaimTemplates')) defaultClaimSpec(child(claim, 'spec'));
    defaultTemplate(child(spec, 'template'), 'Always');
  },
  'apps/DaemonSet': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    const strategy = ensure(spec, 'updateStrategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rolling = ensure(strategy, 'rollingUpdate');
      setDefault(rolling, 'maxUnavailable', 1);
      setDefault(rolling, 'maxSurge', 0);
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultTemplate(child(spec, 'template'), 'Always');
  },
  'batch/Job': (o) => defaultJob(o),
  'batch/CronJob': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    // SetDefaults_Job is for Job objects: a jobTemplate's JobSpec gets only its pod template's defaults.
    defaultTemplate(child(child(child(spec, 'jobTemplate'), 'spec'), 'template'), undefined);
  },
  'autoscaling/HorizontalPodAutoscaler': (o, apiVersion) => defaultHpa(child(o, 'spec'), apiVersion),
  'networking.k8s.io/NetworkPolicy': (o) => {
    const spec = child(o, 'spec');
    if (!spec) return;
    for (const rule of [...items(spec, 'ingress'), ...items(spec, 'egress')]) {
      for (const port of items(rule, 'ports')) setDefault(port, 'protocol', 'TCP');
    }
    // Exactly SetDefaults_NetworkPolicy: Ingress always, Egress only when egress rules exist.
    const types = spec.policyTypes;
    if (!Array.isArray(types) || types.length === 0) {
      const egress = spec.egress;
      spec.policyTypes = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    }
  },
  'rbac.authorization.k8s.io/RoleBinding': (o) => defaultSubjects(o),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o) => defaultSubjects(o),
  'storage.k8s.io/StorageClass': (o) => {
    setDefault(o, 'reclaimPolicy', 'Delete');
    setDefault(o, 'volumeBindingMode', 'Immediate');
  },
  'apiextensions.k8s.io/CustomResourceDefinition': (o) => {
    const spec = child(o, 'spec');
    const names = child(spec, 'names');
    if (!spec || !names) return;
    const kind = typeof names.kind === 'string' ? names.kind : '';
    setDefault(names, 'singular', kind.toLowerCase());
    if (kind !== '') setDefault(names, 'listKind', `${kind}List`);
    if (unset(spec, 'conversion')) spec.conversion = { strategy: 'None' };
  },
};

/** Pod-only defaults (SetDefaults_Pod): they do not apply to pod templates. */
function defaultPod(spec: Obj): void {
  // Requests default to limits, per resource, when a container sets limits only.
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const resources = child(container, 'resources');
    const limits = child(resources, 'limits');
    if (!resources || !limits) continue;
    const requests = ensure(resources, 'requests');
    for (const [name, value] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = value;
  }
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    // With the host's network, a container port is also a host port.
    for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
      for (const port of items(container, 'ports')) setDefault(port, 'hostPort', port.containerPort);
    }
  }
}

/** A pod template's defaults; `restartPolicy` is undefined where none is defaulted (Job templates). */
function defaultTemplate(template: Obj | undefined, restartPolicy: string | undefined): void {
  const spec = child(template, 'spec');
  if (spec) defaultPodSpec(spec, restartPolicy);
}

/** SetDefaults_PodSpec and the defaults of the types inside a PodSpec. */
function defaultPodSpec(spec: Obj, restartPolicy: string | undefined): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  if (restartPolicy !== undefined) setDefault(spec, 'restartPolicy', restartPolicy);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  // v1 conversion: serviceAccount is the deprecated alias. It fills serviceAccountName when that is
  // empty, and is always written back as a copy of serviceAccountName.
  if (unset(spec, 'serviceAccountName') && !unset(spec, 'serviceAccount')) spec.serviceAccountName = spec.serviceAccount;
  if (!unset(spec, 'serviceAccountName')) spec.serviceAccount = spec.serviceAccountName;
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) defaultContainer(container);
  for (const volume of items(spec, 'volumes')) defaultVolume(volume);
}

function defaultContainer(container: Obj): void {
  if (unset(container, 'imagePullPolicy')) {
    container.imagePullPolicy = imageTag(String(container.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of items(container, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = child(container, name);
    if (!probe) continue;
    setDefault(probe, 'timeoutSeconds', 1);
    setDefault(probe, 'periodSeconds', 10);
    setDefault(probe, 'successThreshold', 1);
    setDefault(probe, 'failureThreshold', 3);
    defaultHttpGet(child(probe, 'httpGet'));
  }
  const lifecycle = child(container, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) defaultHttpGet(child(child(lifecycle, hook), 'httpGet'));
  for (const env of items(container, 'env')) defaultFieldRef(child(child(env, 'valueFrom'), 'fieldRef'));
}

/**
 * The tag the API server reads from an image reference (parsers.ParseImageName): `latest` when
 * there is neither a tag nor a digest, `''` for a digest alone.
 */
export function imageTag(image: string): string {
  const [name = '', digest] = image.split('@');
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
  return tag === '' && digest === undefined ? 'latest' : tag;
}

function defaultHttpGet(action: Obj | undefined): void {
  if (!action) return;
  setDefault(action, 'path', '/');
  setDefault(action, 'scheme', 'HTTP');
}

function defaultFieldRef(ref: Obj | undefined): void {
  if (ref) setDefault(ref, 'apiVersion', 'v1');
}

/** The volume source fields: a volume with none of them is an emptyDir (SetDefaults_Volume). */
const hasSource = (volume: Obj): boolean => Object.keys(volume).some((key) => key !== 'name' && volume[key] !== null);

function defaultVolume(volume: Obj): void {
  if (!hasSource(volume)) volume.emptyDir = {};
  for (const name of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = child(volume, name);
    if (source) setDefault(source, 'defaultMode', 0o644);
  }
  const hostPath = child(volume, 'hostPath');
  if (hostPath && (hostPath.type === undefined || hostPath.type === null)) hostPath.type = '';
  for (const item of items(child(volume, 'downwardAPI'), 'items')) defaultFieldRef(child(item, 'fieldRef'));
  for (const source of items(child(volume, 'projected'), 'sources')) {
    for (const item of items(child(source, 'downwardAPI'), 'items')) defaultFieldRef(child(item, 'fieldRef'));
  }
  defaultClaimSpec(child(child(child(volume, 'ephemeral'), 'volumeClaimTemplate'), 'spec'));
}

function defaultClaimSpec(spec: Obj | undefined): void {
  if (spec) setDefault(spec, 'volumeMode', 'Filesystem');
}

function defaultService(spec: Obj | undefined): void {
  if (!spec) return;
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = port.port;
    }
  }
  const type = spec.type;
  if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = ensure(ensure(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
}

function defaultLimitRangeItem(limit: Obj): void {
  if (limit.type !== 'Container') return;
  const max = child(limit, 'max') ?? {};
  const min = child(limit, 'min') ?? {};
  const byDefault = ensure(limit, 'default');
  const defaultRequest = ensure(limit, 'defaultRequest');
  // A missing default limit is the max; a missing default request is the default limit, else the min.
  for (const [name, value] of Object.entries(max)) if (byDefault[name] === undefined) byDefault[name] = value;
  for (const [name, value] of Object.entries(byDefault)) if (defaultRequest[name] === undefined) defaultRequest[name] = value;
  for (const [name, value] of Object.entries(min)) if (defaultRequest[name] === undefined) defaultRequest[name] = value;
}

function defaultJob(job: Obj): void {
  const spec = child(job, 'spec');
  if (!spec) return;
  // A non-parallel job may leave both unset; then both are 1. Completions alone is never defaulted.
  if (unset(spec, 'completions') && unset(spec, 'parallelism')) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', unset(spec, 'backoffLimitPerIndex') ? 6 : 2147483647);
  const templateLabels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  const metadata = ensure(job, 'metadata');
  const labels = child(metadata, 'labels');
  if (templateLabels && (!labels || Object.keys(labels).length === 0)) metadata.labels = { ...templateLabels };
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  // JobPodReplacementPolicy: beta (on) since 1.29, GA in 1.34.
  setDefault(spec, 'podReplacementPolicy', unset(spec, 'podFailurePolicy') ? 'TerminatingOrFailed' : 'Failed');
  // Job templates get no restartPolicy default (the API server requires OnFailure or Never there).
  defaultTemplate(child(spec, 'template'), undefined);
}

function defaultSubjects(binding: Obj): void {
  for (const subject of items(binding, 'subjects')) {
    if (!unset(subject, 'apiGroup')) continue;
    if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = 'rbac.authorization.k8s.io';
  }
}

const SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// No stabilization window: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const SCALE_DOWN = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** HPA defaults as served through the version the object is written in. */
function defaultHpa(spec: Obj | undefined, apiVersion: string): void {
  if (!spec) return;
  setDefault(spec, 'minReplicas', 1);
  // autoscaling/v1 has only minReplicas; the CPU target stays unset (the controller's 80% applies).
  if (apiVersion !== 'autoscaling/v2') return;
  const metrics = spec.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = child(spec, 'behavior');
  if (!behavior) return;
  for (const [key, rules] of [
    ['scaleUp', SCALE_UP],
    ['scaleDown', SCALE_DOWN],
  ] as const) {
    const given = child(behavior, key);
    if (!given) {
      behavior[key] = structuredClone(rules);
      continue;
    }
    for (const [field, value] of Object.entries(rules)) if (given[field] === undefined || given[field] === null) given[field] = structuredClone(value);
  }
}
