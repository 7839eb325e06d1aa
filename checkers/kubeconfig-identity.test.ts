import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { K8sObject } from '../src/models/index.js';
import { openFakeApiCluster, type FakeApiCluster } from '../test/support/fake-api-cluster.js';
import { kubeconfigIdentityChecker } from './kubeconfig-identity.js';
import { b64, makeTestPki, type IssuedCert, type TestPki } from './support/test-certs.js';
import { TEST_VARS, testContext, type TestWorld } from './support/test-ports.js';

// Certificates are made by openssl at test time (checkers/support/test-certs.ts).
let pki: TestPki;
let jane: IssuedCert;
let janeSelfSigned: IssuedCert;
let bob: IssuedCert;

beforeAll(() => {
  pki = makeTestPki('kubernetes');
  jane = pki.issue({ cn: 'jane', o: ['dev-team', 'qa'] });
  janeSelfSigned = pki.issue({ cn: 'jane', o: ['dev-team'], selfSigned: true });
  bob = pki.issue({ cn: 'bob', o: ['dev-team'] });
}, 30_000);
afterAll(() => pki.cleanup());

const SERVER = 'https://127.0.0.1:6443';

/** A kubeconfig as `kubectl config set-credentials/set-context` writes it, with an admin context as current. */
function kubeconfig(user: Record<string, unknown>, o: { current?: string; server?: string } = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubedrill', cluster: { 'certificate-authority-data': b64('ca'), server: o.server ?? SERVER } }],
    users: [
      { name: 'jane', user },
      { name: 'admin', user: { token: 'static-admin-token' } },
    ],
    contexts: [
      { name: 'jane@kubedrill', context: { cluster: 'kubedrill', user: 'jane', namespace: 'dev' } },
      { name: 'admin@kubedrill', context: { cluster: 'kubedrill', user: 'admin' } },
    ],
    'current-context': o.current ?? 'jane@kubedrill',
  });
}

const embedded = (c: IssuedCert) => ({ 'client-certificate-data': b64(c.cert), 'client-key-data': b64(c.key) });
const rootCa = (): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': pki.ca.cert } });

const grade = (params: Record<string, unknown>, world: TestWorld) => kubeconfigIdentityChecker.run(kubeconfigIdentityChecker.params.parse(params), testContext(world));
const janeCheck = { file: 'jane.kubeconfig', user: 'jane', groups: ['dev-team'], server: SERVER };

/** An unsigned JWT with these claims: the checker reads claims without verifying. */
const jwt = (claims: Record<string, unknown>): string =>
  [{ alg: 'RS256', kid: 'k1' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';
const serviceAccount = (namespace: string, name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });

describe('kubeconfig-identity params', () => {
  it.each([
    [{ user: 'jane' }, /exactly one of file or node/],
    [{ file: 'k', node: 'controlplane', path: '/k', user: 'jane' }, /exactly one of file or node/],
    [{ file: 'k' }, /at least one of user, groups or server/],
    [{ node: 'controlplane', user: 'jane' }, /node and path go together/],
    [{ file: 'k', groups: [] }, /too_small|>=1/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = kubeconfigIdentityChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('kubeconfig-identity with client certificates', () => {
  it('given embedded certificate data signed by the cluster CA, when checked, then the CN is the user and each O a group', async () => {
    const outcome = await grade(janeCheck, { answers: { 'jane.kubeconfig': kubeconfig(embedded(jane)) }, objects: [rootCa()] });
    expect(outcome).toEqual({
      status: 'passed',
      evidence: expect.stringMatching(
        new RegExp(`^${TEST_VARS.answers}/jane\\.kubeconfig, context jane@kubedrill: client certificate → user jane, groups dev-team, qa, system:authenticated \\(signed by the cluster's CA; valid until \\d{4}-\\d\\d-\\d\\d\\); server ${SERVER}$`),
      ),
    });
  });

  it('given certificate and key as files beside the kubeconfig and no cluster CA to read, when checked, then it passes and says the CA was not checked', async () => {
    const answers = { 'jane.kubeconfig': kubeconfig({ 'client-certificate': 'certs/jane.crt', 'client-key': `${TEST_VARS.answers}/certs/jane.key` }), 'certs/jane.crt': jane.cert, 'certs/jane.key': jane.key };
    expect(await grade(janeCheck, { answers })).toMatchObject({ status: 'passed', evidence: expect.stringContaining('not checked against the cluster CA') });
  });

  it('given a self-signed certificate with the right CN, when the cluster CA is known, then failed: the API server would reject it', async () => {
    const outcome = await grade(janeCheck, { answers: { 'jane.kubeconfig': kubeconfig(embedded(janeSelfSigned)) }, objects: [rootCa()] });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining("is not signed by the cluster's CA: the API server rejects it") });
  });

  it('given another user\'s certificate, when checked, then failed; the summary names the learner\'s user, not the expected one', async () => {
    const outcome = await grade({ file: 'jane.kubeconfig', user: 'jane' }, { answers: { 'jane.kubeconfig': kubeconfig(embedded(bob)) }, objects: [rootCa()] });
    expect(outcome).toMatchObject({
      status: 'failed',
      actual: expect.stringMatching(/^user is bob, not jane — /),
      summary: `${TEST_VARS.answers}/jane.kubeconfig, context jane@kubedrill: it authenticates as another user than the task asks (now: bob, groups dev-team, system:authenticated)`,
    });
  });

  it('given a group missing from the certificate, when groups are checked, then failed naming what is lacking in the evidence only', async () => {
    const outcome = await grade({ file: 'k', groups: ['dev-team', 'ops'] }, { answers: { k: kubeconfig(embedded(jane)) }, objects: [rootCa()] });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining('lack ops') });
    expect((outcome as { summary: string }).summary).not.toContain('ops');
  });

  it('given the key of another certificate or no key at all, when checked, then failed: kubectl could not authenticate with it', async () => {
    const wrongKey = await grade(janeCheck, { answers: { 'jane.kubeconfig': kubeconfig({ 'client-certificate-data': b64(jane.cert), 'client-key-data': b64(bob.key) }) } });
    expect(wrongKey).toMatchObject({ status: 'failed', actual: expect.stringContaining('the client key is not the key of the client certificate') });
    const noKey = await grade(janeCheck, { answers: { 'jane.kubeconfig': kubeconfig({ 'client-certificate-data': b64(jane.cert) }) } });
    expect(noKey).toMatchObject({ status: 'failed', actual: expect.stringContaining('no client key') });
  });

  it('given a certificate path outside the answers directory, when checked, then error: kubedrill cannot read it', async () => {
    const outcome = await grade(janeCheck, { answers: { 'jane.kubeconfig': kubeconfig({ 'client-certificate': '/home/me/jane.crt', 'client-key': '/home/me/jane.key' }) } });
    expect(outcome).toMatchObject({ status: 'error', reason: expect.stringContaining('client-certificate /home/me/jane.crt is outside the answers directory') });
  });

  it('given a kubeconfig on a node naming its files relatively, when checked, then they are read beside it on that node', async () => {
    const world: TestWorld = {
      nodeFiles: { controlplane: { '/etc/kubernetes/jane.conf': kubeconfig({ 'client-certificate': 'pki/jane.crt', 'client-key': 'pki/jane.key' }), '/etc/kubernetes/pki/jane.crt': jane.cert, '/etc/kubernetes/pki/jane.key': jane.key } },
    };
    expect((await grade({ node: 'controlplane', path: '/etc/kubernetes/jane.conf', user: 'jane' }, world)).status).toBe('passed');
    expect(kubeconfigIdentityChecker.needsFor?.(kubeconfigIdentityChecker.params.parse({ node: 'controlplane', path: '/k', user: 'x' }))).toEqual(['node-shell']);
  });
});

describe('kubeconfig-identity: contexts', () => {
  it('given a current-context of another user, when no context is named, then that user is graded; naming the context reads it', async () => {
    const file = kubeconfig(embedded(jane), { current: 'admin@kubedrill' });
    expect(await grade({ file: 'k', user: 'jane' }, { answers: { k: file } })).toMatchObject({ status: 'error', reason: expect.stringContaining('context admin@kubedrill: cannot tell who it authenticates as') });
    expect((await grade({ file: 'k', user: 'jane', context: 'jane@kubedrill' }, { answers: { k: file } })).status).toBe('passed');
  });

  it('given a context that is not there, a wrong server, or a file that is no kubeconfig, when checked, then failed saying which', async () => {
    expect(await grade({ file: 'k', user: 'jane', context: 'dev' }, { answers: { k: kubeconfig(embedded(jane)) } })).toMatchObject({
      status: 'failed',
      actual: `${TEST_VARS.answers}/k: no context dev (contexts: jane@kubedrill, admin@kubedrill)`,
    });
    expect(await grade({ file: 'k', server: SERVER }, { answers: { k: kubeconfig(embedded(jane), { server: 'https://10.0.0.9:6443/' }) } })).toMatchObject({
      status: 'failed',
      summary: `${TEST_VARS.answers}/k, context jane@kubedrill: its server is not what the task asks (now: https://10.0.0.9:6443/)`,
    });
    expect((await grade({ file: 'k', server: `${SERVER}/` }, { answers: { k: kubeconfig(embedded(jane)) } })).status).toBe('passed');
    expect(await grade({ file: 'k', user: 'jane' }, { answers: { k: 'clusters: [oops' } })).toMatchObject({ status: 'failed', actual: expect.stringMatching(/k: not valid YAML/) });
    expect(await grade({ file: 'k', user: 'jane' }, {})).toMatchObject({ status: 'failed', actual: `no file ${TEST_VARS.answers}/k` });
  });
});

describe('kubeconfig-identity with tokens', () => {
  const saToken = (exp?: number) => jwt({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:dev:deployer', ...(exp !== undefined ? { exp } : {}), 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'deployer' } } });
  const saCheck = { file: 'sa.kubeconfig', user: 'system:serviceaccount:dev:deployer', groups: ['system:serviceaccounts:dev'] };

  it('given a ServiceAccount token whose account exists, when checked, then the sub is the user with the ServiceAccount groups', async () => {
    const outcome = await grade(saCheck, { answers: { 'sa.kubeconfig': kubeconfig({ token: saToken(Math.floor(Date.now() / 1000) + 3600) }) }, objects: [serviceAccount('dev', 'deployer')] });
    expect(outcome).toMatchObject({ status: 'passed', evidence: expect.stringContaining('ServiceAccount token → user system:serviceaccount:dev:deployer, groups system:serviceaccounts, system:serviceaccounts:dev, system:authenticated') });
    const tokenFile = { 'sa.kubeconfig': kubeconfig({ tokenFile: 'sa.token' }), 'sa.token': `${saToken()}\n` };
    expect((await grade(saCheck, { answers: tokenFile, objects: [serviceAccount('dev', 'deployer')] })).status).toBe('passed');
  });

  it('given the ServiceAccount deleted or the token expired, when checked, then failed: it no longer authenticates', async () => {
    const answers = { 'sa.kubeconfig': kubeconfig({ token: saToken() }) };
    expect(await grade(saCheck, { answers })).toMatchObject({ status: 'failed', actual: expect.stringContaining('ServiceAccount dev/deployer, which does not exist') });
    const expired = { 'sa.kubeconfig': kubeconfig({ token: saToken(Math.floor(Date.now() / 1000) - 60) }) };
    expect(await grade(saCheck, { answers: expired, objects: [serviceAccount('dev', 'deployer')] })).toMatchObject({ status: 'failed', actual: expect.stringContaining('expired') });
  });

  it('given a kubeadm bootstrap token with its Secret, when checked, then system:bootstrap:<id> with the extra groups', async () => {
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: { 'token-id': b64('abcdef'), 'token-secret': b64('0123456789abcdef'), 'usage-bootstrap-authentication': b64('true'), 'auth-extra-groups': b64('system:bootstrappers:kubeadm:default-node-token') },
    };
    const answers = { k: kubeconfig({ token: 'abcdef.0123456789abcdef' }) };
    expect((await grade({ file: 'k', user: 'system:bootstrap:abcdef', groups: ['system:bootstrappers:kubeadm:default-node-token'] }, { answers, objects: [secret] })).status).toBe('passed');
    expect((await grade({ file: 'k', user: 'system:bootstrap:abcdef' }, { answers })).status).toBe('failed');
  });

  it('given a static token or an exec plugin, when checked, then error: who it is cannot be known from the file', async () => {
    expect(await grade({ file: 'k', user: 'jane' }, { answers: { k: kubeconfig({ token: 'static-jane-token' }) } })).toMatchObject({ status: 'error', reason: expect.stringContaining('static token') });
    expect(await grade({ file: 'k', user: 'jane' }, { answers: { k: kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' } }) } })).toMatchObject({ status: 'error', reason: expect.stringContaining('exec credential plugin') });
  });

  it('given no credentials at all, when checked, then the user is system:anonymous', async () => {
    expect(await grade({ file: 'k', user: 'jane' }, { answers: { k: kubeconfig({}) } })).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^user is system:anonymous, not jane/) });
  });
});

// Tier 2: what the check reads from the API — the cluster CA, a ServiceAccount — read by real kubectl from the fake API server.
describe('kubeconfig-identity through real kubectl and the fake API server', () => {
  let api: FakeApiCluster;
  beforeAll(async () => {
    api = await openFakeApiCluster([rootCa(), serviceAccount('dev', 'deployer')]);
  });
  afterAll(() => api.close());

  const gradeLive = (params: Record<string, unknown>, answers: Record<string, string>) =>
    kubeconfigIdentityChecker.run(kubeconfigIdentityChecker.params.parse(params), { ...testContext({ answers }), cluster: api.cluster });
  const got = (path: string) => api.server.requests.some((r) => r.method === 'GET' && r.path.startsWith(path));
  const saToken = (namespace: string, name: string) =>
    jwt({ iss: 'https://kubernetes.default.svc.cluster.local', sub: `system:serviceaccount:${namespace}:${name}`, exp: Math.floor(Date.now() / 1000) + 3600 });

  it('given a client certificate signed by the CA in the served kube-root-ca.crt, when checked, then it passes as signed by the cluster CA', async () => {
    const outcome = await gradeLive(janeCheck, { 'jane.kubeconfig': kubeconfig(embedded(jane)) });

    expect(outcome).toMatchObject({ status: 'passed', evidence: expect.stringContaining("client certificate → user jane, groups dev-team, qa, system:authenticated (signed by the cluster's CA;") });
    expect(got('/api/v1/namespaces/default/configmaps/kube-root-ca.crt')).toBe(true);
  }, 30_000);

  it('given a self-signed certificate with the right CN, when the served CA is compared, then failed: the API server would reject it', async () => {
    const outcome = await gradeLive(janeCheck, { 'jane.kubeconfig': kubeconfig(embedded(janeSelfSigned)) });

    expect(outcome).toMatchObject({
      status: 'failed',
      actual: `${TEST_VARS.answers}/jane.kubeconfig, context jane@kubedrill: the client certificate (CN=jane, issuer CN=jane) is not signed by the cluster's CA: the API server rejects it`,
    });
  }, 30_000);

  it('given a token of a served ServiceAccount, when checked, then it passes; a token of one the API does not have fails', async () => {
    const check = { file: 'sa.kubeconfig', user: 'system:serviceaccount:dev:deployer' };
    expect(await gradeLive(check, { 'sa.kubeconfig': kubeconfig({ token: saToken('dev', 'deployer') }) })).toMatchObject({
      status: 'passed',
      evidence: expect.stringContaining('ServiceAccount token → user system:serviceaccount:dev:deployer, groups system:serviceaccounts, system:serviceaccounts:dev, system:authenticated'),
    });
    expect(got('/api/v1/namespaces/dev/serviceaccounts/deployer')).toBe(true);

    const gone = await gradeLive({ file: 'sa.kubeconfig', user: 'system:serviceaccount:prod:deployer' }, { 'sa.kubeconfig': kubeconfig({ token: saToken('prod', 'deployer') }) });
    expect(gone).toMatchObject({ status: 'failed', actual: expect.stringContaining('the token is for ServiceAccount prod/deployer, which does not exist: the API server rejects it') });
    expect(got('/api/v1/namespaces/prod/serviceaccounts/deployer')).toBe(true);
  }, 30_000);
});
