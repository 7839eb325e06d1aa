import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin, type StubRule } from '../../../test/stubs/index.js';
import { KIND_NODE_IMAGES } from './node-image.js';
import { createKindProvider, kindConfig } from './provider.js';

// Tier 2 (the README, Tests): kind and kubectl are stub executables that record argv and stdin.
const nodeList = (ready: boolean[]) =>
  JSON.stringify({
    items: ready.map((r, i) => ({
      metadata: { name: i === 0 ? 'test-control-plane' : `test-worker${i === 1 ? '' : i}`, labels: i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
      status: { conditions: [{ type: 'Ready', status: r ? 'True' : 'False' }] },
    })),
  });
const coreDns = JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } });
const KIND_OK: StubRule = { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0 go1.23.4 linux/amd64\n' };
const NO_CLUSTERS: StubRule = { bin: 'kind', match: ['get', 'clusters'], stderr: 'No kind clusters found.\n' };
const DNS_OK: StubRule = { bin: 'kubectl', match: ['coredns'], stdout: coreDns };

describe('kind provider (stub kind and kubectl)', () => {
  let stubs: StubBin;
  let data: string;
  let lines: string[];
  beforeEach(async () => {
    stubs = await createStubBin();
    data = await mkdtemp(join(tmpdir(), 'kubedrill-data-'));
    lines = [];
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(data, { recursive: true, force: true });
  });

  const provider = (extra: { readyTimeoutMs?: number; now?: () => number } = {}) =>
    createKindProvider({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, onProgress: (l) => lines.push(l), sleep: async () => {}, ...extra });
  const kubeconfig = () => join(data, 'kube', 'test.kubeconfig');

  it('given no cluster, when up with 2 workers, then kind gets the config on stdin and readiness is polled until all nodes Ready', async () => {
    await stubs.setRules([
      KIND_OK,
      NO_CLUSTERS,
      { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true, false, false]), times: 1 },
      { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true, true, true]) },
      DNS_OK,
    ]);
    const cluster = await provider().up('test', 2);
    expect(cluster).toMatchObject({ name: 'test', context: 'kind-test', kubeconfig: kubeconfig(), workers: 2, created: true });
    const calls = await stubs.calls();
    const create = calls.find((c) => c.bin === 'kind' && c.args[0] === 'create');
    // kind 0.27.0 is in the table: its default image, pinned by digest.
    expect(create?.args).toEqual(['create', 'cluster', '--name', 'test', '--config', '-', '--kubeconfig', kubeconfig(), '--image', KIND_NODE_IMAGES['0.27.0']]);
    expect(create?.stdin).toBe(kindConfig('test', 2));
    expect(create?.stdin).toContain('apiVersion: kind.x-k8s.io/v1alpha4');
    expect(create?.stdin.match(/role: worker/g)).toHaveLength(2);
    expect(lines).toContain('waiting for nodes: 1/3 Ready');
    expect(lines).toContain('all 3 nodes Ready, CoreDNS available');
    const kubectlCalls = calls.filter((c) => c.bin === 'kubectl');
    expect(kubectlCalls.length).toBeGreaterThanOrEqual(3);
    for (const call of kubectlCalls) {
      expect(call.args.slice(0, 4)).toEqual(['--kubeconfig', kubeconfig(), '--context', 'kind-test']);
    }
  });

  it('given the Docker daemon is down, when up, then a UserError with next steps and the half-made cluster is deleted', async () => {
    await stubs.setRules([
      KIND_OK,
      NO_CLUSTERS,
      { bin: 'kind', match: ['create'], exitCode: 1, stderr: 'ERROR: failed to create cluster: failed to get docker info: command "docker info" failed\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' },
    ]);
    const error = await provider().up('test', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('Docker is installed but its daemon is not running');
    expect((error as UserError).nextSteps.join('\n')).toContain('kubedrill doctor');
    const kinds = (await stubs.calls()).filter((c) => c.bin === 'kind').map((c) => c.args.slice(0, 2).join(' '));
    expect(kinds).toEqual(['version', 'get clusters', 'create cluster', 'delete cluster']);
  });

  it('given a cluster of that name appears meanwhile, when create says "already exist", then it is NOT deleted', async () => {
    await stubs.setRules([KIND_OK, NO_CLUSTERS, { bin: 'kind', match: ['create'], exitCode: 1, stderr: 'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "test"\n' }]);
    await expect(provider().up('test', 1)).rejects.toThrow('already exists');
    expect((await stubs.calls()).some((c) => c.args[0] === 'delete')).toBe(false);
  });

  it('given a healthy cluster big enough, when up, then it is reused without create', async () => {
    await stubs.setRules([
      KIND_OK,
      { bin: 'kind', match: ['get', 'clusters'], stdout: 'other\ntest\n' },
      { bin: 'kind', match: ['get', 'kubeconfig'], stdout: 'apiVersion: v1\nkind: Config\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true, true, true]) },
      DNS_OK,
    ]);
    const cluster = await provider().up('test', 1);
    expect(cluster).toMatchObject({ created: false, workers: 2 });
    expect((await stubs.calls()).some((c) => c.args[0] === 'create')).toBe(false);
    expect(lines[0]).toContain('reusing healthy cluster test');
  });

  it('given an existing cluster with too few workers, when up, then a UserError says how to recreate it', async () => {
    await stubs.setRules([
      KIND_OK,
      { bin: 'kind', match: ['get', 'clusters'], stdout: 'test\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true]) },
      DNS_OK,
    ]);
    const error = (await provider().up('test', 2).catch((e: unknown) => e)) as UserError;
    expect(error.message).toContain('has 0 worker(s); the selected tasks need 2');
    expect(error.nextSteps).toContain('kubedrill cluster up --cluster test --workers 2');
  });

  it('given an existing cluster whose API server is down for a moment, when up, then workers are counted from kind and readiness waits for that many nodes', async () => {
    await stubs.setRules([
      KIND_OK,
      { bin: 'kind', match: ['get', 'clusters'], stdout: 'test\n' },
      { bin: 'kind', match: ['get', 'nodes'], stdout: 'test-control-plane\ntest-worker\n' },
      { bin: 'kubectl', match: ['nodes'], stderr: 'The connection to the server 127.0.0.1:40000 was refused\n', exitCode: 1, times: 1 },
      { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true, true]) },
      DNS_OK,
    ]);
    const cluster = await provider().up('test', 1);
    expect(cluster).toMatchObject({ workers: 1, created: false });
    const error = (await provider().up('test', 2).catch((e: unknown) => e)) as UserError;
    expect(error.message).toContain('has 1 worker(s); the selected tasks need 2');
  });

  it('given nodes that never become Ready, when the deadline passes, then the cluster is removed and a UserError explains', async () => {
    await stubs.setRules([KIND_OK, NO_CLUSTERS, { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true, false]) }, DNS_OK]);
    let clock = 0;
    const error = await provider({ readyTimeoutMs: 10_000, now: () => (clock += 3000) }).up('test', 1).catch((e: unknown) => e);
    expect((error as Error).message).toContain('did not become ready');
    expect((await stubs.calls()).filter((c) => c.bin === 'kind').map((c) => c.args[0])).toContain('delete');
  });

  it('given kind is not installed, when up, then "install kind ≥ 0.24"', async () => {
    const noKind = await createStubBin([], ['kubectl', 'docker']);
    try {
      const p = createKindProvider({ runner: createProcessRunner({ env: { ...noKind.env, PATH: `${noKind.dir}:${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin` } }), dataDir: data });
      const error = (await p.up('test', 1).catch((e: unknown) => e)) as UserError;
      expect(error.message).toBe('kind is not installed');
      expect(error.nextSteps[0]).toMatch(/^install kind ≥ 0\.24/);
    } finally {
      await noKind.cleanup();
    }
  });

  it('given kind 0.20, when up, then it is refused as too old for NetworkPolicy', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['version'], stdout: 'kind v0.20.0 go1.20 linux/amd64\n' }]);
    await expect(provider().up('test', 1)).rejects.toThrow('kind 0.20.0 is too old');
  });

  it.each([
    ['kind v0.30.0 go1.24 linux/amd64', '', KIND_NODE_IMAGES['0.30.0']],
    ['kind v0.30.0 go1.24 linux/amd64', 'kindest/node:v1.33.4', 'kindest/node:v1.33.4'],
    ['kind v0.33.0 go1.25 linux/amd64', '', ''],
    ['kind v0.32.0-alpha+0123abcd go1.25 linux/amd64', '', ''],
  ])('given `%s` and --image "%s", when a cluster is created, then kind gets --image "%s" (empty: no --image, kind\'s default)', async (version, override, expected) => {
    await stubs.setRules([{ bin: 'kind', match: ['version'], stdout: `${version}\n` }, NO_CLUSTERS, { bin: 'kubectl', match: ['nodes'], stdout: nodeList([true]) }, DNS_OK]);
    await provider().up('test', 0, override ? { image: override } : {});
    const create = (await stubs.calls()).find((c) => c.args[0] === 'create');
    const at = create?.args.indexOf('--image') ?? -1;
    expect(at === -1 ? '' : create?.args[at + 1]).toBe(expected);
    if (!expected) expect(lines.join('\n')).toContain("kind's default node image");
  });

  it('given other kind clusters, when labClusters("kubedrill"), then only exact kubedrill-labN names, by number', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill\nkubedrill-lab10\nother-lab1\nkubedrill-labx\nkubedrill-lab2\nkubedrill-lab01\nkubedrill-lab1-lab1\nkubedrill-lab1\nxkubedrill-lab3\n' }]);
    expect(await provider().labClusters('kubedrill')).toEqual(['kubedrill-lab1', 'kubedrill-lab2', 'kubedrill-lab10']);
    expect(await provider().labClusters('kubedrill-lab1')).toEqual(['kubedrill-lab1-lab1']);
  });

  it('given a cluster, when down, then kind delete with kubedrill\'s kubeconfig; status of a missing cluster says so', async () => {
    await stubs.setRules([NO_CLUSTERS]);
    await provider().down('test');
    expect(await provider().status('test')).toMatchObject({ exists: false, healthy: false, context: 'kind-test' });
    expect((await stubs.calls())[0]?.args).toEqual(['delete', 'cluster', '--name', 'test', '--kubeconfig', kubeconfig()]);
  });
});
