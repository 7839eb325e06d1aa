import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { K8sObject } from '../../models/index.js';
import { createProcessRunner } from '../../system/index.js';
import { startFakeApiServer, type FakeApiServer } from '../../../test/fake-api-server/index.js';
import { createStubBin, type StubBin, type StubRule } from '../../../test/stubs/index.js';
import { ADDON_LABEL } from '../kind/baseline-objects.js';
import { createKubectl } from '../live/kubectl.js';
import { installAddons, labelledList, readAddonRecord, readinessNow } from './install.js';
import { manifestsDir, readAddonManifest, sha256 } from './manifests.js';
import { ADDONS, findAddon, type AddonSpec } from './registry.js';

const objectsOf = (text: string): K8sObject[] => parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter((o) => o !== null);

describe('the add-on registry and its shipped manifests', () => {
  it('Given every bundled add-on, When its manifest is read, Then the sha256 is the pinned one and every readiness target is an object of that manifest', async () => {
    const bundled = ADDONS.filter((a) => a.bundled);
    expect(bundled.map((a) => a.name).sort()).toEqual(['gateway-api-crds', 'ingress-nginx']);
    for (const spec of bundled) {
      const text = await readAddonManifest(spec);
      const objects = objectsOf(text);
      const has = (kind: string, name: string, namespace?: string) => objects.some((o) => o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === namespace);
      for (const target of spec.ready) {
        const found =
          target.kind === 'crd' ? has('CustomResourceDefinition', target.name) : target.kind === 'deployment' ? has('Deployment', target.name, target.namespace) : has('ValidatingWebhookConfiguration', target.name);
        expect(found, `${spec.name}: ${target.kind} ${target.name}`).toBe(true);
      }
    }
  });

  it('Given the Gateway API CRDs, When read, Then they are the five standard-channel CRDs of v1.3.0', async () => {
    const objects = objectsOf(await readAddonManifest(findAddon('gateway-api-crds') as AddonSpec));
    expect(objects.map((o) => o.metadata?.name).sort()).toEqual(['gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants'].map((p) => `${p}.gateway.networking.k8s.io`));
    expect(objects.every((o) => o.metadata?.annotations?.['gateway.networking.k8s.io/bundle-version'] === 'v1.3.0' && o.metadata.annotations['gateway.networking.k8s.io/channel'] === 'standard')).toBe(true);
  });

  describe('a manifest that is not what was pinned', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kubedrill-addons-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('Given a tampered copy of a shipped manifest, When read, Then it is refused naming the file and both hashes', async () => {
      const spec = findAddon('ingress-nginx') as AddonSpec;
      const file = join(dir, spec.bundled?.file ?? '');
      const original = await readFile(join(manifestsDir(), spec.bundled?.file ?? ''), 'utf8');
      await writeFile(file, original.replace('failurePolicy: Fail', 'failurePolicy: Ignore'));
      const error = (await readAddonManifest(spec, dir).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain(file);
      expect(error.message).toContain(`not the pinned ${spec.bundled?.sha256}`);
      expect(error.message).toContain(sha256(await readFile(file)));
      // The untouched copy passes: the refusal is the edit, not the directory.
      await copyFile(join(manifestsDir(), spec.bundled?.file ?? ''), file);
      await expect(readAddonManifest(spec, dir)).resolves.toBe(original);
    });

    it('Given a missing manifest file, When read, Then the error names the path', async () => {
      const spec = findAddon('gateway-api-crds') as AddonSpec;
      await expect(readAddonManifest(spec, dir)).rejects.toThrow(join(dir, 'gateway-api-crds-v1.3.0.yaml'));
    });
  });

  it('Given an add-on this build does not bundle, When read, Then it says so with the upstream URL', async () => {
    const spec = findAddon('metrics-server') as AddonSpec;
    const error = (await readAddonManifest(spec).catch((e: unknown) => e)) as Error & { nextSteps: string[] };
    expect(error.message).toMatch(/^add-on metrics-server v0\.7\.2 is not bundled in this build/);
    expect(error.nextSteps.join('\n')).toContain(spec.upstream);
  });

  it('Given a manifest with comments and empty documents, When labelled, Then every object carries the add-on label and keeps its own labels', () => {
    const list = JSON.parse(labelledList('# c\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {x: y}\n---\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: a}\n', 'demo')) as { kind: string; items: K8sObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((o) => o.metadata?.labels)).toEqual([{ x: 'y', [ADDON_LABEL]: 'demo' }, { [ADDON_LABEL]: 'demo' }]);
  });
});

const CRD_MANIFEST = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec: {}\n';
const demo = (file: string, text: string): AddonSpec => ({
  name: 'demo',
  version: 'v1',
  summary: 'a CRD',
  upstream: 'https://example.com/demo.yaml',
  bundled: { file, sha256: sha256(text) },
  ready: [{ kind: 'crd', name: 'widgets.example.com' }],
});

describe('installAddons (kubectl as a recording stub)', () => {
  let stubs: StubBin;
  let dir: string;
  let spec: AddonSpec;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kubectl']);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-addons-'));
    await writeFile(join(dir, 'demo-v1.yaml'), CRD_MANIFEST);
    spec = demo('demo-v1.yaml', CRD_MANIFEST);
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const kubectl = () => createKubectl({ runner: createProcessRunner({ env: stubs.env }), target: { context: 'kind-x' } });
  const NO_RECORD: StubRule = { bin: 'kubectl', match: ['configmap', 'kubedrill-addons', 'get'], exitCode: 1, stderr: 'Error from server (NotFound): configmaps "kubedrill-addons" not found\n' };
  const crd = (established: boolean): StubRule => ({
    bin: 'kubectl',
    match: ['get', 'customresourcedefinitions.apiextensions.k8s.io', 'widgets.example.com'],
    stdout: JSON.stringify({ status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] } }),
  });
  const options = (lines: string[] = []) => ({ registry: [spec], manifestsDir: dir, intervalMs: 1, sleep: async () => {}, onProgress: (l: string) => lines.push(l) });
  const applies = async () => (await stubs.calls()).filter((c) => c.args.includes('apply'));

  it('Given a cluster without the add-on, When installed, Then it is applied server-side and labelled, waited for until Established, and recorded', async () => {
    await stubs.setRules([NO_RECORD, { ...crd(false), times: 2 }, crd(true)]);
    const lines: string[] = [];
    expect(await installAddons(kubectl(), ['demo', 'demo'], options(lines))).toEqual([{ name: 'demo', version: 'v1', outcome: 'installed' }]);
    const [apply, record] = await applies();
    expect(apply?.args).toEqual(expect.arrayContaining(['--context', 'kind-x', 'apply', '--server-side', '--force-conflicts', '--field-manager=kubedrill-addons', '-f', '-']));
    const applied = JSON.parse(apply?.stdin ?? '{}') as { items: K8sObject[] };
    expect(applied.items.map((o) => [o.kind, o.metadata?.name, o.metadata?.labels?.[ADDON_LABEL]])).toEqual([['CustomResourceDefinition', 'widgets.example.com', 'demo']]);
    const configMap = JSON.parse(record?.stdin ?? '{}') as K8sObject & { data: Record<string, string> };
    expect(configMap.metadata).toMatchObject({ name: 'kubedrill-addons', namespace: 'kube-system' });
    expect(JSON.parse(configMap.data.demo ?? '{}')).toEqual({ version: 'v1', sha256: spec.bundled?.sha256 });
    expect(lines).toEqual(['add-on demo v1: applying', 'add-on demo v1: waiting for CRD widgets.example.com Established', 'add-on demo v1: ready']);
  });

  it('Given the add-on recorded at this version and ready, When installed again, Then nothing is applied', async () => {
    const recorded = JSON.stringify({ data: { demo: JSON.stringify({ version: 'v1', sha256: spec.bundled?.sha256 }) } });
    await stubs.setRules([{ bin: 'kubectl', match: ['configmap', 'kubedrill-addons', 'get'], stdout: recorded }, crd(true)]);
    const lines: string[] = [];
    expect(await installAddons(kubectl(), ['demo'], options(lines))).toEqual([{ name: 'demo', version: 'v1', outcome: 'already installed' }]);
    expect(await applies()).toEqual([]);
    expect(lines).toEqual(['add-on demo v1: already installed']);
  });

  it('Given the add-on recorded at another version, When installed, Then it is applied again', async () => {
    const recorded = JSON.stringify({ data: { demo: JSON.stringify({ version: 'v0', sha256: 'old' }) } });
    await stubs.setRules([{ bin: 'kubectl', match: ['configmap', 'kubedrill-addons', 'get'], stdout: recorded }, crd(true)]);
    expect((await installAddons(kubectl(), ['demo'], options()))[0]?.outcome).toBe('installed');
    expect(await applies()).toHaveLength(2);
  });

  it('Given an add-on that never becomes ready, When installed, Then it fails naming what it waited for', async () => {
    await stubs.setRules([NO_RECORD, crd(false)]);
    let t = 0;
    const clock = { now: () => (t += 1000), readyTimeoutMs: 5000 };
    await expect(installAddons(kubectl(), ['demo'], { ...options(), ...clock })).rejects.toThrow(/add-on demo v1 was not ready after 5s: still waiting for CRD widgets\.example\.com Established/);
  });

  it('Given a tampered manifest or an unknown add-on among the names, When installed, Then nothing at all is applied', async () => {
    await stubs.setRules([NO_RECORD, crd(true)]);
    await writeFile(join(dir, 'demo-v1.yaml'), CRD_MANIFEST.replace('widgets', 'gadgets'));
    await expect(installAddons(kubectl(), ['demo'], options())).rejects.toThrow(join(dir, 'demo-v1.yaml'));
    await expect(installAddons(kubectl(), ['demo', 'nope'], options())).rejects.toThrow(/^unknown add-on "nope"$/);
    expect(await applies()).toEqual([]);
  });
});

describe('reading add-ons back (real kubectl, fake API server)', () => {
  let server: FakeApiServer;
  let dir: string;
  const deployment = (name: string, available: boolean): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ingress-nginx' }, status: { conditions: [{ type: 'Available', status: available ? 'True' : 'False' }] } });
  beforeEach(async () => {
    server = await startFakeApiServer([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubedrill-addons', namespace: 'kube-system' }, data: { 'ingress-nginx': JSON.stringify({ version: 'controller-v1.15.1', sha256: 'abc' }), junk: 'not json' } } as K8sObject,
      deployment('up', true),
      deployment('down', false),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-addons-api-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const kubectl = async () => createKubectl({ runner: createProcessRunner(), target: { context: 'fake', kubeconfig: await server.writeKubeconfig(dir, 'fake') }, cacheDir: join(dir, 'cache') });

  it('Given a recorded add-on and a malformed entry, When the record is read, Then the add-on is listed and the junk ignored', async () => {
    expect(await readAddonRecord(await kubectl())).toEqual([{ name: 'ingress-nginx', version: 'controller-v1.15.1', sha256: 'abc' }]);
  });

  it('Given deployments Available, not Available and absent, When readiness is read, Then only the last two are waited for', async () => {
    const k = await kubectl();
    const waiting = await readinessNow(k, [
      { kind: 'deployment', namespace: 'ingress-nginx', name: 'up' },
      { kind: 'deployment', namespace: 'ingress-nginx', name: 'down' },
      { kind: 'deployment', namespace: 'ingress-nginx', name: 'gone' },
    ]);
    expect(waiting).toEqual(['deployment ingress-nginx/down Available', 'deployment ingress-nginx/gone Available (not created yet)']);
  });
});
