import { describe, expect, it } from 'vitest';
import { kubeadmEtcdManifest } from '../test/etcd/etcd-manifest.js';
import { nodeOnlyContext } from '../test/etcd/check-context.js';
import type { ExecResult, NodeName, Nodes } from '../src/models/index.js';
import { etcdRestoreChecker, manifestDataDir, queryScript } from './etcd-restore.js';

/** Nodes that serve one manifest and answer the query script with fixed marker output. */
function nodes(manifest: string | undefined, queryStdout: string, scripts: string[] = []): Nodes {
  return {
    readFile: async (_n: NodeName, path: string) => (path === '/etc/kubernetes/manifests/etcd.yaml' ? manifest : undefined),
    exec: async (_n: NodeName, script: string): Promise<ExecResult> => {
      scripts.push(script);
      return { exitCode: 0, stdout: queryStdout, stderr: '' };
    },
  };
}

const base = { node: 'controlplane', dataDir: '/var/lib/etcd-restore', presentKey: '/registry/configmaps/default/pre-backup', absentKey: '/registry/configmaps/default/post-backup' };
const good = '@kubedrill present-key yes\n@kubedrill absent-key no\n';

describe('manifestDataDir', () => {
  it('Given only the hostPath moved (the usual exam answer), then the data lives in that host dir', () => {
    expect(manifestDataDir(kubeadmEtcdManifest({ hostPath: '/var/lib/etcd-restore/' }))).toMatchObject({
      hostPath: '/var/lib/etcd-restore',
      flag: '/var/lib/etcd',
      mountPath: '/var/lib/etcd',
      effective: '/var/lib/etcd-restore',
      problems: [],
    });
  });

  it('Given --data-dir below the mount, then the effective host dir follows it', () => {
    const m = manifestDataDir(kubeadmEtcdManifest({ hostPath: '/var/lib', dataDirFlag: '/data/etcd-restore', mountPath: '/data' }));
    expect(m.effective).toBe('/var/lib/etcd-restore');
  });

  it('Given a manifest the learner broke, then it names the problem', () => {
    expect(manifestDataDir('spec: [').problems[0]).toMatch(/^the manifest is not valid YAML/);
    expect(manifestDataDir('spec: {containers: [{name: etcd, command: [etcd]}]}').problems).toEqual([
      'no etcd-data hostPath volume in the manifest',
      'the etcd container has no --data-dir flag',
    ]);
  });
});

describe('etcd-restore with kubeadm defaults', () => {
  it('Given a good restore, then it passes and queries etcd over TLS with the kubeadm certificates', async () => {
    const scripts: string[] = [];
    const ctx = nodeOnlyContext(nodes(kubeadmEtcdManifest({ hostPath: '/var/lib/etcd-restore' }), good, scripts));

    const outcome = await etcdRestoreChecker.run(etcdRestoreChecker.params.parse(base), ctx);

    expect(outcome.status).toBe('passed');
    expect(scripts[0]).toContain("--endpoints='https://127.0.0.1:2379' --cacert='/etc/kubernetes/pki/etcd/ca.crt' --cert='/etc/kubernetes/pki/etcd/server.crt' --key='/etc/kubernetes/pki/etcd/server.key'");
  });

  it('Given a plain-http endpoint override, then no certificate flags are passed', () => {
    const script = queryScript(etcdRestoreChecker.params.parse({ ...base, endpoint: 'http://127.0.0.1:23790' }));
    expect(script).not.toContain('--cacert');
  });

  it('Given the manifest was moved away, then it fails naming the missing manifest', async () => {
    const outcome = await etcdRestoreChecker.run(etcdRestoreChecker.params.parse(base), nodeOnlyContext(nodes(undefined, good)));
    expect(outcome).toMatchObject({ status: 'failed', actual: 'no etcd manifest at /etc/kubernetes/manifests/etcd.yaml' });
  });

  it('Given no etcdctl on the node, then it is an error, not the learner\'s fault', async () => {
    const ctx = nodeOnlyContext(nodes(kubeadmEtcdManifest({ hostPath: '/var/lib/etcd-restore' }), '@kubedrill tools-missing etcdctl\n'));
    const outcome = await etcdRestoreChecker.run(etcdRestoreChecker.params.parse(base), ctx);
    expect(outcome.status).toBe('error');
  });

  it('Given a restore from the wrong snapshot (pre-backup key missing), then it fails', async () => {
    const ctx = nodeOnlyContext(nodes(kubeadmEtcdManifest({ hostPath: '/var/lib/etcd-restore' }), '@kubedrill present-key no\n@kubedrill absent-key no\n'));
    const outcome = await etcdRestoreChecker.run(etcdRestoreChecker.params.parse(base), ctx);
    expect(outcome).toMatchObject({ status: 'failed', actual: '/registry/configmaps/default/pre-backup is missing (not the restored data?)' });
  });
});
