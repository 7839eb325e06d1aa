import { join } from 'node:path';

/** The default kind cluster kubedrill creates and uses. */
export const DEFAULT_CLUSTER = 'kubedrill';

/** kind's cluster names: the name becomes container names and kubedrill's kubeconfig path. */
export const CLUSTER_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const CLUSTER_NAME_RULE = 'a cluster name is lowercase letters, digits and dashes';

/** kubedrill's own kubeconfig for a kind cluster: never the learner's ~/.kube/config. */
export const kindKubeconfigPath = (dataDir: string, cluster: string): string => join(dataDir, 'kube', `${cluster}.kubeconfig`);

/** kind's context name for a cluster. */
export const kindContext = (cluster: string): string => `kind-${cluster}`;

/**
 * Lab clusters: small extra clusters an exam creates for disruptive tasks, named
 * `<main>-lab1`, `<main>-lab2`, … after the main cluster they belong to.
 */
export const labClusterName = (main: string, n: number): string => `${main}-lab${n}`;

/** The lab number of `name` when it is one of `main`'s lab clusters (exactly `<main>-lab<N>`, N ≥ 1), else undefined. */
export function labNumber(main: string, name: string): number | undefined {
  const prefix = `${main}-lab`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  // No leading zero: `kubedrill-lab01` is not a name kubedrill makes, so it is not ours to delete.
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
}
