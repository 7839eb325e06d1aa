import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScript, parseListing, planFileRestore, recordScript, restoreScript, type NodeEntry } from '../../src/environments/kind/baseline-files.js';
import { createDockerNodes } from '../../src/environments/kind/docker-nodes.js';
import { createProcessRunner } from '../../src/system/index.js';
import { dockerUnavailableReason, ensureTestNodeImage, startNodeContainer } from './test-node-image.js';

// Tier 3 (the README, Tests): the node-file baseline's scripts in a real container named like a
// kind node — the listing, the saved content, and a restore after what troubleshooting and
// etcd tasks do to a control plane. A stand-in systemctl records what would restart the kubelet.
const reason = dockerUnavailableReason();
const runHere = reason === undefined || process.env.KUBEDRILL_TEST_ON_CI === 'true';
if (!runHere) console.warn(`[skipped] node baseline tests: ${reason}`);

const FAKE_SYSTEMCTL = `#!/bin/sh
echo "$*" >> /var/lib/kubedrill/systemctl.log
if [ "$1" = is-active ]; then [ ! -f /var/lib/kubedrill/kubelet-stopped ]; exit $?; fi
[ "$1" = restart ] && rm -f /var/lib/kubedrill/kubelet-stopped
exit 0
`;

describe.skipIf(!runHere)('node-file baseline in a real container', () => {
  const cluster = `kdbase${process.pid}`;
  let remove: () => void = () => {};
  const nodes = createDockerNodes({ runner: createProcessRunner(), cluster });
  const run = async (script: string) => {
    const result = await nodes.exec('controlplane', script);
    if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const list = async (): Promise<NodeEntry[]> => parseListing(await run(listScript()));

  beforeAll(async () => {
    if (reason !== undefined) throw new Error(`CI=true but Docker is unavailable: ${reason}`);
    await ensureTestNodeImage();
    remove = startNodeContainer(`${cluster}-control-plane`);
    await run(
      [
        'mkdir -p /etc/kubernetes/manifests /etc/kubernetes/pki /var/lib/kubelet /opt/cni/bin /usr/sbin /var/lib/kubedrill',
        "printf 'kind: Pod\\nmetadata: {name: kube-apiserver}\\n' > /etc/kubernetes/manifests/kube-apiserver.yaml",
        "printf 'kind: Pod\\nmetadata: {name: etcd}\\n' > /etc/kubernetes/manifests/etcd.yaml",
        "printf 'cert' > /etc/kubernetes/pki/ca.crt && chmod 600 /etc/kubernetes/pki/ca.crt",
        "printf 'kind: KubeletConfiguration\\nstaticPodPath: /etc/kubernetes/manifests\\n' > /var/lib/kubelet/config.yaml",
        "printf 'binary' > /opt/cni/bin/bridge",
        `cat > /usr/sbin/systemctl <<'EOF'\n${FAKE_SYSTEMCTL}EOF`,
        'chmod 755 /usr/sbin/systemctl',
      ].join('\n'),
    );
  }, 120_000);
  afterAll(() => remove());

  it('given a saved baseline and a node a task changed, when the plan is carried out, then the node lists exactly as at baseline and the kubelet restarted', async () => {
    await run(recordScript());
    const baseline = await list();
    expect(baseline.find((e) => e.path === '/etc/kubernetes/pki/ca.crt')).toMatchObject({ type: 'f', mode: '600' });
    expect(baseline.find((e) => e.path === '/opt/cni/bin/bridge')).toEqual({ type: 'f', path: '/opt/cni/bin/bridge' });

    await run(
      [
        // a stopped API server, a broken kubelet flag, a loosened key, an etcd restore's leftovers, a backup
        'mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/kube-apiserver.yaml.stopped',
        "sed -i 's#/etc/kubernetes/manifests#/etc/kubernetes/manifestz#' /var/lib/kubelet/config.yaml",
        'chmod 644 /etc/kubernetes/pki/ca.crt',
        "printf 'x' > /etc/kubernetes/manifests/web.yaml",
        'mkdir -p /var/lib/etcd-restore/member && printf db > /var/lib/etcd-restore/member/db',
        'mkdir -p /opt/backup && printf snap > /opt/backup/etcd.db',
        "printf 'changed' > /opt/cni/bin/bridge",
        'rm -f /var/lib/kubedrill/systemctl.log',
      ].join('\n'),
    );
    const plan = planFileRestore(baseline, await list());
    expect(plan.restartKubelet).toBe(true);
    const output = await run(restoreScript(plan));

    expect(await list()).toEqual(baseline);
    expect(await run('cat /etc/kubernetes/manifests/kube-apiserver.yaml')).toContain('kube-apiserver');
    expect(await run('cat /var/lib/kubelet/config.yaml')).toContain('staticPodPath: /etc/kubernetes/manifests\n');
    // A swept path's changed content is not the baseline's business: it stays as the task left it.
    expect(await run('cat /opt/cni/bin/bridge')).toBe('changed');
    expect(await run('cat /var/lib/kubedrill/systemctl.log')).toBe('daemon-reload\nrestart kubelet\n');
    expect(output).toContain('removed /var/lib/etcd-restore');
    expect(output).toContain('restored /etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(output).toContain('restarted the kubelet');
  });

  it('given a clean node whose kubelet a task stopped, when restored, then only the kubelet is restarted', async () => {
    await run('touch /var/lib/kubedrill/kubelet-stopped && rm -f /var/lib/kubedrill/systemctl.log');
    const before = await list();
    const plan = planFileRestore(before, before);
    const output = await run(restoreScript(plan));
    expect(output.trim()).toBe('restarted the kubelet');
    expect(await run('cat /var/lib/kubedrill/systemctl.log')).toBe('is-active --quiet kubelet\ndaemon-reload\nrestart kubelet\n');
    expect(await list()).toEqual(before);
  });
});
