import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { K8sObject } from '../src/models/index.js';
import { openFakeApiCluster, type FakeApiCluster } from '../test/support/fake-api-cluster.js';
import { parseSubjectAltName } from './support/certificates.js';
import { b64, makeTestPki, type IssuedCert, type TestPki } from './support/test-certs.js';
import { TEST_VARS, testContext, type TestWorld } from './support/test-ports.js';
import { x509Checker } from './x509.js';

// Certificates are made by openssl at test time (checkers/support/test-certs.ts).
let pki: TestPki;
let web: IssuedCert;
let other: IssuedCert;
let selfSigned: IssuedCert;
let shortLived: IssuedCert;

beforeAll(() => {
  pki = makeTestPki('kubernetes');
  web = pki.issue({ cn: 'web.shop.svc', o: ['shop', 'platform'], dns: ['web.shop.svc', 'WEB.example.com', 'web'], ip: ['10.96.0.10', '::1'] });
  other = pki.issue({ cn: 'web.shop.svc', dns: ['web'] });
  selfSigned = pki.issue({ cn: 'web.shop.svc', dns: ['web'], selfSigned: true });
  shortLived = pki.issue({ cn: 'short', days: 10 });
}, 30_000);
afterAll(() => pki.cleanup());
afterEach(() => vi.useRealTimers());

/** A Secret as `kubectl create secret tls` makes it: base64 `data`, type kubernetes.io/tls. */
const tlsSecret = (name: string, namespace: string, data: Record<string, string>): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
  type: 'kubernetes.io/tls',
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

const grade = (params: Record<string, unknown>, world: TestWorld = {}) => x509Checker.run(x509Checker.params.parse(params), testContext(world));

const secretWorld = (data: () => Record<string, string>): TestWorld => ({ objects: [tlsSecret('web-tls', 'shop', data())] });

describe('x509 params', () => {
  it.each([
    [{}, /exactly one of secret, file or node/],
    [{ secret: 's', file: 'a.crt' }, /exactly one of secret, file or node/],
    [{ node: 'controlplane' }, /node and path go together/],
    [{ file: 'a.crt', namespace: 'x' }, /namespace and key go with secret/],
    [{ file: 'a.crt', keyMatches: { key: 'tls.key' } }, /keyMatches.key names a key of the same Secret/],
    [{ secret: 's', keyMatches: { key: 'tls.key', file: 'a.key' } }, /exactly one of key, file or node/],
    [{ secret: 's', ipAddresses: ['10.0.0.300'] }, /not an IP address/],
    [{ file: '../etc/ssl/a.crt' }, /may not contain/],
    [{ secret: 's', cn: 'x' }, /Unrecognized key/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = x509Checker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('given a node source or a node key, when asked for needs, then node-shell; a Secret needs nothing', () => {
    const needs = (p: Record<string, unknown>) => x509Checker.needsFor?.(x509Checker.params.parse(p));
    expect(needs({ secret: 's' })).toEqual([]);
    expect(needs({ node: 'controlplane', path: '/etc/kubernetes/pki/apiserver.crt' })).toEqual(['node-shell']);
    expect(needs({ file: 'a.crt', keyMatches: { node: 'worker1', path: '/k.key' } })).toEqual(['node-shell']);
  });
});

describe('parseSubjectAltName', () => {
  it('given Node\'s text with a quoted value holding a comma, when parsed, then entries keep it whole', () => {
    expect(parseSubjectAltName('DNS:a.example, DNS:"b,c.example", IP Address:10.0.0.1')).toEqual([
      { type: 'DNS', value: 'a.example' },
      { type: 'DNS', value: 'b,c.example' },
      { type: 'IP Address', value: '10.0.0.1' },
    ]);
  });
});

describe('x509 checker', () => {
  const full = {
    secret: 'web-tls',
    namespace: 'shop',
    commonName: 'web.shop.svc',
    organizations: ['platform', 'shop'],
    // Another order, another case, IPv6 spelled out: the same sets.
    dnsNames: ['web', 'web.example.com', 'web.shop.svc'],
    ipAddresses: ['0:0:0:0:0:0:0:1', '10.96.0.10'],
    issuerCommonName: 'kubernetes',
    notExpired: true,
    validForDaysAtLeast: 30,
    keyMatches: { key: 'tls.key' },
  };

  it('given the right certificate and key in a TLS Secret, when every field is checked in another spelling, then it passes with the certificate described', async () => {
    const outcome = await grade(full, secretWorld(() => ({ 'tls.crt': web.cert, 'tls.key': web.key })));

    expect(outcome.status).toBe('passed');
    expect(outcome).toMatchObject({
      evidence: expect.stringMatching(
        /^secret\/web-tls in namespace shop, key tls\.crt: CN=web\.shop\.svc, O shop, platform, SANs DNS:web\.shop\.svc, DNS:WEB\.example\.com, DNS:web, IP:10\.96\.0\.10, IP:::1, issuer CN=kubernetes, valid until \d{4}-\d\d-\d\d \(36[45] days left\); private key matches$/,
      ),
    });
  });

  it('given a SAN missing and another extra, when checked, then failed naming both; the summary shows only the learner\'s SANs', async () => {
    const outcome = await grade({ secret: 'web-tls', namespace: 'shop', dnsNames: ['web', 'api.example.com'] }, secretWorld(() => ({ 'tls.crt': other.cert })));

    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining('DNS SANs are {web}; missing api.example.com, extra none') });
    expect(outcome).toMatchObject({ summary: 'secret/web-tls in namespace shop, key tls.crt: DNS SANs are not what the task asks (now: web)' });
    expect(JSON.stringify(outcome)).toContain('api.example.com');
    expect((outcome as { summary: string }).summary).not.toContain('api.example.com');
  });

  it('given more SANs than listed, when checked exactly or with allowOtherSans, then the extra fails only the exact check', async () => {
    const world = secretWorld(() => ({ 'tls.crt': web.cert }));
    const exact = await grade({ secret: 'web-tls', namespace: 'shop', dnsNames: ['web'] }, world);
    expect(exact).toMatchObject({ status: 'failed', actual: expect.stringContaining('extra web.shop.svc, web.example.com') });
    expect((await grade({ secret: 'web-tls', namespace: 'shop', dnsNames: ['web'], allowOtherSans: true }, world)).status).toBe('passed');
  });

  it('given organizations, when one group is missing, then failed; order never matters', async () => {
    const world = secretWorld(() => ({ 'tls.crt': web.cert }));
    expect((await grade({ secret: 'web-tls', namespace: 'shop', organizations: ['shop', 'platform'] }, world)).status).toBe('passed');
    const missing = await grade({ secret: 'web-tls', namespace: 'shop', organizations: ['shop'] }, world);
    expect(missing).toMatchObject({ status: 'failed', actual: expect.stringContaining('missing none, extra platform'), summary: expect.stringContaining('subject O is not what the task asks (now: shop, platform)') });
  });

  it('given a self-signed certificate with the right names, when the issuer is checked, then failed; the CN alone would pass', async () => {
    const world = secretWorld(() => ({ 'tls.crt': selfSigned.cert }));
    expect((await grade({ secret: 'web-tls', namespace: 'shop', commonName: 'web.shop.svc' }, world)).status).toBe('passed');
    expect(await grade({ secret: 'web-tls', namespace: 'shop', issuerCommonName: 'kubernetes' }, world)).toMatchObject({
      status: 'failed',
      actual: expect.stringMatching(/^issuer CN is web\.shop\.svc, not kubernetes — /),
      summary: 'secret/web-tls in namespace shop, key tls.crt: issuer CN is not what the task asks (now: web.shop.svc)',
    });
  });

  it('given a clock past the end of validity, when notExpired is checked, then failed saying when it expired; notExpired: false then passes', async () => {
    const world = secretWorld(() => ({ 'tls.crt': web.cert }));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() + 400 * 86_400_000));

    const outcome = await grade({ secret: 'web-tls', namespace: 'shop', notExpired: true }, world);

    expect(outcome).toMatchObject({ status: 'failed', summary: expect.stringMatching(/its validity is not what the task asks \(it is expired \d{4}-\d\d-\d\d\)/) });
    expect((await grade({ secret: 'web-tls', namespace: 'shop', notExpired: false }, world)).status).toBe('passed');
  });

  it('given a 10-day certificate, when at least 30 days are asked, then failed with the days left; 5 days pass', async () => {
    const world = secretWorld(() => ({ 'tls.crt': shortLived.cert }));
    expect(await grade({ secret: 'web-tls', namespace: 'shop', validForDaysAtLeast: 30 }, world)).toMatchObject({
      status: 'failed',
      actual: expect.stringMatching(/it is valid until \d{4}-\d\d-\d\d, (9|10) days left, not valid for 30 more days/),
    });
    expect((await grade({ secret: 'web-tls', namespace: 'shop', validForDaysAtLeast: 5 }, world)).status).toBe('passed');
  });

  it('given the key of another certificate, when keyMatches is checked, then failed saying so', async () => {
    const outcome = await grade({ secret: 'web-tls', namespace: 'shop', keyMatches: { key: 'tls.key' } }, secretWorld(() => ({ 'tls.crt': web.cert, 'tls.key': other.key })));
    expect(outcome).toMatchObject({ status: 'failed', summary: expect.stringContaining('secret/web-tls in namespace shop, key tls.key is the key of another certificate') });
  });

  it('given certificate and key swapped, when read, then the certificate is reported unparsable with what it holds instead', async () => {
    const outcome = await grade({ secret: 'web-tls', namespace: 'shop', keyMatches: { key: 'tls.key' } }, secretWorld(() => ({ 'tls.crt': web.key, 'tls.key': web.cert })));
    expect(outcome).toMatchObject({ status: 'failed', actual: 'secret/web-tls in namespace shop, key tls.crt is not a certificate: it holds a PRIVATE KEY, not a CERTIFICATE' });
  });

  it('given garbage or a broken PEM block, when read, then failed with a clear actual, never an error', async () => {
    const garbage = await grade({ file: 'web.crt' }, { answers: { 'web.crt': 'hello\n' } });
    expect(garbage).toMatchObject({ status: 'failed', actual: `${TEST_VARS.answers}/web.crt is not a certificate: no PEM certificate in it (no -----BEGIN CERTIFICATE----- block)` });
    const broken = web.cert.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const outcome = await grade({ file: 'web.crt' }, { answers: { 'web.crt': broken } });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining('certificate 1 of 1 does not parse') });
  });

  it('given a bundle (leaf then CA), when described, then the first certificate is the one graded', async () => {
    const outcome = await grade({ file: 'chain.pem', commonName: 'web.shop.svc' }, { answers: { 'chain.pem': web.cert + pki.ca.cert } });
    expect(outcome).toMatchObject({ status: 'passed', evidence: expect.stringContaining('chain.pem (first of 2 certificates): CN=web.shop.svc') });
    expect((await grade({ file: 'chain.pem', commonName: 'web.shop.svc' }, { answers: { 'chain.pem': pki.ca.cert + web.cert } })).status).toBe('failed');
  });

  it('given no Secret there or no such key, when checked, then failed saying where it is and which keys exist', async () => {
    const world: TestWorld = { objects: [tlsSecret('web-tls', 'default', { 'tls.crt': web.cert }), tlsSecret('api-tls', 'shop', { 'cert.pem': web.cert })] };
    expect(await grade({ secret: 'web-tls', namespace: 'shop' }, world)).toMatchObject({ status: 'failed', actual: 'secret/web-tls not found in namespace shop; found secret/web-tls in namespace default' });
    expect(await grade({ secret: 'api-tls', namespace: 'shop' }, world)).toMatchObject({ status: 'failed', summary: 'secret/api-tls in namespace shop has no key tls.crt (its keys: cert.pem)' });
  });

  it('given a workspace Secret written with stringData, when read offline, then the plain text is the certificate', async () => {
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-tls', namespace: 'shop' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': web.cert, 'tls.key': web.key } };
    expect((await grade({ secret: 'web-tls', namespace: 'shop', commonName: 'web.shop.svc', keyMatches: { key: 'tls.key' } }, { objects: [secret], offline: true })).status).toBe('passed');
  });

  it('given a node file and a key beside it, when checked, then both are read on the node', async () => {
    const world: TestWorld = { nodeFiles: { controlplane: { '/etc/kubernetes/pki/web.crt': web.cert, '/etc/kubernetes/pki/web.key': web.key } } };
    const ctx = testContext(world);
    const params = x509Checker.params.parse({ node: 'controlplane', path: '/etc/kubernetes/pki/web.crt', issuerCommonName: 'kubernetes', keyMatches: { node: 'controlplane', path: '/etc/kubernetes/pki/web.key' } });
    expect((await x509Checker.run(params, ctx)).status).toBe('passed');
    expect(ctx.calls.readFile.map((r) => r.path)).toEqual(['/etc/kubernetes/pki/web.crt', '/etc/kubernetes/pki/web.key']);
    const missing = await grade({ node: 'worker1', path: '/etc/kubernetes/pki/web.crt' }, world);
    expect(missing).toMatchObject({ status: 'failed', actual: 'no file /etc/kubernetes/pki/web.crt on worker1' });
  });

  it('given an answer file named with {{answers}}, when read, then the relative file is used; a key file that is absent fails', async () => {
    const world: TestWorld = { answers: { 'jane.crt': web.cert } };
    expect((await grade({ file: `${TEST_VARS.answers}/jane.crt`, commonName: 'web.shop.svc' }, world)).status).toBe('passed');
    expect(await grade({ file: 'jane.crt', keyMatches: { file: 'jane.key' } }, world)).toMatchObject({ status: 'failed', summary: expect.stringContaining(`the private key is not there: no file ${TEST_VARS.answers}/jane.key`) });
  });
});

// Tier 2: the Secret read by real kubectl from the fake API server (test/fake-api-server).
describe('x509 through real kubectl and the fake API server', () => {
  let api: FakeApiCluster;
  beforeAll(async () => {
    api = await openFakeApiCluster([tlsSecret('web-tls', 'shop', { 'tls.crt': web.cert, 'tls.key': web.key })]);
  });
  afterAll(() => api.close());

  const gradeLive = (params: Record<string, unknown>) => x509Checker.run(x509Checker.params.parse(params), { ...testContext(), cluster: api.cluster });
  const secretGets = () => api.server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/namespaces/shop/secrets/web-tls')).length;

  it('given the TLS Secret served by the API, when kubectl gets it, then the certificate and its key come from the Secret and pass', async () => {
    const before = secretGets();

    const outcome = await gradeLive({ secret: 'web-tls', namespace: 'shop', commonName: 'web.shop.svc', dnsNames: ['web', 'web.example.com', 'web.shop.svc'], ipAddresses: ['::1', '10.96.0.10'], issuerCommonName: 'kubernetes', keyMatches: { key: 'tls.key' } });

    expect(outcome).toMatchObject({
      status: 'passed',
      evidence: expect.stringMatching(/^secret\/web-tls in namespace shop, key tls\.crt: CN=web\.shop\.svc, O shop, platform, SANs DNS:web\.shop\.svc, DNS:WEB\.example\.com, DNS:web, IP:10\.96\.0\.10, IP:::1, issuer CN=kubernetes, valid until .*; private key matches$/),
    });
    // Certificate and key: one GET of the Secret each, through the API.
    expect(secretGets() - before).toBe(2);
  }, 30_000);

  it('given the SAN set the task asks differs from the served certificate, when checked, then failed naming the missing and extra SANs', async () => {
    const outcome = await gradeLive({ secret: 'web-tls', namespace: 'shop', dnsNames: ['web', 'api.example.com'] });

    expect(outcome).toMatchObject({
      status: 'failed',
      actual: expect.stringMatching(/^DNS SANs are \{web\.shop\.svc, WEB\.example\.com, web\}; missing api\.example\.com, extra web\.shop\.svc, web\.example\.com — CN=web\.shop\.svc/),
      summary: 'secret/web-tls in namespace shop, key tls.crt: DNS SANs are not what the task asks (now: web.shop.svc, WEB.example.com, web)',
    });
  }, 30_000);
});
