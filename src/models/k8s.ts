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

/** Formats a ref the way kubectl prints it: `pod/web -n default`. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.name} in namespace ${ref.namespace}` : `${ref.kind}/${ref.name}`;
}

/** Parses `<kind>/<name>` as packs write refs. Returns undefined when it is not of that shape. */
export function parseRef(text: string, namespace?: string): ObjectRef | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1 || text.indexOf('/', slash + 1) !== -1) return undefined;
  const ref: ObjectRef = { kind: text.slice(0, slash), name: text.slice(slash + 1) };
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}
