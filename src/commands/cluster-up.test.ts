import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';
import type { CommandIO } from '../system/io.js';

// The cluster commands through the CLI entry, with kind/kubectl/docker as recording stubs.
describe('kubedrill cluster up/status/down (stubs)', () => {
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

  function io(): CommandIO & { out: () => string; err: () => string } {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    return { stdout, stderr, stdin: new PassThrough(), env: { ...stubs.env, KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 0, out: () => out, err: () => err };
  }
  const ready = JSON.stringify({ items: [{ metadata: { name: 'lab-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'lab-worker' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] });
  const dns = JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } });

  it('given no cluster, when `cluster up --cluster lab --workers 1 --debug FILE`, then it is created, access lines printed and the debug log written', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0\n' },
      { bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: ready },
      { bin: 'kubectl', match: ['coredns'], stdout: dns },
    ]);
    const t = io();
    const debug = join(home, 'debug.log');
    expect(await main(['cluster', 'up', '--cluster', 'lab', '--workers', '1', '--debug', debug], t)).toBe(0);
    expect(t.out()).toContain('created kind cluster lab: 1 control plane + 1 worker(s)');
    expect(t.out()).toContain('kubectl config use-context kind-lab');
    const create = (await stubs.calls()).find((c) => c.args[0] === 'create');
    expect(create?.stdin.match(/role: worker/g)).toHaveLength(1);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(debug, 'utf8')).toMatch(/exit 0 \d+ms stdin=\d+B \$ kind create cluster --name lab --config - --kubeconfig/);
  });

  it('given --workers 3, when cluster up, then a usage error (exit 2) before anything runs', async () => {
    const t = io();
    expect(await main(['cluster', 'up', '--workers', '3'], t)).toBe(2);
    expect(t.err()).toMatch(/^error: option '--workers <n>' argument '3' is invalid\. expected a whole number from 0 to 2/);
    expect(await stubs.calls()).toEqual([]);
  });

  it('given no cluster, when cluster status, then exit 1 and how to create one', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' }]);
    const t = io();
    expect(await main(['cluster', 'status'], t)).toBe(1);
    expect(t.out()).toContain('kind cluster kubedrill does not exist');
  });

  it('given a healthy cluster, when cluster status --json, then versioned JSON with nodes', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['clusters'], stdout: 'kubedrill\n' },
      { bin: 'kind', match: ['kubeconfig'], stdout: 'apiVersion: v1\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: ready },
      { bin: 'kubectl', match: ['coredns'], stdout: dns },
    ]);
    const t = io();
    expect(await main(['cluster', 'status', '--json'], t)).toBe(0);
    const status = JSON.parse(t.out()) as { formatVersion: number; healthy: boolean; health: { nodes: unknown[] } };
    expect(status).toMatchObject({ formatVersion: 1, healthy: true });
    expect(status.health.nodes).toHaveLength(2);
  });

  it('given kind reports Docker down on delete, when cluster down, then the error has next steps and exit 3 (an environment problem)', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['delete'], exitCode: 1, stderr: 'ERROR: failed to delete cluster: Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n' }]);
    const t = io();
    expect(await main(['cluster', 'down'], t)).toBe(3);
    expect(t.err()).toContain('daemon is not running');
  });
});
