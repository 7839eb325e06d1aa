// What a task disrupts for the other tasks on its cluster (`environment.disrupts` in the task
// format). Without zod, so the draw and the home screen can use it before the models load.
import type { Task } from './task.js';

/**
 * What a task can break for the other tasks on its cluster (`environment.disrupts`). A closed
 * list: exam placement keeps tasks that disrupt the same thing on different clusters, so each
 * kind must mean one shared thing. Chosen from what the built-in tasks do, plus the two other
 * control-plane parts a troubleshooting task commonly breaks (controller-manager, network).
 */
export const DISRUPTIONS = {
  apiserver: 'the kube-apiserver is stopped, or its static pod manifest edited so that it restarts: no API for minutes',
  etcd: "etcd's data is restored from a snapshot: every object made after the snapshot is gone",
  scheduling: 'the kube-scheduler is stopped or broken: new pods stay Pending',
  'controller-manager': 'the kube-controller-manager is stopped or broken: Deployments, ReplicaSets and node lifecycle stop reconciling',
  kubelet: "a node's kubelet configuration is changed or broken and the kubelet restarted: the node's pods stop, it may go NotReady and its pods be evicted",
  'node-schedulability': 'nodes are cordoned, drained or tainted: pods without a matching toleration cannot land there, a drain evicts or deletes other pods',
  network: 'the CNI or kube-proxy is changed or broken: pod or Service traffic fails cluster-wide',
} as const;
export type Disruption = keyof typeof DISRUPTIONS;
export const DISRUPTION_KINDS = Object.keys(DISRUPTIONS) as [Disruption, ...Disruption[]];

/** Whether a task changes its cluster for every other task (it lists what in `environment.disrupts`). */
export const isDisruptive = (task: Task): boolean => task.environment.disrupts.length > 0;

/**
 * Items in the order one shared cluster can take their tasks: disruptive tasks last, so their
 * breakage cannot affect the others; the rest as given.
 */
export function disruptiveLast<T>(items: readonly T[], taskOf: (item: T) => Task): T[] {
  return [...items].sort((a, b) => Number(isDisruptive(taskOf(a))) - Number(isDisruptive(taskOf(b))));
}
