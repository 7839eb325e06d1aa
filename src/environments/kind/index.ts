// The kind environment's face for the rest of kubedrill (services: cluster, doctor; the live test).
export { openKindEnvironment } from './environment.js';
export { createKindProvider, MIN_KIND_VERSION, parseKindVersion, versionAtLeast } from './provider.js';
export type { KindCluster, KindClusterStatus } from './provider.js';
export { createDockerNodes, kindNodeContainer } from './docker-nodes.js';
export { chooseNodeImage, imageKubernetesMinor, KIND_NODE_IMAGES, type NodeImageChoice } from './node-image.js';
export { labClusterName, labNumber } from './paths.js';
export { labClustersOf, listKindClusters } from './kind-cli.js';
