import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { createStubBin, type StubBin, type StubRule } from '../../test/stubs/index.js';
import type { CommandIO } from '../system/io.js';

// `cluster status` lists the add-ons recorded on the cluster (kind and kubectl as recording stubs).
describe('kubedrill cluster status: add-ons', () => {
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
  const HEALTHY: StubRule[] = [
    { bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill\n' },
    { bin: 'kind', match: ['kubeconfig'], stdout: 'apiVersion: v1\n' },
    { bin: 'kubectl', match: ['nodes'], stdout: JSON.stringify({ items: [{ metadata: { name: 'kubedrill-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] }) },
    { bin: 'kubectl', match: ['coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) },
  ];
  const record = (data: Record<string, { version: string; sha256: string }>): StubRule => ({
    bin: 'kubectl',
    match: ['configmap', 'kubedrill-addons', '-n', 'kube-system'],
    stdout: JSON.stringify({ data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.stringify(v)])) }),
  });

  it('Given two recorded add-ons, When `cluster status`, Then both are listed with their versions, in text and JSON', async () => {
    await stubs.setRules([...HEALTHY, record({ 'gateway-api-crds': { version: 'v1.3.0', sha256: 'a' }, 'ingress-nginx': { version: 'controller-v1.15.1', sha256: 'b' } })]);
    const text = io();
    expect(await main(['cluster', 'status'], text)).toBe(0);
    expect(text.out()).toContain('  add-ons: gateway-api-crds v1.3.0, ingress-nginx controller-v1.15.1\n');
    const json = io();
    expect(await main(['cluster', 'status', '--json'], json)).toBe(0);
    expect((JSON.parse(json.out()) as { addons: unknown }).addons).toEqual([
      { name: 'gateway-api-crds', version: 'v1.3.0', sha256: 'a' },
      { name: 'ingress-nginx', version: 'controller-v1.15.1', sha256: 'b' },
    ]);
  });

  it('Given no record on the cluster, When `cluster status`, Then add-ons: none', async () => {
    await stubs.setRules([...HEALTHY, { bin: 'kubectl', match: ['configmap', 'kubedrill-addons'], exitCode: 1, stderr: 'Error from server (NotFound): configmaps "kubedrill-addons" not found\n' }]);
    const text = io();
    expect(await main(['cluster', 'status'], text)).toBe(0);
    expect(text.out()).toContain('  add-ons: none\n');
  });
});
