import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/models/index.js';
import { cidrContains, parseIp } from './cidr.js';
import { evaluateFlow, namespaceLabelsFrom, policyTypes } from './netpol-model.js';
import type { Destination, Flow, Protocol } from './netpol-model.js';
import type { PodCandidate } from './pod-candidates.js';

const pod = (namespace: string, name: string, labels: Record<string, string>, o: { ip?: string; ports?: PodCandidate['ports'] } = {}): PodCandidate => ({
  namespace,
  label: name,
  podName: name,
  labels,
  ...(o.ip ? { ip: o.ip } : {}),
  ports: o.ports ?? [],
  hostNetwork: false,
});

const policy = (namespace: string, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

const namespace = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const NAMESPACES = [namespace('default'), namespace('myproject', { project: 'myproject' }), namespace('other'), namespace('alice', { user: 'alice' })];

// The pods of the documentation's examples.
const db = pod('default', 'db', { role: 'db' }, { ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }] });
const frontend = pod('default', 'frontend', { role: 'frontend' });
const plain = pod('default', 'plain', { app: 'plain' });
const inMyProject = pod('myproject', 'anything', { app: 'x' });
const frontendElsewhere = pod('other', 'frontend', { role: 'frontend' });
const outsider172 = pod('other', 'outsider', { app: 'o' }, { ip: '172.17.0.5' });
const outsiderExcept = pod('other', 'excepted', { app: 'o' }, { ip: '172.17.1.5' });
const aliceClient = pod('alice', 'client', { role: 'client' });
const aliceOther = pod('alice', 'other', { role: 'server' });
const bobClient = pod('other', 'client', { role: 'client' });
const web = pod('default', 'web', { app: 'web' }, { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] });

/** The documentation's `test-network-policy`. */
const testNetworkPolicy = policy('default', 'test-network-policy', {
  podSelector: { matchLabels: { role: 'db' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [
    {
      from: [
        { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
        { namespaceSelector: { matchLabels: { project: 'myproject' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    },
  ],
  egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
});

const denyIngress = policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const denyEgress = policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const allowAllIngress = policy('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] });
const allowAllEgress = policy('default', 'allow-all-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] });
const denyAll = policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const andPeer = policy('default', 'and', {
  podSelector: { matchLabels: { role: 'db' } },
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
});
const orPeers = policy('default', 'or', {
  podSelector: { matchLabels: { role: 'db' } },
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }],
});
const endPort = policy('default', 'end-port', {
  podSelector: { matchLabels: { role: 'db' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }],
});

type Row = [scenario: string, policies: K8sObject[], from: PodCandidate, to: PodCandidate | string, port: number, allowed: boolean, protocol?: Protocol];

const ROWS: Row[] = [
  // From the NetworkPolicy documentation.
  ['no policy at all: non-isolated pods accept everything', [], frontend, db, 6379, true],
  ['default deny ingress blocks traffic into the namespace', [denyIngress], inMyProject, plain, 80, false],
  ['default deny ingress leaves egress open', [denyIngress], plain, inMyProject, 80, true],
  ['allow all ingress next to default deny: the union admits', [denyIngress, allowAllIngress], inMyProject, plain, 80, true],
  ['default deny egress blocks traffic out of the namespace', [denyEgress], plain, inMyProject, 80, false],
  ['default deny egress leaves ingress open', [denyEgress], inMyProject, plain, 80, true],
  ['allow all egress next to default deny egress', [denyEgress, allowAllEgress], plain, inMyProject, 80, true],
  ['default deny all blocks within the namespace', [denyAll], frontend, plain, 80, false],
  ['test-network-policy: frontend pod in the same namespace on 6379', [testNetworkPolicy], frontend, db, 6379, true],
  ['test-network-policy: frontend pod on a port not listed', [testNetworkPolicy], frontend, db, 80, false],
  ['test-network-policy: UDP on the listed port number', [testNetworkPolicy], frontend, db, 6379, false, 'UDP'],
  ['test-network-policy: any pod in a namespace labelled project=myproject', [testNetworkPolicy], inMyProject, db, 6379, true],
  ['test-network-policy: podSelector alone means the policy\'s namespace', [testNetworkPolicy], frontendElsewhere, db, 6379, false],
  ['test-network-policy: ipBlock admits a pod IP inside the CIDR', [testNetworkPolicy], outsider172, db, 6379, true],
  ['test-network-policy: ipBlock except carves a range out', [testNetworkPolicy], outsiderExcept, db, 6379, false],
  ['test-network-policy: db egress to 10.0.0.5:5978 (ipBlock)', [testNetworkPolicy], db, '10.0.0.5', 5978, true],
  ['test-network-policy: db egress to 10.0.0.5 on another port', [testNetworkPolicy], db, '10.0.0.5', 80, false],
  ['test-network-policy: db egress outside the CIDR', [testNetworkPolicy], db, '10.0.1.5', 5978, false],
  ['test-network-policy: db egress to a pod (selectors absent, ipBlock needs an IP)', [testNetworkPolicy], db, frontend, 5978, false],
  ['AND: the client in alice\'s namespace', [andPeer], aliceClient, db, 6379, true],
  ['AND: another pod in alice\'s namespace', [andPeer], aliceOther, db, 6379, false],
  ['AND: a client pod in another namespace', [andPeer], bobClient, db, 6379, false],
  ['OR: another pod in alice\'s namespace', [orPeers], aliceOther, db, 6379, true],
  ['OR: a client pod in another namespace is still refused (podSelector alone is the policy\'s namespace)', [orPeers], bobClient, db, 6379, false],
  ['endPort: inside the range', [endPort], db, '10.0.0.9', 32500, true],
  ['endPort: the range is inclusive', [endPort], db, '10.0.0.9', 32768, true],
  ['endPort: just past the range', [endPort], db, '10.0.0.9', 32769, false],
  // Tricky cases.
  [
    'policyTypes omitted with only egress rules: Ingress is still isolated',
    [policy('default', 'egress-only-rules', { podSelector: { matchLabels: { role: 'db' } }, egress: [{}] })],
    frontend,
    db,
    6379,
    false,
  ],
  [
    'policyTypes omitted with only egress rules: Egress is defaulted in, and its rule admits',
    [policy('default', 'egress-only-rules', { podSelector: { matchLabels: { role: 'db' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })],
    db,
    frontend,
    80,
    false,
  ],
  [
    'policyTypes omitted and an empty egress list: not isolated for egress',
    [policy('default', 'empty-egress', { podSelector: { matchLabels: { role: 'db' } }, egress: [] })],
    db,
    frontend,
    80,
    true,
  ],
  [
    'policyTypes [Egress] with ingress rules: the ingress rules are ignored, ingress stays open',
    [policy('default', 'egress-typed', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { nobody: 'x' } } }] }] })],
    frontend,
    db,
    6379,
    true,
  ],
  [
    'a policy in another namespace does not select pods here',
    [policy('other', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] })],
    frontend,
    db,
    6379,
    true,
  ],
  [
    'namespaceSelector {} admits every namespace, podSelector still applies',
    [policy('default', 'any-ns', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'client' } } }] }] })],
    bobClient,
    db,
    6379,
    true,
  ],
  [
    'namespaceSelector on kubernetes.io/metadata.name matches a namespace absent from the workspace',
    [policy('default', 'from-kube-system', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }] })],
    pod('kube-system', 'metrics', { app: 'm' }),
    db,
    6379,
    true,
  ],
  [
    'named port in an ingress rule resolves to the destination container port',
    [policy('default', 'named', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 'http' }] }] })],
    frontend,
    web,
    8080,
    true,
  ],
  [
    'named port does not admit another port number',
    [policy('default', 'named', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 'http' }] }] })],
    frontend,
    web,
    80,
    false,
  ],
  [
    'named port in an egress rule resolves against the destination, not the source',
    [policy('default', 'egress-named', { podSelector: { matchLabels: { role: 'frontend' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })],
    frontend,
    web,
    8080,
    true,
  ],
  [
    'a port entry with only a protocol covers every port of it',
    [policy('default', 'tcp-only', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    frontend,
    db,
    12345,
    true,
  ],
  [
    'matchExpressions in a peer podSelector',
    [policy('default', 'expr', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['frontend', 'client'] }] } }] }] })],
    frontend,
    db,
    6379,
    true,
  ],
  [
    'the destination\'s egress policy does not matter, nor the source\'s ingress policy',
    [policy('default', 'db-no-egress', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Egress'] }), policy('default', 'fe-no-ingress', { podSelector: { matchLabels: { role: 'frontend' } }, policyTypes: ['Ingress'] })],
    frontend,
    db,
    6379,
    true,
  ],
  [
    'egress allowed but ingress denied is blocked',
    [allowAllEgress, denyIngress],
    frontend,
    db,
    6379,
    false,
  ],
];

const world = (policies: K8sObject[]) => ({ policies, namespaceLabels: namespaceLabelsFrom(NAMESPACES) });
const flow = (from: PodCandidate, to: PodCandidate | string, port: number, protocol: Protocol = 'TCP'): Flow => ({
  from,
  to: (typeof to === 'string' ? { address: to } : { pod: to }) as Destination,
  port,
  protocol,
});

describe('NetworkPolicy model', () => {
  it('has at least 15 scenarios', () => expect(ROWS.length).toBeGreaterThanOrEqual(15));

  it.each(ROWS)('Given %s, then allowed is %s', (_scenario, policies, from, to, port, allowed, protocol) => {
    expect(evaluateFlow(flow(from, to, port, protocol), world(policies)).allowed).toBe(allowed);
  });

  it('Given a default deny ingress, then the explanation names the policy, the pod and what was not admitted', () => {
    const verdict = evaluateFlow(flow(frontend, db, 3306), world([policy('prod', 'x', { podSelector: {} }), denyIngress]));

    expect(verdict.explanation).toBe('default/default-deny-ingress isolates db for ingress; no ingress rule admits frontend:3306');
  });

  it('Given the source is blocked for egress toward another namespace, then the peer is named with its namespace', () => {
    expect(evaluateFlow(flow(plain, inMyProject, 53, 'UDP'), world([denyEgress, denyAll])).explanation).toBe(
      'default/default-deny-egress, default/default-deny-all isolate plain for egress; no egress rule admits myproject/anything:53/UDP',
    );
  });

  it('Given an allowed flow, then the explanation says which rule admitted it on each side', () => {
    expect(evaluateFlow(flow(frontend, db, 6379), world([testNetworkPolicy])).explanation).toBe(
      'no policy isolates frontend for egress; default/test-network-policy ingress rule 1 admits it',
    );
  });

  it('Given an ipBlock peer and a source pod without an IP, then it is blocked and the note says why the ipBlock could not match', () => {
    const verdict = evaluateFlow(flow(pod('other', 'noip', { app: 'o' }), db, 6379), world([testNetworkPolicy]));

    expect(verdict.allowed).toBe(false);
    expect(verdict.notes).toEqual(['ipBlock 172.17.0.0/16 matches no pod without status.podIP, and noip has none here']);
  });

  it('Given policyTypes written or not, then they default as the API server does', () => {
    expect(policyTypes(policy('a', 'b', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypes(policy('a', 'b', { podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypes(policy('a', 'b', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] }))).toEqual(['Egress']);
  });

  it('Given namespaces in the workspace or not, then each carries kubernetes.io/metadata.name and cannot override it', () => {
    const labels = namespaceLabelsFrom([namespace('prod', { team: 'a', 'kubernetes.io/metadata.name': 'wrong' })]);
    expect(labels('prod')).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'prod' });
    expect(labels('kube-system')).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
  });
});

describe('CIDR matching', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.255', true],
    ['10.0.0.0/24', '10.0.1.0', false],
    ['0.0.0.0/0', '192.168.1.1', true],
    ['172.17.1.0/24', '172.17.1.5', true],
    ['10.0.0.1/32', '10.0.0.1', true],
    ['fd00::/64', 'fd00::1', true],
    ['fd00::/64', 'fd00:0:0:1::1', false],
    ['10.0.0.0/8', 'fd00::1', false],
    ['10.0.0.0/33', '10.0.0.1', false],
    ['not-a-cidr', '10.0.0.1', false],
  ])('Given %s, then %s is inside: %s', (cidr, ip, inside) => {
    expect(cidrContains(cidr, ip)).toBe(inside);
  });

  it('Given host names or malformed addresses, then they are not IPs', () => {
    expect(parseIp('kube-dns.kube-system')).toBeUndefined();
    expect(parseIp('256.0.0.1')).toBeUndefined();
    expect(parseIp('::ffff:10.0.0.1')?.bits).toBe(128);
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});
