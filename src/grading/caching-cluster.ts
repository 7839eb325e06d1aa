import type { Cluster, K8sObject, ObjectRef } from '../models/index.js';
import { resolveResourceType } from '../models/api-resources.js';
import { matchesRequirements, parseSelectorText } from '../models/label-selector.js';

/** A grading run's shared cache; `view()` gives each check its own window on it. */
export interface CachingCluster extends Cluster {
  /**
   * A Cluster for one check: each distinct request is first served from the shared cache; the
   * same request made again by that check goes to the cluster (and refreshes the cache), so
   * checks that poll for a change (a restart, a rollout) see it.
   */
  view(): Cluster;
}

/** Cache key for a kind as written in packs: `po`, `pods`, `Pod` share one entry. */
function kindKey(kind: string): string {
  const info = resolveResourceType(kind);
  return info ? `${info.kind}.${info.group}` : kind.toLowerCase();
}

/**
 * Wraps a Cluster for one grading run (the README, How the code is laid out): every list of a kind — any namespace,
 * any label selector — and every get are served from one all-namespaces list of that kind, so a
 * run costs about one request per kind. Filtering by namespace and selector happens here.
 * `canI`, `execInPod` and `dryRun` pass through. A dry run is never cached: its answer depends on
 * admission configuration the learner changes (a policy, a webhook, RBAC) and on the manifest,
 * which is each check's own, so two checks almost never ask the same thing.
 */
export function cachingCluster(cluster: Cluster): CachingCluster {
  const lists = new Map<string, Promise<K8sObject[]>>();

  function fetchAll(kind: string, fresh: boolean): Promise<K8sObject[]> {
    const key = kindKey(kind);
    const cached = lists.get(key);
    if (cached && !fresh) return cached;
    const pending = cluster.list(kind);
    lists.set(key, pending);
    // A failed list is not remembered: a later check may try again.
    pending.catch(() => {
      if (lists.get(key) === pending) lists.delete(key);
    });
    return pending;
  }

  async function list(kind: string, opts: { namespace?: string; labelSelector?: string } = {}, fresh = false) {
    const requirements = parseSelectorText(opts.labelSelector ?? '');
    const namespaced = resolveResourceType(kind)?.namespaced;
    const all = await fetchAll(kind, fresh);
    return all
      .filter(
        (o) =>
          (opts.namespace === undefined || namespaced === false || o.metadata?.namespace === opts.namespace) &&
          matchesRequirements(requirements, o.metadata?.labels),
      )
      .map((o) => structuredClone(o));
  }

  async function get(ref: ObjectRef, fresh = false) {
    const namespaced = resolveResourceType(ref.kind)?.namespaced;
    const all = await fetchAll(ref.kind, fresh);
    const found = all.find(
      (o) =>
        o.metadata?.name === ref.name &&
        (namespaced === false ||
          (namespaced === undefined && o.metadata?.namespace === undefined) ||
          o.metadata?.namespace === (ref.namespace ?? 'default')),
    );
    return found ? structuredClone(found) : undefined;
  }

  return {
    get: (ref) => get(ref),
    list: (kind, opts) => list(kind, opts),
    canI: (q) => cluster.canI(q),
    execInPod: (q) => cluster.execInPod(q),
    dryRun: (manifest, opts) => cluster.dryRun(manifest, opts),
    view() {
      const seen = new Set<string>();
      const repeated = (request: string): boolean => {
        const again = seen.has(request);
        seen.add(request);
        return again;
      };
      return {
        get: (ref) => get(ref, repeated(`get ${kindKey(ref.kind)} ${ref.namespace ?? ''}/${ref.name}`)),
        list: (kind, opts) => list(kind, opts, repeated(`list ${kindKey(kind)} ${opts?.namespace ?? ''} ${opts?.labelSelector ?? ''}`)),
        canI: (q) => cluster.canI(q),
        execInPod: (q) => cluster.execInPod(q),
        dryRun: (manifest, opts) => cluster.dryRun(manifest, opts),
      };
    },
  };
}
