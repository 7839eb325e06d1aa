import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { openKindEnvironment } from './environment.js';

const nodes = JSON.stringify({
  items: [
    { metadata: { name: 'node02', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'node01', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  ],
});

describe('kind environment (stub kind, kubectl, docker, ssh)', () => {
  let stubs: StubBin;
  let data: string;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kind', 'kubectl', 'docker', 'ssh', 'helm', 'openssl']);
    data = await mkdtemp(join(tmpdir(), 'kubedrill-env-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(data, { recursive: true, force: true });
  });

  it('given a healthy kind cluster, when opened and a task world used, then every kubectl call names kubedrill\'s kubeconfig and context', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0\n' },
      // Host tools a task may need: helm new enough, openssl too old.
      { bin: 'helm', match: ['version'], stdout: 'v3.14.2+gc309b6f\n' },
      { bin: 'openssl', match: ['version'], stdout: 'OpenSSL 1.0.2k-fips  26 Jan 2017\n' },
      { bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill\n' },
      { bin: 'kind', match: ['get', 'kubeconfig'], stdout: 'apiVersion: v1\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: nodes },
      { bin: 'kubectl', match: ['coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) },
      { bin: 'kubectl', match: ['web'], stdout: JSON.stringify({ kind: 'Pod', metadata: { name: 'web' } }) },
      { bin: 'docker', match: ['cat'], stdout: 'staticPodPath: /etc/kubernetes/manifests\n' },
      { bin: 'docker', match: ['kubedrill-control-plane', 'bash'], stdout: 'the node image has no apparmor_parser\n', exitCode: 1 },
    ]);
    const env = await openKindEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, probeNetworkPolicy: false, workers: 2 });
    expect(env.kind).toBe('kind');
    expect([...env.capabilities].sort()).toEqual(['can-i', 'helm', 'node-shell', 'pod-exec']);
    expect(env.unavailable.openssl).toMatch(/openssl 1\.0\.2 is older than/);
    expect(env.unavailable['network-policy']).toContain('not probed');
    expect(env.unavailable.apparmor).toBe('the node image has no apparmor_parser');
    const world = await env.openTask('cka/static-pod-web');
    expect(world.vars).toEqual({
      cluster: 'kubedrill',
      context: 'kind-kubedrill',
      answers: join(data, 'answers', 'cka__static-pod-web'),
      nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' },
    });
    const kubeconfig = join(data, 'kube', 'kubedrill.kubeconfig');
    expect(world.accessLines).toEqual(['kubedrill ssh controlplane', 'kubedrill ssh worker1', 'kubedrill ssh worker2']);
    // kind wrote kubedrill's kubeconfig with kind-kubedrill current: the shell needs only KUBECONFIG.
    expect(world.terminal).toEqual({ env: { KUBECONFIG: kubeconfig }, contextLine: `export KUBECONFIG=${kubeconfig}; kubectl config use-context kind-kubedrill` });
    expect(env.terminal).toEqual(world.terminal);
    expect((await world.ports.cluster.get({ kind: 'pod', name: 'web', namespace: 'default' }))?.kind).toBe('Pod');
    expect(await world.ports.nodes.readFile('worker1', '/var/lib/kubelet/config.yaml')).toContain('staticPodPath');
    const calls = await stubs.calls();
    const kubectl = calls.filter((c) => c.bin === 'kubectl');
    expect(kubectl.length).toBeGreaterThanOrEqual(3);
    for (const call of kubectl) expect(call.args.slice(0, 4)).toEqual(['--kubeconfig', join(data, 'kube', 'kubedrill.kubeconfig'), '--context', 'kind-kubedrill']);
    expect(calls.filter((c) => c.bin === 'docker').at(-1)?.args).toEqual(['exec', 'kubedrill-worker', 'cat', '--', '/var/lib/kubelet/config.yaml']);
  });
});
