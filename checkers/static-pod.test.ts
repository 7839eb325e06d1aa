import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult, K8sObject } from '../src/models/index.js';
import { staticPodChecker } from './static-pod.js';
import { podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

const run = promisify(execFile);
let root: string;
let manifests: string;

/** The node shell: the checker's script really runs in sh, against a temp dir standing in for the node. */
async function shell(_node: string, script: string): Promise<ExecResult> {
  try {
    const { stdout, stderr } = await run('sh', ['-c', script]);
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const mirror = (o: { image?: string; source?: string; name?: string } = {}): K8sObject =>
  podFixture({
    name: o.name ?? 'web-kubedrill-worker',
    image: o.image ?? 'nginx:1.27',
    annotations: { 'kubernetes.io/config.source': o.source ?? 'file', 'kubernetes.io/config.hash': 'f3b1c2', 'kubernetes.io/config.mirror': 'f3b1c2' },
  });

function ctx(objects: K8sObject[], staticPodPath: string | null = manifests) {
  const config = `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n${staticPodPath ? `staticPodPath: ${staticPodPath}\n` : ''}`;
  return testContext({ objects, nodeFiles: { worker1: { '/var/lib/kubelet/config.yaml': config } }, nodeExec: shell });
}

const check = (params: Record<string, unknown>, c: ReturnType<typeof ctx>) => staticPodChecker.run(staticPodChecker.params.parse(params), c);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kubedrill-static-'));
  manifests = join(root, "kubelet.d it's");
  await mkdir(manifests);
  await writeFile(join(manifests, 'web.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
  await writeFile(join(manifests, 'broken.yaml'), 'kind: [');
  await writeFile(join(manifests, '.hidden.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: ghost}\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('static-pod checker', () => {
  it('given a mirror pod and its manifest, when checked, then it passes', async () => {
    const outcome = await check({ name: 'web', node: 'worker1', image: 'nginx:1.27' }, ctx([mirror()]));
    expect(outcome).toEqual({ status: 'passed', evidence: `mirror pod web-kubedrill-worker from a manifest in ${manifests}` });
  });

  it('given a pod created with kubectl instead, when checked, then it fails saying it is not a mirror pod', async () => {
    const apiPod = podFixture({ name: 'web-kubedrill-worker' });
    const outcome = await check({ name: 'web', node: 'worker1' }, ctx([apiPod]));
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining('is not a mirror pod (config.source: api)') });
  });

  it('given the manifest in another directory than the kubelet reads, when checked, then both problems are named', async () => {
    const other = join(root, 'empty');
    await mkdir(other, { recursive: true });
    const outcome = await check({ name: 'web', node: 'worker1' }, ctx([], other));
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.actual).toContain('pod/web-kubedrill-worker not found in namespace default');
    expect(outcome.actual).toContain(`no manifest in ${other} on worker1 defines pod web in namespace default (no pod manifests there)`);
    expect(outcome.expected).toContain(`from a manifest in ${other} on worker1`);
  });

  it('given a manifest for another name and a hidden file, when checked, then the listing names what is there', async () => {
    const outcome = await check({ name: 'ghost', node: 'worker1' }, ctx([]));
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringContaining(`it has web (${manifests}/web.yaml)`) });
  });

  it('given the wrong image, when checked, then actual shows the running image', async () => {
    const outcome = await check({ name: 'web', node: 'worker1', image: 'nginx:1.28' }, ctx([mirror({ image: 'nginx:1.27' })]));
    expect(outcome).toMatchObject({ status: 'failed', actual: 'image nginx:1.27', expected: expect.stringContaining('image nginx:1.28') });
  });

  it('given a staticPodPath that does not exist, when checked, then it fails naming it', async () => {
    const outcome = await check({ name: 'web', node: 'worker1' }, ctx([mirror()], join(root, 'nope')));
    expect(outcome).toMatchObject({ status: 'failed', actual: `the staticPodPath ${join(root, 'nope')} does not exist on worker1` });
  });

  it('given a kubelet config without staticPodPath, when checked, then it fails naming the missing field', async () => {
    expect(await check({ name: 'web', node: 'worker1' }, ctx([mirror()], null))).toMatchObject({
      status: 'failed',
      actual: 'the kubelet on worker1 has no staticPodPath in /var/lib/kubelet/config.yaml',
    });
  });

  it('given no kubelet config on the node, when checked, then it cannot grade', async () => {
    const c = testContext({ objects: [mirror()], nodeExec: shell });
    expect(await check({ name: 'web', node: 'worker1' }, c)).toEqual({ status: 'error', reason: '/var/lib/kubelet/config.yaml not found on worker1' });
  });

  it('given the checker, when declared, then it needs node-shell', () => {
    expect(staticPodChecker.needs).toEqual(['node-shell']);
  });
});
