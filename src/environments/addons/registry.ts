// The cluster add-ons a task may ask for (`environment.addons`), each pinned to one version whose
// manifest ships inside kubedrill (manifests/, listed in package.json `files`) and is checked
// against its sha256 before it is applied: nothing is downloaded when a task opens. Pure data and
// zod-free, so pack validation can name the add-ons without loading the installer.
//
// Provenance of the shipped manifests (the sha256 below is of the file as shipped):
// - gateway-api-crds v1.3.0: rebuilt with upstream's own hack/build-install-yaml.sh (standard
//   channel) from tag v1.3.0 of kubernetes-sigs/gateway-api (boilerplate YEAR=2025, the tag's
//   year). It is meant to equal the release asset standard-install.yaml, but was not compared with
//   it byte for byte (no network where it was made): the 5 CRDs are upstream's files unchanged.
// - ingress-nginx controller-v1.15.1: deploy/static/provider/kind/deploy.yaml at tag
//   controller-v1.15.1 of kubernetes/ingress-nginx, unchanged (git blob 14c0fec3…); that is the
//   file ingress-nginx's kind instructions apply by raw URL. Supports Kubernetes 1.31–1.35.
// - metrics-server: NOT bundled. Its components.yaml is a release asset (built by kustomize with
//   the image tag substituted), which could not be obtained here; see its entry.

/** How the installer knows an add-on is up: what it waits for after applying. */
export type Readiness =
  | { kind: 'crd'; name: string }
  | { kind: 'deployment'; namespace: string; name: string }
  /** A ValidatingWebhookConfiguration whose every webhook has a caBundle (set after install by a Job). */
  | { kind: 'webhook-ca'; name: string };

export interface AddonSpec {
  name: string;
  version: string;
  summary: string;
  /** Where the pinned manifest comes from upstream. */
  upstream: string;
  /** The manifest file in manifests/ and its sha256 (hex); absent when this build does not bundle it. */
  bundled?: { file: string; sha256: string };
  /** Why it is not bundled, and what bundling it takes. */
  notBundled?: string;
  /** What must be ready before a task may use it (CRDs Established, Deployments Available, webhook CA bundles set). */
  ready: readonly Readiness[];
}

const GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants'];

export const ADDONS: readonly AddonSpec[] = [
  {
    name: 'gateway-api-crds',
    version: 'v1.3.0',
    summary: 'Gateway API standard-channel CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant); no controller',
    upstream: 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml',
    bundled: { file: 'gateway-api-crds-v1.3.0.yaml', sha256: '78796d5c51450fc55d8dc8092ba8137f8c807982d7508d7875d5c537a24082b9' },
    ready: GATEWAY_CRDS.map((plural) => ({ kind: 'crd' as const, name: `${plural}.gateway.networking.k8s.io` })),
  },
  {
    name: 'ingress-nginx',
    version: 'controller-v1.15.1',
    summary: 'the ingress-nginx controller for kind (IngressClass nginx), with its admission webhook',
    upstream: 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/deploy/static/provider/kind/deploy.yaml',
    bundled: { file: 'ingress-nginx-controller-v1.15.1.yaml', sha256: '2a3ae008c8786431115502644e77ab398fdebfb721a5d1195ed3089cde3299df' },
    // Its two certificate Jobs delete themselves when done (ttlSecondsAfterFinished: 0), so they
    // cannot be waited for. What they leave is: the controller pod starts only once the create Job
    // wrote its secret, and Ingress writes pass the webhook only once the patch Job set its caBundle.
    ready: [
      { kind: 'deployment', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
      { kind: 'webhook-ca', name: 'ingress-nginx-admission' },
    ],
  },
  {
    name: 'metrics-server',
    version: 'v0.7.2',
    summary: 'metrics-server, so `kubectl top` and resource-metric HPAs work',
    upstream: 'https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml',
    // TODO(addons): ship components.yaml v0.7.2 as manifests/metrics-server-v0.7.2.yaml with its
    // sha256 here. On kind the Deployment also needs `--kubelet-insecure-tls` (kubelets serve
    // self-signed certificates): add it as a documented patch of the upstream file, not in place.
    notBundled: 'its release manifest (components.yaml) is not shipped with this build of kubedrill',
    ready: [{ kind: 'deployment', namespace: 'kube-system', name: 'metrics-server' }],
  },
];

export const ADDON_NAMES: readonly string[] = ADDONS.map((a) => a.name);

export const findAddon = (name: string): AddonSpec | undefined => ADDONS.find((a) => a.name === name);
