import { editDistance, type Cluster, type K8sObject, type ObjectRef } from '../../src/models/index.js';

const nameOf = (o: K8sObject): string => o.metadata?.name ?? '';

/** Names close to `name`: small edit distance, or `name` plus a suffix (`web` → `web-1`). */
function nearNames(name: string, candidates: readonly string[]): string[] {
  // Short names need a tight limit: `db` is two edits from `web` but not what was meant.
  const limit = Math.max(1, Math.floor(name.length / 4));
  return candidates
    .filter((c) => c !== name && (editDistance(c, name) <= limit || c.startsWith(`${name}-`) || name.startsWith(`${c}-`)))
    .sort((a, b) => editDistance(a, name) - editDistance(b, name) || a.localeCompare(b))
    .slice(0, 3);
}

/**
 * Explains a missing object the way a colleague would: where the same name exists instead, or
 * which near name was probably meant. `pod/web not found in namespace default; found pod/web in
 * namespace web`, `deployment/web not found in namespace shop; did you mean deployment/web-1?`.
 * If listing fails too, the plain "not found" is returned.
 */
export async function describeMissing(cluster: Cluster, ref: ObjectRef): Promise<string> {
  const namespace = ref.namespace ?? 'default';
  let all: K8sObject[];
  try {
    all = await cluster.list(ref.kind);
  } catch {
    return `${ref.kind}/${ref.name} not found`;
  }
  // Cluster-scoped kinds come back without namespaces; with nothing listed, trust the ref.
  const scoped = all.length > 0 ? all.some((o) => o.metadata?.namespace !== undefined) : ref.namespace !== undefined;
  const base = scoped ? `${ref.kind}/${ref.name} not found in namespace ${namespace}` : `${ref.kind}/${ref.name} not found`;
  const elsewhere = all
    .filter((o) => nameOf(o) === ref.name && o.metadata?.namespace !== namespace)
    .map((o) => `namespace ${o.metadata?.namespace}`);
  if (elsewhere.length > 0) return `${base}; found ${ref.kind}/${ref.name} in ${elsewhere.slice(0, 3).join(', ')}`;
  const sameScope = all.filter((o) => !scoped || o.metadata?.namespace === namespace).map(nameOf);
  const near = nearNames(ref.name, sameScope);
  if (near.length > 0) return `${base}; did you mean ${near.map((n) => `${ref.kind}/${n}`).join(' or ')}?`;
  const total = sameScope.length;
  return total === 0 ? `${base} (no ${ref.kind} objects there)` : base;
}
