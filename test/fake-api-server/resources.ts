/** The API resources the fake server serves discovery for (a small subset of a real cluster). */
export interface FakeResource {
  group: string;
  version: string;
  name: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs?: string[];
}

const READ = ['get', 'list'];

export const FAKE_RESOURCES: readonly FakeResource[] = [
  { group: '', version: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'] },
  { group: '', version: 'v1', name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  { group: '', version: 'v1', name: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'] },
  { group: '', version: 'v1', name: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', name: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', name: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'] },
  { group: 'apps', version: 'v1', name: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
  { group: 'apps', version: 'v1', name: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] },
  { group: 'apps', version: 'v1', name: 'statefulsets', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'] },
  { group: 'networking.k8s.io', version: 'v1', name: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'authorization.k8s.io', version: 'v1', name: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
].map((r) => ({ verbs: READ, ...r }));

/** `group/version` as apiVersion writes it (`v1` for the core group). */
export const groupVersion = (r: FakeResource): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);
