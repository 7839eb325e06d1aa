import type { K8sObject } from '../../models/index.js';

/**
 * Removes, in place, what Go's `omitempty` JSON encoding leaves out of a built-in object the API
 * server returns: `null`s, empty lists (`ingress: []`, `args: []`) and empty string maps
 * (`labels: {}`, `requests: {}`). An empty struct stays: `podSelector: {}` or a peer's
 * `namespaceSelector: {}` means "everything", and `emptyDir: {}` is a volume.
 *
 * Go's encoder tells maps from structs by their types; the type is not in the YAML, so the
 * string-map fields are listed here. An empty object not listed is kept, the safe side: a struct
 * dropped by mistake would change meaning, a map kept by mistake changes none.
 */
export function omitEmpty(object: K8sObject): void {
  prune(object as Obj, [], object.kind ?? '');
}

type Obj = Record<string, unknown>;

/** Map fields wherever they appear (maps of strings or of quantities). */
const MAPS_ANYWHERE = new Set([
  'labels',
  'annotations',
  'nodeSelector', // PodSpec, RuntimeClass scheduling
  'matchLabels', // LabelSelector
  'requests', // ResourceRequirements, PVC resources
  'limits', // ResourceRequirements (LimitRange's `limits` is a list, not an object)
  'capacity', // PersistentVolume spec, statuses
  'allocatable',
  'hard', // ResourceQuota
  'used',
  'podFixed', // RuntimeClass overhead
  'volumeAttributes', // CSI volume sources
]);

/** Map fields whose name means a struct elsewhere, by kind and path. */
const MAPS_AT: Record<string, (path: readonly string[]) => boolean> = {
  ConfigMap: (path) => path.length === 1 && (path[0] === 'data' || path[0] === 'binaryData'),
  Secret: (path) => path.length === 1 && (path[0] === 'data' || path[0] === 'stringData'),
  StorageClass: (path) => path.length === 1 && path[0] === 'parameters',
  // A Service's selector is a string map; a workload's is a LabelSelector struct.
  Service: (path) => path.join('.') === 'spec.selector',
  ReplicationController: (path) => path.join('.') === 'spec.selector',
  LimitRange: (path) =>
    path.length === 4 && path[0] === 'spec' && path[1] === 'limits' && ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'].includes(path[3] ?? ''),
};

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Prunes below `node`; `path` holds field names, with `*` for list positions. */
function prune(node: Obj, path: readonly string[], kind: string): void {
  for (const [key, value] of Object.entries(node)) {
    // A CRD's schema is JSON Schema, not Go types: `{}`, `[]` and `null` there mean something.
    if (kind === 'CustomResourceDefinition' && key === 'openAPIV3Schema') continue;
    const at = [...path, key];
    if (value === null || value === undefined) {
      delete node[key];
    } else if (Array.isArray(value)) {
      for (const item of value) if (isObj(item)) prune(item, [...at, '*'], kind);
      if (value.length === 0) delete node[key];
    } else if (isObj(value)) {
      prune(value, at, kind);
      if (Object.keys(value).length === 0 && isMap(at, kind)) delete node[key];
    }
  }
}

function isMap(path: readonly string[], kind: string): boolean {
  const last = path[path.length - 1] ?? '';
  if (MAPS_ANYWHERE.has(last)) return true;
  return MAPS_AT[kind]?.(path) ?? false;
}
