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
