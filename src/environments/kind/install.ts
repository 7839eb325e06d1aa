// Where to get what a kind cluster needs, said the same way by the provider's errors, `doctor`
// and the home screen. kind ≥ 0.24: its default CNI (kindnet) enforces NetworkPolicy from that
// release on, which the network-policy tasks need.

export const DOCKER_INSTALL_URL = 'https://docs.docker.com/engine/install/';
export const KIND_INSTALL_URL = 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation';

/** The next step to show when Docker is missing. */
export const INSTALL_DOCKER = `install Docker: ${DOCKER_INSTALL_URL}`;
/** The next step to show when kind is missing or too old. */
export const INSTALL_KIND = `install kind ≥ 0.24: ${KIND_INSTALL_URL}`;
