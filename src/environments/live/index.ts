// What outside code uses of the shared live layer: doctor talks kubectl to the kind cluster and
// probes NetworkPolicy; the live test holds a LiveEnvironment.
export { createKubectl } from './kubectl.js';
export { probeNetworkPolicy } from './network-policy-probe.js';
export type { LiveEnvironment } from './environment.js';
