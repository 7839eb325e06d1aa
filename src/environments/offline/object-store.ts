import type { AccessQuery, Cluster, ExecResult, K8sObject, ObjectRef } from '../../models/index.js';
import { kindOfObject, resolveKind } from '../kinds.js';
import { matchesSelector, parseLabelSelector } from './label-selector.js';
import { canIFromObjects } from './rbac.js';

/** Whether an object is of the kind `text` names (`po`, `deployment.apps`, or an unknown kind's name). */
export function isOfKind(object: K8sObject, text: string): boolean {
  const info = resolveKind(text);
  if (info) return object.kind === info.kind && groupOf(object.apiVersion) === info.group;
  // Kinds outside the table (custom resources): compare names the way kubectl users write them.
  const [name = ''] = text.toLowerCase().split('.');
  const kind = (object.kind ?? '').toLowerCase();
  return name === kind || name === `${kind}s` || name === `${kind}es`;
}

const groupOf = (apiVersion: string | undefined): string =>
  apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';

/** Whether objects of this kind live in namespaces; unknown kinds are judged by the object itself. */
export function isNamespaced(object: K8sObject): boolean {
  const info = kindOfObject(object.kind, object.apiVersion);
  return info ? info.namespaced : object.metadata?.namespace !== undefined;
}

/**
 * The object as the API server would hold it: namespaced kinds default to `default`, and
 * cluster-scoped kinds carry no namespace. Returns a copy.
 */
export function normalizeObject(object: K8sObject): K8sObject {
  const copy = structuredClone(object);
  copy.metadata ??= {};
  const namespaced = kindOfObject(copy.kind, copy.apiVersion)?.namespaced;
  if (namespaced === false) delete copy.metadata.namespace;
  // Unknown kinds (custom resources) keep what they say: a namespace makes them namespaced.
  if (namespaced === true) copy.metadata.namespace ??= 'default';
  return copy;
}

/** API server order: namespace, then name. */
export function compareObjects(a: K8sObject, b: K8sObject): number {
  const ns = (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '');
  return ns !== 0 ? ns : (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** Thrown by the port methods an object store cannot answer (no containers to exec in). */
export class UnsupportedOperationError extends Error {
  override readonly name = 'UnsupportedOperationError';
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
          isOfKind(o, ref.kind) &&
          o.metadata?.name === ref.name &&
          (!isNamespaced(o) || o.metadata?.namespace === (ref.namespace ?? 'default')),
      );
      return found ? structuredClone(found) : undefined;
    },
    async list(kind, opts = {}) {
      const requirements = parseLabelSelector(opts.labelSelector ?? '');
      const all = await source();
      return all
        .filter(
          (o) =>
            isOfKind(o, kind) &&
            (opts.namespace === undefined || !isNamespaced(o) || o.metadata?.namespace === opts.namespace) &&
            matchesSelector(requirements, o.metadata?.labels),
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
  };
}
