import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openOfflineEnvironment } from '../src/environments/offline/index.js';
import { createKubectl, createKubectlCluster } from '../src/environments/live/kubectl.js';
import type { CheckContext, K8sObject } from '../src/models/index.js';
import { createProcessRunner } from '../src/system/index.js';
import { startFakeApiServer, type FakeApiServer } from '../test/fake-api-server/index.js';
import { helmReleaseChecker } from './helm-release.js';
import { coalesceValues, decodeReleaseData, decodeReleaseSecret } from './support/helm-storage.js';
import { testContext } from './support/test-ports.js';

/*
 * Release Secrets built the way Helm 3 writes them (pkg/storage/driver/secrets.go, util.go):
 * json.Marshal of release.Release — fields in Go struct order, omitempty fields left out, <, >
 * and & escaped as Go does — gzipped at BestCompression with Go's gzip header (no name, mtime 0,
 * XFL 2, OS 255: the bytes `H4sIAAAAAAAC/` every real Helm release starts with), base64 text,
 * stored as the Secret's []byte value, which the API serves base64-encoded again.
 */
const goJson = (value: unknown): string => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function helmEncode(release: unknown, { gzip = true } = {}): string {
  const json = Buffer.from(goJson(release), 'utf8');
  let bytes = json;
  if (gzip) {
    bytes = gzipSync(json, { level: 9 });
    bytes[9] = 0xff; // Go's compress/gzip writes OS = 255 (unknown); zlib writes 3 (Unix). The header is not checksummed.
  }
  return bytes.toString('base64');
}

const CHART_VALUES = { replicaCount: 1, image: { repository: 'nginx', tag: '1.25.3', pullPolicy: 'IfNotPresent' }, service: { type: 'ClusterIP', port: 80 }, hosts: [] };

interface Revision {
  version: number;
  status: string;
  config?: Record<string, unknown>;
  chartVersion?: string;
  appVersion?: string;
}

/** release.Release as Helm 3 marshals it: field order of the Go structs. */
function releaseJson(name: string, namespace: string, r: Revision): Record<string, unknown> {
  const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "nginx.fullname" . }}\n';
  return {
    name,
    info: {
      first_deployed: '2025-01-14T09:21:33.123456789Z',
      last_deployed: `2025-01-14T09:2${r.version}:40.98765432Z`,
      deleted: '',
      description: r.version === 1 ? 'Install complete' : 'Upgrade complete',
      status: r.status,
      notes: '1. Get the application URL by running these commands:\n  export POD_NAME=$(kubectl get pods -l "app=nginx" -o jsonpath="{.items[0].metadata.name}")\n',
    },
    chart: {
      metadata: { name: 'nginx', version: r.chartVersion ?? '15.0.2', description: 'NGINX Open Source <web server> & proxy', apiVersion: 'v2', appVersion: r.appVersion ?? '1.25.3', type: 'application' },
      lock: null,
      templates: [{ name: 'templates/deployment.yaml', data: Buffer.from(template).toString('base64') }],
      values: CHART_VALUES,
      schema: null,
      files: null,
    },
    ...(r.config && Object.keys(r.config).length > 0 ? { config: r.config } : {}),
    manifest: `---\n# Source: nginx/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}-nginx\n`,
    version: r.version,
    namespace,
  };
}

/** The Secret of one revision as the API server returns it. */
function releaseSecret(name: string, namespace: string, r: Revision, encode = helmEncode): K8sObject {
  const helmText = encode(releaseJson(name, namespace, r));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `sh.helm.release.v1.${name}.v${r.version}`,
      namespace,
      uid: `uid-${name}-${r.version}`,
      resourceVersion: String(4000 + r.version),
      creationTimestamp: '2025-01-14T09:21:33Z',
      labels: { createdAt: '1736846493', ...(r.status === 'superseded' ? { modifiedAt: '1736846580' } : {}), name, owner: 'helm', status: r.status, version: String(r.version) },
    },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(helmText, 'latin1').toString('base64') },
  };
}

/** `helm install web` then `helm upgrade web --set image.tag=1.27 --set replicaCount=3` in shop. */
const upgraded: K8sObject[] = [
  releaseSecret('web', 'shop', { version: 1, status: 'superseded' }),
  releaseSecret('web', 'shop', { version: 2, status: 'deployed', config: { image: { tag: '1.27' }, replicaCount: 3 } }),
  releaseSecret('web-api', 'shop', { version: 4, status: 'deployed' }),
];
const installedOnly: K8sObject[] = [releaseSecret('web', 'shop', { version: 1, status: 'deployed' })];

const grade = (params: Record<string, unknown>, objects: readonly K8sObject[], ctx?: CheckContext) =>
  helmReleaseChecker.run(helmReleaseChecker.params.parse(params), ctx ?? testContext({ objects }));

describe("Helm's release storage", () => {
  it('given a release Secret written as Helm 3 writes it, when decoded, then the release JSON comes back whole', () => {
    const secret = releaseSecret('web', 'shop', { version: 2, status: 'deployed', config: { image: { tag: '1.27' } } });
    // What a real Helm Secret shows after one base64 decode: Helm's own base64 of a Go gzip stream.
    expect(Buffer.from((secret.data as { release: string }).release, 'base64').toString('latin1').startsWith('H4sIAAAAAAAC/')).toBe(true);

    const release = decodeReleaseSecret(secret);

    expect(release).toEqual(releaseJson('web', 'shop', { version: 2, status: 'deployed', config: { image: { tag: '1.27' } } }));
    expect((release.chart?.metadata as Record<string, unknown> | undefined)?.description).toBe('NGINX Open Source <web server> & proxy');
  });

  it('given a release stored before Helm compressed releases, when decoded, then the plain JSON is read (decodeRelease skips gunzip without the magic)', () => {
    const plain = Buffer.from(helmEncode({ name: 'old', version: 1, info: { status: 'deployed' } }, { gzip: false }), 'latin1').toString('base64');
    expect(decodeReleaseData(plain)).toEqual({ name: 'old', version: 1, info: { status: 'deployed' } });
  });

  it('given data that is not Helm base64 or not JSON, when decoded, then a HelmDecodeError says which', () => {
    expect(() => decodeReleaseData(Buffer.from('not base64 at all!').toString('base64'))).toThrow(/not base64 of base64 text/);
    expect(() => decodeReleaseData(Buffer.from(Buffer.from('{oops').toString('base64')).toString('base64'))).toThrow(/not a release in JSON/);
  });

  it('given chart defaults and user values, when coalesced as helm get values --all, then maps merge, scalars and lists replace, null deletes', () => {
    expect(coalesceValues({ a: 1, m: { x: 1, y: 2 }, l: [1], gone: 'x' }, { m: { y: 3 }, l: [], gone: null, n: true })).toEqual({ a: 1, m: { x: 1, y: 3 }, l: [], n: true });
  });
});

describe('helm-release params', () => {
  it.each([
    [{}, /release/],
    [{ release: 'web', atRevision: 1, minRevision: 2 }, /not with atRevision/],
    [{ release: 'Web,owner=x' }, /not a Helm release name/],
    [{ release: 'web', status: 'running' }, /deployed/],
    [{ release: 'web', values: [{ path: '{.image.tag', equals: '1' }] }, /invalid JSONPath/],
    [{ release: 'web', values: [{ path: '{.a}' }] }, /equals/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = helmReleaseChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('helm-release checker', () => {
  const upgradeCheck = {
    release: 'web',
    namespace: 'shop',
    status: 'deployed',
    chart: 'nginx',
    chartVersion: '15.0.2',
    appVersion: '1.25.3',
    minRevision: 2,
    values: [
      { path: '{.image.tag}', equals: '1.27' },
      { path: '{.replicaCount}', equals: 3 },
    ],
  };

  it('given an upgrade with --set, when every expectation is checked, then it passes describing the latest revision', async () => {
    expect(await grade(upgradeCheck, upgraded)).toEqual({
      status: 'passed',
      evidence: 'release web in namespace shop: revision 2, deployed, chart nginx-15.0.2 (app 1.25.3); values image.tag = 1.27, replicaCount = 3',
    });
    expect((await grade({ release: 'web', namespace: 'shop', revision: 2 }, upgraded)).status).toBe('passed');
  });

  it('given only the install (setup alone), when the upgrade check runs, then it fails on revision and values without saying what they should be', async () => {
    const outcome = await grade(upgradeCheck, installedOnly);

    expect(outcome).toMatchObject({
      status: 'failed',
      actual: 'revision is 1, less than 2; value image.tag is not set, not 1.27; value replicaCount is not set, not 3 — revision 1, deployed, chart nginx-15.0.2 (app 1.25.3); values image.tag = not set, replicaCount = not set',
      summary: 'release web in namespace shop (revision 1): revision is not what the task asks (now: 1); value image.tag is not what the task asks (now: not set); value replicaCount is not what the task asks (now: not set)',
    });
    expect((outcome as { summary: string }).summary).not.toMatch(/1\.27|\b3\b/);
  });

  it('given values left at the chart default, when compared with and without all, then only helm get values --all sees them', async () => {
    const supplied = await grade({ release: 'web', namespace: 'shop', values: [{ path: '{.service.port}', equals: 80 }] }, upgraded);
    expect(supplied).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^value service.port is not set, not 80/) });
    const all = [
      { path: '{.service.port}', equals: 80, all: true },
      { path: '{.image.repository}:{.image.tag}', equals: 'nginx:1.27', all: true },
      { path: '{.replicaCount}', equals: 3, all: true },
    ];
    expect((await grade({ release: 'web', namespace: 'shop', values: all }, upgraded)).status).toBe('passed');
  });

  it('given a failed upgrade as the latest revision, when status deployed is checked, then failed with the status it has', async () => {
    const objects = [...upgraded, releaseSecret('web', 'shop', { version: 3, status: 'failed', config: { image: { tag: 'nope' } } })];
    const outcome = await grade({ release: 'web', namespace: 'shop', status: 'deployed' }, objects);
    expect(outcome).toMatchObject({ status: 'failed', summary: 'release web in namespace shop (revision 3): status is not what the task asks (now: failed)' });
    // The earlier revision is still readable by number.
    expect((await grade({ release: 'web', namespace: 'shop', atRevision: 2, status: 'deployed' }, objects)).status).toBe('passed');
    expect((await grade({ release: 'web', namespace: 'shop', atRevision: 1, status: 'superseded' }, objects)).status).toBe('passed');
  });

  it('given a revision that is not kept, when asked for with atRevision, then failed listing the revisions there are', async () => {
    expect(await grade({ release: 'web', namespace: 'shop', atRevision: 7 }, upgraded)).toMatchObject({ status: 'failed', actual: 'release web in namespace shop has revisions 1, 2' });
  });

  it('given the release in another namespace or under another name, when looked for, then actual says where releases are', async () => {
    expect(await grade({ release: 'web', namespace: 'default' }, upgraded)).toMatchObject({ status: 'failed', actual: 'no Helm release web in namespace default; found release web in namespace shop' });
    expect(await grade({ release: 'webapp', namespace: 'shop' }, upgraded)).toMatchObject({ status: 'failed', actual: 'no Helm release webapp in namespace shop (releases there: web, web-api)' });
    expect(await grade({ release: 'web' }, [])).toMatchObject({ status: 'failed', actual: 'no Helm release web in namespace default (no Helm releases there)' });
  });

  it('given a release Secret kubedrill cannot decode, when graded, then error (not graded), naming the Secret', async () => {
    const broken = releaseSecret('web', 'shop', { version: 1, status: 'deployed' }, () => 'H4sIAAAAAAAC/wBADDATA');
    expect(await grade({ release: 'web', namespace: 'shop', status: 'deployed' }, [broken])).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^cannot read Helm release Secret sh\.helm\.release\.v1\.web\.v1 in namespace shop: data\.release does not gunzip/),
    });
  });
});

describe('helm-release through real kubectl and the fake API server', () => {
  let server: FakeApiServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given the release Secrets served by an API server, when kubectl lists them by label, then the checker reads the latest revision', async () => {
    server = await startFakeApiServer(upgraded);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-helm-'));
    const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
    const cluster = createKubectlCluster(createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache') }));
    const ctx = { ...testContext(), cluster };

    expect(await grade({ ...{ release: 'web', namespace: 'shop' }, status: 'deployed', revision: 2, values: [{ path: '{.image.tag}', equals: '1.27' }] }, [], ctx)).toMatchObject({ status: 'passed' });
    expect(server.requests.some((r) => r.path.startsWith('/api/v1/namespaces/shop/secrets?') && r.path.includes('labelSelector=owner%3Dhelm%2Cname%3Dweb'))).toBe(true);
    expect(await grade({ release: 'web', namespace: 'default' }, [], ctx)).toMatchObject({ status: 'failed', actual: 'no Helm release web in namespace default; found release web in namespace shop' });
  }, 30_000);
});

describe('helm-release in an offline workspace', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given release Secrets as workspace manifests, when graded offline, then they are read as the API server would serve them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-helm-offline-'));
    const manifests = upgraded.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, metadata: { name: s.metadata?.name, namespace: s.metadata?.namespace, labels: s.metadata?.labels }, type: s.type, data: s.data }));
    await writeFile(join(dir, 'helm-releases.yaml'), manifests.map((m) => stringify(m)).join('---\n'));
    const world = await (await openOfflineEnvironment(dir)).openTask('cka/helm-upgrade');
    const ctx: CheckContext = { ...world.ports, vars: world.vars, offline: true, signal: new AbortController().signal };

    expect(await grade(upgradeCheck(), [], ctx)).toMatchObject({ status: 'passed', evidence: expect.stringContaining('revision 2, deployed') });
  });

  function upgradeCheck() {
    return { release: 'web', namespace: 'shop', status: 'deployed', minRevision: 2, values: [{ path: '{.image.tag}', equals: '1.27' }] };
  }
});
