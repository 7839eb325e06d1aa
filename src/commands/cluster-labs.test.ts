import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { KIND_NODE_IMAGES } from '../environments/kind/node-image.js';
import { createStubBin, type StubBin, type StubRule } from '../../test/stubs/index.js';
import type { CommandIO } from '../system/io.js';

// Lab clusters and the pinned node image through the CLI entry, with kind/kubectl/docker as recording stubs.
describe('kubedrill cluster: lab clusters and the node image (stubs)', () => {
  let stubs: StubBin;
  let home: string;
  beforeEach(async () => {
    stubs = await createStubBin();
    home = await mkdtemp(join(tmpdir(), 'kubedrill-cli-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  function io(): CommandIO & { out: () => string } {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { ...stubs.env, KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 0, out: () => out };
  }
  const node = (name: string, controlPlane = false) => ({ metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  const READY: StubRule = { bin: 'kubectl', match: ['nodes'], stdout: JSON.stringify({ items: [node('x-control-plane', true), node('x-worker')] }) };
  const DNS: StubRule = { bin: 'kubectl', match: ['coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) };
  // The learner's own clusters and look-alikes that are not kubedrill's lab clusters.
  const CLUSTERS: StubRule = { bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill\nkubedrill-lab1\nkubedrill-lab2\nother-lab1\nkubedrill-labx\nkubedrill-lab01\nmine\n' };
  const deleted = async () => (await stubs.calls()).filter((c) => c.bin === 'kind' && c.args[0] === 'delete').map((c) => c.args[c.args.indexOf('--name') + 1]);

  it('given lab clusters and other kind clusters, when `cluster down --all`, then exactly kubedrill-lab1, kubedrill-lab2 and kubedrill are deleted', async () => {
    await stubs.setRules([CLUSTERS]);
    const t = io();
    expect(await main(['cluster', 'down', '--all'], t)).toBe(0);
    expect(await deleted()).toEqual(['kubedrill-lab1', 'kubedrill-lab2', 'kubedrill']);
    expect(t.out()).toBe('deleted lab cluster kubedrill-lab1\ndeleted lab cluster kubedrill-lab2\ndeleted kind cluster kubedrill (if it existed)\n');
  });

  it('given lab clusters, when `cluster down` without --all, then only the main cluster is deleted', async () => {
    await stubs.setRules([CLUSTERS]);
    expect(await main(['cluster', 'down'], io())).toBe(0);
    expect(await deleted()).toEqual(['kubedrill']);
  });

  it('given another main cluster, when `cluster down --all --cluster other`, then other-lab1 and other go, nothing of kubedrill', async () => {
    await stubs.setRules([CLUSTERS]);
    expect(await main(['cluster', 'down', '--all', '--cluster', 'other'], io())).toBe(0);
    expect(await deleted()).toEqual(['other-lab1', 'other']);
  });

  it('given two lab clusters, when `cluster status --json`, then they are listed with their health, and the text says how to delete them', async () => {
    await stubs.setRules([CLUSTERS, { bin: 'kind', match: ['kubeconfig'], stdout: 'apiVersion: v1\n' }, READY, DNS]);
    const t = io();
    expect(await main(['cluster', 'status', '--json'], t)).toBe(0);
    const status = JSON.parse(t.out()) as { formatVersion: number; name: string; healthy: boolean; labs: { name: string; context: string; exists: boolean; healthy: boolean }[] };
    expect(status).toMatchObject({ formatVersion: 1, name: 'kubedrill', healthy: true });
    expect(status.labs.map((l) => [l.name, l.context, l.exists, l.healthy])).toEqual([
      ['kubedrill-lab1', 'kind-kubedrill-lab1', true, true],
      ['kubedrill-lab2', 'kind-kubedrill-lab2', true, true],
    ]);
    const text = io();
    expect(await main(['cluster', 'status'], text)).toBe(0);
    expect(text.out()).toContain('lab cluster kubedrill-lab2: healthy (context kind-kubedrill-lab2)');
    expect(text.out()).toContain('2 lab clusters still exist (kubedrill-lab1, kubedrill-lab2) and use memory: `kubedrill cluster down --all`');
  });

  it('given no main cluster but a lab cluster left behind, when `cluster status`, then exit 1 and the lab cluster is still reported', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill-lab1\n' }, READY, DNS]);
    const t = io();
    expect(await main(['cluster', 'status'], t)).toBe(1);
    expect(t.out()).toContain('kind cluster kubedrill does not exist');
    expect(t.out()).toContain('lab cluster kubedrill-lab1 still exists');
  });

  it.each([
    [[], KIND_NODE_IMAGES['0.31.0']],
    [['--image', 'kindest/node:v1.33.4'], 'kindest/node:v1.33.4'],
  ])('given kind 0.31.0, when `cluster up %j`, then kind create gets --image %s', async (extra, image) => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.31.0 go1.25.5 linux/amd64\n' },
      { bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' },
      READY,
      DNS,
    ]);
    const t = io();
    expect(await main(['cluster', 'up', '--workers', '1', ...extra], t)).toBe(0);
    const create = (await stubs.calls()).find((c) => c.args[0] === 'create');
    expect(create?.args.slice(-2)).toEqual(['--image', image]);
    expect(t.out()).toContain(`node image ${image ?? ''}`);
  });

  it('given kind 0.32.0, when `doctor --no-probe`, then the node image it will use is printed', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['version'], stdout: 'kind v0.32.0 go1.25 linux/amd64\n' }, { bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' }]);
    const t = io();
    await main(['doctor', '--no-probe'], t);
    expect(t.out()).toContain(`ok    Node image: node image ${KIND_NODE_IMAGES['0.32.0'] ?? ''} (pinned for kind 0.32.0)`);
  });

  it('given an option-like --image, when cluster up, then a usage error before anything runs', async () => {
    expect(await main(['cluster', 'up', '--image', 'bad image'], io())).toBe(2);
    expect(await stubs.calls()).toEqual([]);
  });
});
