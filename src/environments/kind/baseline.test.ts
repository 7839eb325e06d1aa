import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { createKubectl } from '../live/kubectl.js';
import { parseListing, planFileRestore, restoreScript, type NodeEntry } from './baseline-files.js';
import { nodeState, planNodeRestore, type NodeState } from './baseline-nodes.js';
import { baselineKeys, planObjectSweep } from './baseline-objects.js';
import { baselinePath, restoreBaseline, type KindBaseline } from './baseline.js';
import { createDockerNodes } from './docker-nodes.js';

const file = (path: string, hash: string, mode = '644'): NodeEntry => ({ type: 'f', path, mode, hash });
const dir = (path: string): NodeEntry => ({ type: 'd', path });

describe('node files: what a restore puts back and removes', () => {
  const baseline = [
    dir('/etc/kubernetes'),
    dir('/etc/kubernetes/manifests'),
    file('/etc/kubernetes/manifests/kube-apiserver.yaml', 'a1'),
    file('/etc/kubernetes/manifests/kube-scheduler.yaml', 's1'),
    file('/var/lib/kubelet/config.yaml', 'k1'),
    dir('/opt'),
    { type: 'f', path: '/opt/cni/bin/bridge' } as NodeEntry,
  ];

  it('given nothing changed, when planned, then nothing is restored, removed or restarted', () => {
    expect(planFileRestore(baseline, baseline)).toEqual({ restore: [], remove: [], restartKubelet: false });
  });

  it('given a moved static pod manifest and a backup left in /opt, when planned, then the manifest comes back and only the added paths go (topmost)', () => {
    const now = [
      ...baseline.filter((e) => e.path !== '/etc/kubernetes/manifests/kube-apiserver.yaml'),
      file('/etc/kubernetes/kube-apiserver.yaml.stopped', 'a1'),
      dir('/opt/backup'),
      { type: 'f', path: '/opt/backup/etcd.db' } as NodeEntry,
    ];
    const plan = planFileRestore(baseline, now);
    expect(plan.restore).toEqual(['/etc/kubernetes/manifests/kube-apiserver.yaml']);
    expect(plan.remove).toEqual(['/etc/kubernetes/kube-apiserver.yaml.stopped', '/opt/backup']);
    expect(plan.restartKubelet).toBe(false);
  });

  it('given a changed kubelet config or a chmod, when planned, then it is restored and the kubelet restarts only for the kubelet file', () => {
    const edited = baseline.map((e) => (e.path === '/var/lib/kubelet/config.yaml' ? file(e.path, 'k2') : e));
    expect(planFileRestore(baseline, edited)).toEqual({ restore: ['/var/lib/kubelet/config.yaml'], remove: [], restartKubelet: true });
    const chmodded = baseline.map((e) => (e.path.endsWith('kube-scheduler.yaml') ? file(e.path, 's1', '600') : e));
    expect(planFileRestore(baseline, chmodded)).toEqual({ restore: ['/etc/kubernetes/manifests/kube-scheduler.yaml'], remove: [], restartKubelet: false });
  });

  it('given a swept path whose content changed, when planned, then it is left alone (only additions are swept)', () => {
    const now = baseline.map((e) => (e.path === '/opt/cni/bin/bridge' ? { ...e, hash: 'other' } : e));
    expect(planFileRestore(baseline, now)).toEqual({ restore: [], remove: [], restartKubelet: false });
  });

  it('given listing output with odd lines, when parsed, then only well-formed absolute entries are kept', () => {
    const out = 'f\t644\tabc\t/etc/kubernetes/admin.conf\nd\t-\t-\t/etc/kubernetes\nl\t/x\t-\t/usr/local/bin/k\ngarbage\nf\t-\t-\trelative\n';
    expect(parseListing(out)).toEqual([
      { type: 'f', path: '/etc/kubernetes/admin.conf', mode: '644', hash: 'abc' },
      { type: 'd', path: '/etc/kubernetes' },
      { type: 'l', path: '/usr/local/bin/k', mode: '/x' },
    ]);
  });

  it('given a plan, when scripted, then paths are quoted and the kubelet is restarted only when asked or stopped', () => {
    const script = restoreScript({ restore: ["/etc/kubernetes/it's.yaml"], remove: ['/opt/a b'], restartKubelet: false });
    expect(script).toContain("rm -rf -- '/opt/a b'");
    expect(script).toContain(`tar -xpf /var/lib/kubedrill/baseline.tar 'etc/kubernetes/it'\\''s.yaml'`);
    expect(script).toContain('is-active --quiet kubelet');
  });
});

describe('Node objects: cordons, taints and labels a task left', () => {
  const cp: NodeState = { name: 'kubedrill-control-plane', unschedulable: false, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], labels: {} };
  const w1: NodeState = { name: 'kubedrill-worker', unschedulable: false, taints: [], labels: {} };

  it('given the baseline, when planned, then no command', () => {
    expect(planNodeRestore([cp, w1], [cp, w1])).toEqual([]);
  });

  it('given a cordoned, tainted, labelled worker and a control plane stripped of its taint, when planned, then exactly those are undone', () => {
    const now = [
      { ...cp, taints: [] },
      { ...w1, unschedulable: true, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], labels: { disktype: 'ssd' } },
    ];
    expect(planNodeRestore([cp, w1], now)).toEqual([
      ['taint', 'nodes', 'kubedrill-control-plane', 'node-role.kubernetes.io/control-plane:NoSchedule', '--overwrite'],
      ['uncordon', 'kubedrill-worker'],
      ['taint', 'nodes', 'kubedrill-worker', 'gpu:NoSchedule-'],
      ['label', 'nodes', 'kubedrill-worker', 'disktype-', '--overwrite'],
    ]);
  });

  it('given the taints Kubernetes manages and kubernetes.io labels, when read, then they are not part of the state', () => {
    const state = nodeState({
      metadata: { name: 'n', labels: { 'kubernetes.io/hostname': 'n', 'node-role.kubernetes.io/control-plane': '', team: 'a' } },
      spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'dedicated', value: 'x', effect: 'NoSchedule' }] },
    });
    expect(state).toEqual({ name: 'n', unschedulable: false, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }], labels: { team: 'a' } });
  });
});

describe('objects made since the baseline', () => {
  const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
  });
  const base = [obj('v1', 'Namespace', 'default'), obj('v1', 'Service', 'kubernetes', 'default'), obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'view')];

  it('given new namespaces, pods, cluster roles and what controllers own, when planned, then only unowned new objects go, namespaced ones with their namespace', () => {
    const now = [
      ...base,
      obj('v1', 'Namespace', 'shop'),
      obj('apps/v1', 'Deployment', 'web', 'shop'),
      obj('v1', 'Pod', 'tmp', 'default'),
      obj('v1', 'Pod', 'web-1', 'default', { ownerReferences: [{ kind: 'ReplicaSet' }] }),
      obj('v1', 'ConfigMap', 'kube-root-ca.crt', 'default'),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
      obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'gateways.gateway.networking.k8s.io', undefined, { labels: { 'kubedrill.dev/addon': 'gateway-api-crds' } }),
      obj('v1', 'Namespace', 'ingress-nginx', undefined, { labels: { 'kubedrill.dev/addon': 'ingress-nginx' } }),
      obj('v1', 'Secret', 'ingress-nginx-admission', 'ingress-nginx'),
    ];
    const sweep = planObjectSweep(new Set(baselineKeys(base)), now);
    expect(sweep.namespaces).toEqual(['shop']);
    expect([...sweep.objects]).toEqual([
      ['default', ['pod/tmp']],
      ['', ['clusterrole.rbac.authorization.k8s.io/reader']],
    ]);
  });
});

describe('restoreBaseline with stand-in kubectl and docker', () => {
  let stubs: StubBin;
  let data: string;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kubectl', 'docker']);
    data = await mkdtemp(join(tmpdir(), 'kubedrill-baseline-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(data, { recursive: true, force: true });
  });

  const node = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec,
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const baseline: KindBaseline = {
    formatVersion: 1,
    cluster: 'kubedrill',
    id: 'base-1',
    recordedAt: '2026-12-01T00:00:00.000Z',
    nodes: [
      { name: 'kubedrill-control-plane', unschedulable: false, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], labels: {} },
      { name: 'kubedrill-worker', unschedulable: false, taints: [], labels: {} },
    ],
    objects: ['namespace//default', 'service/default/kubernetes'],
    files: { controlplane: [dir('/etc/kubernetes'), file('/etc/kubernetes/manifests/kube-scheduler.yaml', 's1')], worker1: [dir('/opt')] },
  };

  it('given a drained, tainted worker, a stopped scheduler and a leftover pod, when restored, then exactly those are undone, every kubectl call names the cluster\'s context, and nothing else is touched', async () => {
    const path = baselinePath(data, 'kubedrill');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(baseline));
    const nodesNow = { items: [node('kubedrill-control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), node('kubedrill-worker', { unschedulable: true, taints: [{ key: 'maintenance', effect: 'NoExecute' }] })] };
    const objectsNow = { items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tmp', namespace: 'default' } }] };
    await stubs.setRules([
      // control plane: its baseline id, its listing (scheduler manifest moved aside), the restore
      { bin: 'docker', match: ['kubedrill-control-plane'], stdout: 'base-1', times: 1 },
      { bin: 'docker', match: ['kubedrill-control-plane'], stdout: 'd\t-\t-\t/etc/kubernetes\nf\t644\ts1\t/etc/kubernetes/kube-scheduler.yaml\n', times: 1 },
      { bin: 'docker', match: ['kubedrill-control-plane'], stdout: 'removed /etc/kubernetes/kube-scheduler.yaml\nrestored /etc/kubernetes/manifests/kube-scheduler.yaml\n', times: 1 },
      { bin: 'docker', match: ['kubedrill-worker'], stdout: 'base-1', times: 1 },
      { bin: 'docker', match: ['kubedrill-worker'], stdout: 'd\t-\t-\t/opt\n', times: 1 },
      { bin: 'docker', match: ['kubedrill-worker'], stdout: '', times: 1 },
      { bin: 'kubectl', match: ['get', 'nodes', '-o'], stdout: JSON.stringify(nodesNow) },
      { bin: 'kubectl', match: ['deployment', 'coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) },
      { bin: 'kubectl', match: ['get', '--all-namespaces'], stdout: JSON.stringify(objectsNow) },
      { bin: 'kubectl', stdout: '' },
    ]);
    const runner = createProcessRunner({ env: stubs.env });
    const kubectl = createKubectl({ runner, target: { context: 'kind-kubedrill', kubeconfig: '/k/kubedrill.kubeconfig' } });
    const done = await restoreBaseline({ cluster: 'kubedrill', dataDir: data, kubectl, nodes: createDockerNodes({ runner, cluster: 'kubedrill' }), present: ['controlplane', 'worker1'], sleep: async () => {} });

    expect(done).toEqual([
      'controlplane: removed /etc/kubernetes/kube-scheduler.yaml',
      'controlplane: restored /etc/kubernetes/manifests/kube-scheduler.yaml',
      'kubectl uncordon kubedrill-worker',
      'kubectl taint nodes kubedrill-worker maintenance:NoExecute-',
      'deleted pod/tmp in namespace default',
    ]);
    const calls = await stubs.calls();
    const kubectlCalls = calls.filter((c) => c.bin === 'kubectl');
    for (const call of kubectlCalls) expect(call.args.slice(0, 4)).toEqual(['--kubeconfig', '/k/kubedrill.kubeconfig', '--context', 'kind-kubedrill']);
    const changes = kubectlCalls.map((c) => c.args.slice(5)).filter((a) => a[0] !== 'get');
    expect(changes).toEqual([
      ['uncordon', 'kubedrill-worker'],
      ['taint', 'nodes', 'kubedrill-worker', 'maintenance:NoExecute-'],
      ['delete', '-n', 'default', '--ignore-not-found', 'pod/tmp', '--wait=true', '--timeout=60s'],
    ]);
    const restore = calls.find((c) => c.bin === 'docker' && c.stdin.includes('tar -xpf'));
    expect(restore?.stdin).toContain("rm -rf -- '/etc/kubernetes/kube-scheduler.yaml'");
    expect(restore?.stdin).toContain("'etc/kubernetes/manifests/kube-scheduler.yaml'");
  });

  it('given no baseline yet, when restored, then one is recorded and the line says what was made before stays', async () => {
    await stubs.setRules([
      { bin: 'docker', match: ['bash'], stdout: '' },
      { bin: 'kubectl', match: ['get', 'nodes'], stdout: JSON.stringify({ items: [node('kubedrill-control-plane', {})] }) },
      { bin: 'kubectl', match: ['get'], stdout: JSON.stringify({ items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }] }) },
    ]);
    const runner = createProcessRunner({ env: stubs.env });
    const kubectl = createKubectl({ runner, target: { context: 'kind-kubedrill' } });
    const done = await restoreBaseline({ cluster: 'kubedrill', dataDir: data, kubectl, nodes: createDockerNodes({ runner, cluster: 'kubedrill' }), present: ['controlplane'] });
    expect(done[0]).toMatch(/recorded the baseline of cluster kubedrill now; what was made in it before stays/);
    const saved = JSON.parse(await readFile(baselinePath(data, 'kubedrill'), 'utf8')) as KindBaseline;
    expect(saved.objects).toEqual(['namespace//default']);
    expect(saved.nodes.map((n) => n.name)).toEqual(['kubedrill-control-plane']);
    expect((await stubs.calls()).some((c) => c.bin === 'docker' && c.stdin.includes('tar -cpf'))).toBe(true);
  });
});
