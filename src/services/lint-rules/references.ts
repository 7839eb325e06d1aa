import type { Task } from '../../models/index.js';
import { isRecord } from '../../packs/issues.js';
import { nameMatcher, type LintFinding, type LintRule } from './rule.js';

/** Keys every check has: not references to anything in the cluster. */
const CHECK_BASE_KEYS = new Set(['id', 'type', 'points', 'description', 'guard']);

/** Namespaces that exist on every cluster: naming them in a statement is not needed. */
const WELL_KNOWN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Namespaces whose objects the cluster itself made (kubeadm's control-plane pods, CoreDNS): a
 * troubleshooting task rightly leaves the learner to find them.
 */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

interface Reference {
  what: 'object' | 'namespace' | 'file';
  name: string;
  path: PropertyKey[];
}

/**
 * The names a check's params point at, as written: object names (`ref: kind/name`, `pod`,
 * `service`, a static pod's `name`), namespaces, and files (`file`, absolute paths). Walked
 * generically, so a new check type with the same param names is covered too.
 */
export function checkReferences(check: Record<string, unknown>, base: PropertyKey[]): Reference[] {
  const found: Reference[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (!isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const at = [...path, key];
      if (typeof item !== 'string') {
        walk(item, at);
        continue;
      }
      if (key === 'ref' && item.includes('/')) found.push({ what: 'object', name: item.slice(item.indexOf('/') + 1), path: at });
      else if (key === 'pod' || key === 'service' || (key === 'name' && check.type === 'static-pod')) found.push({ what: 'object', name: item, path: at });
      else if (key === 'namespace' && !WELL_KNOWN_NAMESPACES.has(item)) found.push({ what: 'namespace', name: item, path: at });
      else if (key === 'file' || ((key === 'path' || key === 'dataDir') && item.startsWith('/'))) found.push({ what: 'file', name: item, path: at });
    }
  };
  for (const [key, value] of Object.entries(check)) if (!CHECK_BASE_KEYS.has(key)) walk({ [key]: value }, base);
  const system = typeof check.namespace === 'string' && SYSTEM_NAMESPACES.has(check.namespace);
  return system ? found.filter((r) => r.what !== 'object') : found;
}

/**
 * The ways a statement may name what a check grades: the name itself, or what it is derived
 * from — a StatefulSet's pod `web-1` from `web`, a mirror pod `etcd-{{nodes.controlplane}}`
 * from `etcd`, a CRD `widgets.example.com` from its plural and group named apart, a file by its
 * base name (`{{answers}}/report.txt` or `report.txt`).
 */
function spellings(ref: Reference): string[][] {
  if (ref.what === 'file') return [[ref.name], [ref.name.split('/').at(-1) ?? ref.name]];
  const base = ref.name.replace(/-(\d+|\{\{nodes\.[a-z0-9]+\}\})$/, '');
  const dot = ref.name.indexOf('.');
  return [[ref.name], ...(base !== ref.name ? [[base]] : []), ...(dot > 0 ? [[ref.name.slice(0, dot), ref.name.slice(dot + 1)]] : [])];
}

/**
 * A check that grades an object, namespace or file the learner cannot know of: the statement
 * never names it and setup does not create it (a probe pod setup made needs no mention). Mostly
 * a typo or a rename left half done (`web-svc` graded, `web-service` asked for).
 */
export const unnamedReference: LintRule = {
  id: 'unnamed-reference',
  summary: 'a check references an object, namespace or file that the statement never names (and setup does not create)',
  check(task: Task): LintFinding[] {
    const known = `${task.statement}\n${JSON.stringify(task.setup)}`;
    const findings: LintFinding[] = [];
    task.checks.forEach((check, i) => {
      for (const ref of checkReferences(check, ['checks', i])) {
        if (spellings(ref).some((parts) => parts.every((part) => nameMatcher(part).test(known)))) continue;
        findings.push({ path: ref.path, message: `check "${check.id}" grades ${ref.what} "${ref.name}", which the statement never names (nor setup creates): name it in the statement, or fix the check`, needle: ref.name });
      }
    });
    return findings;
  },
};

/** Names a node gets on some cluster (kind's `<cluster>-worker2`) or logical names shown as they are. */
const LITERAL_NODE = /(?<![A-Za-z0-9_./-])(?:[a-z0-9][a-z0-9-]*-(control-plane|worker\d*)|(controlplane|worker[12]))(?![A-Za-z0-9_-])/g;

/** The placeholder that names the same node on every cluster. */
function placeholderFor(name: string): string {
  if (/control-?plane$/.test(name)) return '{{nodes.controlplane}}';
  return /worker2$/.test(name) ? '{{nodes.worker2}}' : '{{nodes.worker1}}';
}

/**
 * A statement naming a node directly: node names differ per cluster (`kubedrill-worker` on the
 * main cluster, `kubedrill-lab1-worker` on a lab cluster, another on a context the learner
 * names), so only `{{nodes.…}}` names the node the learner actually has.
 */
export const literalNodeName: LintRule = {
  id: 'literal-node-name',
  summary: 'the statement names a node other than through {{nodes.…}}',
  check(task: Task): LintFinding[] {
    // Placeholders are blanked (same length), so what they expand to is never taken for a literal.
    const text = task.statement.replace(/\{\{[^{}]*\}\}/g, (m) => ' '.repeat(m.length));
    const findings: LintFinding[] = [];
    for (const match of text.matchAll(LITERAL_NODE)) {
      const name = match[0];
      findings.push({ path: ['statement'], message: `names node "${name}" literally: write ${placeholderFor(name)}, which expands to the learner's real node name on every cluster`, needle: name });
    }
    return findings;
  },
};
