import type { CheckContext, Nodes } from '../../src/models/index.js';

/**
 * A CheckContext for the etcd checkers: real Nodes (the local double), and ports the etcd
 * checkers must never touch, which throw if they do.
 */
export function nodeOnlyContext(nodes: Nodes): CheckContext {
  const untouchable = (what: string) => () => Promise.reject(new Error(`etcd checkers must not use ${what}`));
  return {
    nodes,
    cluster: { get: untouchable('cluster.get'), list: untouchable('cluster.list'), canI: untouchable('cluster.canI'), execInPod: untouchable('cluster.execInPod'), dryRun: untouchable('cluster.dryRun') },
    answers: { readFile: untouchable('answers.readFile') },
    signal: new AbortController().signal,
    offline: false,
    vars: {
      cluster: 'kubedrill',
      context: 'kind-kubedrill',
      answers: '/tmp/answers',
      nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' },
    },
  };
}
