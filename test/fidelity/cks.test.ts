import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/models/index.js';
import { gradeAnswer } from './grade-answer.js';

/**
 * CKS answers the task files do not list, graded offline: other correct spellings must score
 * 100%, plausible wrong answers below 100%. Only offline-capable tasks appear here; behavioural
 * checks (connectivity, pod-status, node commands) are left out of the offline score.
 */

const apply = (yaml: string): Step => ({ apply: yaml });

// The variants the answers below are written for: each task's first choices, its values before
// it had params (gradeAnswer refuses a task with params unless the variant is pinned). Derived
// params are pinned too, with the values the task derives from these.
const NETPOL = { ns: 'prod', otherNs: 'ops' };
const RBAC = { ns: 'db', sa: 'team', broadRole: 'db-full', broadBinding: 'team-full' };
const PSA = { ns: 'secure', uid: '1000' };
const CAPS = { ns: 'hardened', uid: '1001', addCap: 'SYS_TIME' };
const RUNTIMECLASS = { rc: 'gvisor', ns: 'sandbox' };
const PULL_SECRET = { ns: 'apps', secret: 'regcred' };

const policies = (defaultDenySpec: string, allowDnsSpec: string): Step =>
  apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: prod }
spec:
${defaultDenySpec}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-dns, namespace: prod }
spec:
${allowDnsSpec}
`);

const execRole = (rules: string): Step[] => [
  { delete: 'rolebinding/team-full', namespace: 'db' },
  apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: exec-access, namespace: db }
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: exec-access, namespace: db }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec-access }
subjects:
- { kind: ServiceAccount, name: team, namespace: db }
`),
];

const restrictedNamespace = apply(`apiVersion: v1
kind: Namespace
metadata:
  name: secure
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/warn: restricted
`);

const securePod = (podSecurityContext: string, containerSecurityContext: string): Step =>
  apply(`apiVersion: v1
kind: Pod
metadata: { name: secure-app, namespace: hardened }
spec:
  securityContext: ${podSecurityContext}
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
    securityContext: ${containerSecurityContext}
`);

describe('CKS fidelity: answers the task files do not list', () => {
  it('given allow-dns with TCP listed first and default-deny with only an explicit empty egress list, when graded, then netpol-default-deny-dns scores 100', async () => {
    const report = await gradeAnswer('cks/netpol-default-deny-dns', [
      policies(
        '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: []',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - { protocol: TCP, port: 53 }\n    - { protocol: UDP, port: 53 }',
      ),
    ], NETPOL);
    expect(report.score.percent).toBe(100);
  });

  it('given allow-dns that also opens port 80, when graded, then netpol-default-deny-dns is below 100', async () => {
    const report = await gradeAnswer('cks/netpol-default-deny-dns', [
      policies(
        '  podSelector: {}\n  policyTypes: [Ingress, Egress]',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - { port: 53, protocol: UDP }\n    - { port: 53, protocol: TCP }\n    - { port: 80, protocol: TCP }',
      ),
    ], NETPOL);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the subresource rule first and the pod verbs as list, get, when graded, then rbac-least-privilege scores 100', async () => {
    const report = await gradeAnswer(
      'cks/rbac-least-privilege',
      execRole(`- apiGroups: ['']
  resources: ['pods/portforward', 'pods/exec']
  verbs: ['create']
- apiGroups: ['']
  resources: ['pods']
  verbs: ['list', 'get']`),
      RBAC,
    );
    expect(report.score.percent).toBe(100);
  });

  it('given every verb on pods and its subresources ("*"), when graded, then rbac-least-privilege is below 100', async () => {
    const report = await gradeAnswer(
      'cks/rbac-least-privilege',
      execRole(`- { apiGroups: [""], resources: [pods, pods/exec, pods/portforward], verbs: ["*"] }`),
      RBAC,
    );
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given runAsNonRoot pod-wide and the UID only on the container, when graded, then pod-security-restricted scores 100 offline', async () => {
    const report = await gradeAnswer('cks/pod-security-restricted', [
      restrictedNamespace,
      apply(`apiVersion: v1
kind: Pod
metadata: { name: compliant, namespace: secure }
spec:
  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
    securityContext: { runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`),
    ], PSA);
    expect(report.score.percent).toBe(100);
  });

  it('given UID 1000 pod-wide overridden by 1001 on the container, when graded, then security-context-caps scores 100 offline', async () => {
    const report = await gradeAnswer('cks/security-context-caps', [
      securePod(
        '{ runAsUser: 1000 }',
        '{ runAsUser: 1001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { add: [SYS_TIME], drop: [CHOWN] } }',
      ),
    ], CAPS);
    expect(report.score.percent).toBe(100);
  });

  it('given ALL capabilities dropped instead of CHOWN, when graded, then security-context-caps is below 100', async () => {
    const report = await gradeAnswer('cks/security-context-caps', [
      securePod(
        '{}',
        '{ runAsUser: 1001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { add: [SYS_TIME], drop: [ALL] } }',
      ),
    ], CAPS);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the answer for UID 1001 and SYS_TIME in a variant that asks for UID 1500 and NET_ADMIN, when graded, then exactly those two checks fail', async () => {
    const report = await gradeAnswer('cks/security-context-caps', [
      securePod(
        '{}',
        '{ runAsUser: 1001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { add: [SYS_TIME], drop: [CHOWN] } }',
      ),
    ], { ...CAPS, uid: '1500', addCap: 'NET_ADMIN' });
    expect(report.checks.filter((check) => check.status === 'failed').map((check) => check.id)).toEqual(['run-as-user', 'cap-add']);
  });

  it('given a RuntimeClass that also declares pod overhead, when graded, then runtimeclass-gvisor scores 100', async () => {
    const report = await gradeAnswer('cks/runtimeclass-gvisor', [
      apply(`apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: gvisor }
handler: runsc
overhead:
  podFixed: { memory: 120Mi, cpu: 250m }
---
apiVersion: v1
kind: Pod
metadata: { name: sandboxed, namespace: sandbox }
spec:
  runtimeClassName: gvisor
  containers:
  - { name: app, image: nginx:1.27 }
`),
    ], RUNTIMECLASS);
    expect(report.score.percent).toBe(100);
  });

  it('given the pod naming the handler (runsc) instead of the RuntimeClass, when graded, then runtimeclass-gvisor is below 100', async () => {
    const report = await gradeAnswer('cks/runtimeclass-gvisor', [
      apply(`apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: gvisor }
handler: runsc
---
apiVersion: v1
kind: Pod
metadata: { name: sandboxed, namespace: sandbox }
spec:
  runtimeClassName: runsc
  containers:
  - { name: app, image: nginx:1.27 }
`),
    ], RUNTIMECLASS);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given a legacy kubernetes.io/dockercfg Secret, when graded, then image-pull-secret is below 100', async () => {
    const report = await gradeAnswer('cks/image-pull-secret', [
      apply(`apiVersion: v1
kind: Secret
metadata: { name: regcred, namespace: apps }
type: kubernetes.io/dockercfg
stringData:
  .dockercfg: '{"private-registry.io": {"auth": "ZG9ja191c2VyOmRvY2tfcGFzc3dvcmQ="}}'
---
apiVersion: v1
kind: Pod
metadata: { name: app1, namespace: apps }
spec:
  imagePullSecrets: [{ name: regcred }]
  containers:
  - { name: app1, image: "private-registry.io/apps/internal-app:1.0" }
`),
    ], PULL_SECRET);
    expect(report.score.percent).toBeLessThan(100);
  });
});
