import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../system/index.js';
import { createStubBin, type StubBin, type StubRule } from '../../test/stubs/index.js';
import { KIND_NODE_IMAGES } from '../environments/kind/index.js';
import { runDoctor } from './doctor.js';

const GIB = 1024 ** 3;
const DOCKER_OK: StubRule[] = [
  { bin: 'docker', match: ['version'], stdout: '28.2.2\n' },
  { bin: 'docker', match: ['info'], stdout: '28.2.2\n' },
];
const KIND_OK: StubRule = { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0 go1.23.4 linux/amd64\n' };
const KUBECTL_OK: StubRule = { bin: 'kubectl', match: ['--client'], stdout: JSON.stringify({ clientVersion: { major: '1', minor: '32' } }) };

describe('doctor (stub docker, kind, kubectl)', () => {
  let stubs: StubBin;
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'kubedrill-doctor-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  async function doctor(rules: StubRule[], bins = ['docker', 'kind', 'kubectl'], memory = 16 * GIB) {
    stubs = await createStubBin(rules, bins);
    // Only the stubs and node itself on PATH, so a binary without a stub is really missing.
    const env = { ...stubs.env, PATH: `${stubs.dir}:${dirname(process.execPath)}`, KUBEDRILL_HOME: home };
    return runDoctor({ runner: createProcessRunner({ env }), env, cluster: 'kubedrill', totalMemory: memory });
  }
  const byId = (report: Awaited<ReturnType<typeof runDoctor>>) => Object.fromEntries(report.findings.map((f) => [f.id, f]));

  it('given docker, kind 0.27 and kubectl 1.32 and no cluster, when doctor runs, then all ok, the cluster is "not created yet", exit 0', async () => {
    const report = await doctor([...DOCKER_OK, KIND_OK, KUBECTL_OK, { bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' }]);
    const f = byId(report);
    expect(report.failed).toBe(false);
    expect(f['docker-daemon']?.status).toBe('ok');
    expect(f.kind).toMatchObject({ status: 'ok', detail: 'kind 0.27.0' });
    expect(f.cluster).toMatchObject({ status: 'skip', fix: 'kubedrill cluster up' });
    expect(f.kubectl).toMatchObject({ status: 'ok', detail: 'kubectl 1.32, cluster 1.32' });
  });

  it('given kind 0.27 and lab clusters left behind, when doctor runs, then it shows the pinned node image and warns about the lab clusters', async () => {
    const report = await doctor([...DOCKER_OK, KIND_OK, KUBECTL_OK, { bin: 'kind', match: ['clusters'], stdout: 'kubedrill-lab1\nother-lab1\nkubedrill-lab3\n' }]);
    const f = byId(report);
    expect(f['node-image']).toMatchObject({ status: 'ok', detail: `node image ${KIND_NODE_IMAGES['0.27.0']} (pinned for kind 0.27.0)` });
    expect(f['lab-clusters']).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^2 lab clusters still exist \(kubedrill-lab1, kubedrill-lab3\)/) as string });
    expect(report.failed).toBe(false);
  });

  it('given a kind newer than the image table, when doctor runs, then the node image warns that kind\'s default is used', async () => {
    const report = await doctor([...DOCKER_OK, { bin: 'kind', match: ['version'], stdout: 'kind v0.99.0 go1.30 linux/amd64\n' }, KUBECTL_OK]);
    expect(byId(report)['node-image']).toMatchObject({ status: 'warn', detail: expect.stringContaining("kind's default node image: kind 0.99.0") as string });
    expect(byId(report)['lab-clusters']).toBeUndefined();
  });

  it('given the Docker daemon is down, when doctor runs, then a failing finding with its fix and failed=true', async () => {
    const report = await doctor([
      { bin: 'docker', match: ['version'], stdout: '28.2.2\n' },
      { bin: 'docker', match: ['info'], exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' },
      KIND_OK,
      KUBECTL_OK,
    ]);
    expect(report.failed).toBe(true);
    expect(byId(report)['docker-daemon']).toMatchObject({ status: 'fail', detail: expect.stringContaining('Cannot connect') as string, fix: expect.stringContaining('start Docker') as string });
    expect(byId(report).cluster).toBeUndefined();
  });

  it('given kind is missing and memory is 4 GB, when doctor runs, then kind fails with "install kind ≥ 0.24" and memory warns', async () => {
    const report = await doctor([...DOCKER_OK, KUBECTL_OK], ['docker', 'kubectl'], 4 * GIB);
    expect(report.failed).toBe(true);
    expect(byId(report).kind).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^install kind ≥ 0\.24/) as string });
    expect(byId(report).memory?.status).toBe('warn');
  });

  it('given kubectl 1.29 and kind 0.30 (node 1.34), when doctor runs, then the version skew warns', async () => {
    const report = await doctor([
      ...DOCKER_OK,
      { bin: 'kind', match: ['version'], stdout: 'kind v0.30.0 go1.24 linux/amd64\n' },
      { bin: 'kubectl', match: ['--client'], stdout: JSON.stringify({ clientVersion: { minor: '29' } }) },
    ]);
    expect(byId(report).kubectl).toMatchObject({ status: 'warn', fix: 'install kubectl 1.34' });
    expect(report.failed).toBe(false);
  });
});
