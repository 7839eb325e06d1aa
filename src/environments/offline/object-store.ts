import { apiGroupOf, type AccessQuery, type Cluster, type DryRunAnswer, type ExecResult, type K8sObject, type ObjectRef } from '../../models/index.js';
import { resolveResourceType, resourceOfObject } from '../../models/api-resources.js';
import { applyApiDefaults } from './api-defaults.js';
import { canonicalizeQuantities } from './canonical-quantities.js';
import { matchesRequirements, parseSelectorText } from '../../models/label-selector.js';
import { omitEmpty } from './omit-empty.js';
import { canIFromObjects } from './rbac.js';
import { UnsupportedOperationError } from '../../models/ports.js';

/** Whether an object is of the resource type `text` names (`po`, `deployment.apps`, or an unknown kind's name). */
export function isOfResourceType(object: K8sObject, text: string): boolean {
  const info = resolveResourceType(text);
  if (info) return object.kind === info.kind && apiGroupOf(object.apiVersion) === info.group;
  // Kinds outside the table (custom resources): compare names the way kubectl users write them.
  const [name = ''] = text.toLowerCase().split('.');
  const kind = (object.kind ?? '').toLowerCase();
  return name === kind || name === `${kind}s` || name === `${kind}es`;
}

/** Whether objects of this kind live in namespaces; unknown kinds are judged by the object itself. */
export function isNamespaced(object: K8sObject): boolean {
  const info = resourceOfObject(object.kind, object.apiVersion);
  return info ? info.namespaced : object.metadata?.namespace !== undefined;
}

/**
 * The object placed as the API server would place it: namespaced kinds default to `default`, and
 * cluster-scoped kinds carry no namespace. Returns a copy; nothing else changes (this is what
 * offline apply writes to a file, so the learner reads what was applied).
 */
export function placeObject(object: K8sObject): K8sObject {
  const copy = structuredClone(object);
  copy.metadata ??= {};
  const namespaced = resourceOfObject(copy.kind, copy.apiVersion)?.namespaced;
  if (namespaced === false) delete copy.metadata.namespace;
  // Unknown kinds (custom resources) keep what they say: a namespace makes them namespaced.
  if (namespaced === true) copy.metadata.namespace ??= 'default';
  return copy;
}

/** API groups served by the API server itself; other groups are custom resources (JSON kept as written). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/**
 * The object as the API server would hold and return it (`kubectl get -o yaml`): placed (see
 * `placeObject`), and for built-in kinds with Go's `omitempty` applied, the API server's defaults
 * filled in and quantities in canonical form. Custom resources are stored as written. Returns a copy.
 */
export function normalizeObject(object: K8sObject): K8sObject {
  const copy = placeObject(object);
  if (!BUILT_IN_GROUPS.has(apiGroupOf(copy.apiVersion))) return copy;
  // Empties first: the API server defaults `ingress: []` as it does an absent list.
  omitEmpty(copy);
  applyApiDefaults(copy);
  canonicalizeQuantities(copy);
  omitEmpty(copy); // defaults may leave empty maps (a LimitRange's defaultRequest)
  return copy;
}

/** API server order: namespace, then name. */
export function compareObjects(a: K8sObject, b: K8sObject): number {
  const ns = (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '');
  return ns !== 0 ? ns : (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}


/**
 * A read-only Cluster over a set of objects (offline workspace, tests). `source` is called on
 * every request, so edits to the underlying files are seen without reopening. Objects are
 * returned as copies so a checker cannot change what the next one sees.
 */
export function createObjectCluster(source: () => Promise<readonly K8sObject[]>): Cluster {
  return {
    async get(ref: ObjectRef) {
      const all = await source();
      const found = all.find(
        (o) =>
          isOfResourceType(o, ref.kind) &&
          o.metadata?.name === ref.name &&
          (!isNamespaced(o) || o.metadata?.namespace === (ref.namespace ?? 'default')),
      );
      return found ? structuredClone(found) : undefined;
    },
    async list(kind, opts = {}) {
      const requirements = parseSelectorText(opts.labelSelector ?? '');
      const all = await source();
      return all
        .filter(
          (o) =>
            isOfResourceType(o, kind) &&
            (opts.namespace === undefined || !isNamespaced(o) || o.metadata?.namespace === opts.namespace) &&
            matchesRequirements(requirements, o.metadata?.labels),
        )
        .sort(compareObjects)
        .map((o) => structuredClone(o));
    },
    async canI(q: AccessQuery) {
      return canIFromObjects(await source(), q);
    },
    execInPod(): Promise<ExecResult> {
      return Promise.reject(new UnsupportedOperationError('there are no running containers in an offline workspace'));
    },
    dryRun(): Promise<DryRunAnswer> {
      // Admission (webhooks, policies, PodSecurity, quotas) is the API server's behaviour: nothing offline models it.
      return Promise.reject(new UnsupportedOperationError('there is no API server to run admission in an offline workspace'));
    },
  };
}
