// The Node-object half of a kind cluster's baseline (baseline.ts): schedulability, taints and
// the labels tasks add, and the kubectl commands that bring them back. Pure, so the plan is tested
// without a cluster.
import type { K8sObject } from '../../models/index.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** What a task may change on a Node object, as the baseline remembers it. */
export interface NodeState {
  name: string;
  unschedulable: boolean;
  taints: Taint[];
  /** Labels outside the `kubernetes.io` and `k8s.io` namespaces, which kubelet and controllers own. */
  labels: Record<string, string>;
}

/** Label keys that kubelet, kubeadm or controllers set and keep up to date: never kubedrill's to change. */
const systemLabel = (key: string): boolean => /(^|\.)(kubernetes\.io|k8s\.io)\//.test(key);

/** A Node object's state as the baseline keeps it. */
export function nodeState(node: K8sObject): NodeState {
  const spec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
  const labels = Object.entries(node.metadata?.labels ?? {}).filter(([key]) => !systemLabel(key));
  return {
    name: node.metadata?.name ?? '',
    unschedulable: spec.unschedulable === true,
    // Kubernetes adds (and removes) these itself as a node's conditions change: a stopped kubelet
    // gives node.kubernetes.io/unreachable. Restoring the node removes their cause instead.
    taints: (spec.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/')).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
    labels: Object.fromEntries(labels),
  };
}

const taintId = (t: Taint) => `${t.key}=${t.value ?? ''}:${t.effect}`;
const taintArg = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/**
 * kubectl argv (after `kubectl`) that turn `now` back into `baseline`, one node at a time: what a
 * task added is removed, what it removed is put back, and nothing that is the same is touched. A
 * node that is not in the baseline (added since) is left alone; one that is gone cannot be fixed here.
 */
export function planNodeRestore(baseline: readonly NodeState[], now: readonly NodeState[]): string[][] {
  const commands: string[][] = [];
  for (const before of baseline) {
    const current = now.find((n) => n.name === before.name);
    if (!current) continue;
    if (current.unschedulable !== before.unschedulable) commands.push([before.unschedulable ? 'cordon' : 'uncordon', before.name]);
    const had = new Set(before.taints.map(taintId));
    const has = new Set(current.taints.map(taintId));
    const removeTaints = current.taints.filter((t) => !had.has(taintId(t))).map((t) => `${t.key}:${t.effect}-`);
    const addTaints = before.taints.filter((t) => !has.has(taintId(t))).map(taintArg);
    // Removing first: a taint whose value changed is the same key and effect, removed then re-added.
    if (removeTaints.length > 0) commands.push(['taint', 'nodes', before.name, ...new Set(removeTaints)]);
    if (addTaints.length > 0) commands.push(['taint', 'nodes', before.name, ...addTaints, '--overwrite']);
    const labelArgs = [
      ...Object.keys(current.labels).filter((k) => !(k in before.labels)).map((k) => `${k}-`),
      ...Object.entries(before.labels).filter(([k, v]) => current.labels[k] !== v).map(([k, v]) => `${k}=${v}`),
    ];
    if (labelArgs.length > 0) commands.push(['label', 'nodes', before.name, ...labelArgs, '--overwrite']);
  }
  return commands;
}
