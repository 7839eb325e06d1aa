/** A Kubernetes object as the API server returns it (JSON). */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * Names one object. `kind` is written as kubectl accepts it (`pod`, `pods`, `deploy`,
 * `networkpolicy.networking.k8s.io`…); `namespace` is ignored for cluster-scoped kinds.
 */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** Parses `<kind>/<name>` as packs write refs. Returns undefined when it is not of that shape. */
export function parseRef(text: string, namespace?: string): ObjectRef | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1 || text.indexOf('/', slash + 1) !== -1) return undefined;
  const ref: ObjectRef = { kind: text.slice(0, slash), name: text.slice(slash + 1) };
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}

/**
 * Whether the object reports condition `type` with status `"True"` (`Ready` on a pod or node,
 * `Available` on a deployment). A missing condition, `"False"` and `"Unknown"` all count as not
 * met, as `kubectl wait --for=condition=…` treats them.
 */
export function conditionTrue(object: K8sObject, type: string): boolean {
  const conditions = (object.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === type && c.status === 'True');
}

/** The Ready condition of a pod or node: the one condition both checkers and readiness polls ask about. */
export function isReady(object: K8sObject): boolean {
  return conditionTrue(object, 'Ready');
}

/**
 * The API group of an `apiVersion`: `apps/v1` → `apps`, `v1` → `` (the core group). Everything
 * before the last slash, so a group is never cut short.
 */
export function apiGroupOf(apiVersion: string | undefined): string {
  return apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}
