import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { etcdRestoreChecker } from '../../checkers/etcd-restore.js';
import type { Outcome } from '../../src/models/index.js';
import { nodeOnlyContext } from './check-context.js';
import { kubeadmEtcdManifest } from './etcd-manifest.js';
import { etcdSuiteEnabled, freePort, restoreSnapshot, startEtcd, type RunningEtcd } from './etcd-server.js';
import { LocalNodes } from './local-nodes.js';

const PRE = '/registry/configmaps/default/pre-backup';
const POST = '/registry/configmaps/default/post-backup';

describe.runIf(etcdSuiteEnabled())('etcd-restore against a real etcd', () => {
  let dir: string;
  let original: RunningEtcd | undefined;
  let restored: RunningEtcd | undefined;
  let restoredDir: string;
  const nodes = new LocalNodes();

  // Given a cluster's etcd with PRE written, snapshotted, then POST written — and the snapshot
  // restored into restoredDir and served by a second etcd, as the learner's solution does.
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-restore-test-'));
    original = await startEtcd(join(dir, 'etcd'));
    original.ctl('put', PRE, 'before');
    original.ctl('snapshot', 'save', join(dir, 'snap.db'));
    original.ctl('put', POST, 'after');
    restoredDir = join(dir, 'etcd-restore');
    restoreSnapshot(join(dir, 'snap.db'), restoredDir);
    restored = await startEtcd(restoredDir);
  });
  afterEach(async () => {
    await Promise.all([original?.stop(), restored?.stop()]);
    original = restored = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function grade(manifest: string, endpoint: string): Promise<Outcome> {
    const manifestPath = join(dir, 'etcd.yaml');
    await writeFile(manifestPath, manifest);
    const p = etcdRestoreChecker.params.parse({
      node: 'controlplane',
      dataDir: restoredDir,
      presentKey: PRE,
      absentKey: POST,
      manifest: manifestPath,
      endpoint,
    });
    return etcdRestoreChecker.run(p, nodeOnlyContext(nodes));
  }

  it('Given the manifest points at the restored dir and etcd serves it, then it passes', async () => {
    const outcome = await grade(kubeadmEtcdManifest({ hostPath: restoredDir }), restored!.endpoint);

    expect(outcome).toEqual({
      status: 'passed',
      evidence: `etcd-data hostPath ${restoredDir}; etcd answers with ${PRE} and without ${POST}`,
    });
  });

  it('Given the learner restored but left the manifest on the old dir, then it fails on both counts', async () => {
    const outcome = await grade(kubeadmEtcdManifest({ hostPath: join(dir, 'etcd') }), original!.endpoint);

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toBe(
      `the manifest keeps etcd's data in ${join(dir, 'etcd')}, not ${restoredDir}; ${POST} is still there (etcd still serves the old data)`,
    );
  });

  it('Given --data-dir moved but not the mount, then it fails: the data would live in the container', async () => {
    const manifest = kubeadmEtcdManifest({ hostPath: restoredDir, dataDirFlag: '/var/lib/etcd-restore' });

    const outcome = await grade(manifest, restored!.endpoint);

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/--data-dir \/var\/lib\/etcd-restore is outside the etcd-data mount \(\/var\/lib\/etcd\)/);
  });

  it('Given hostPath, mount and --data-dir all moved consistently, then it passes', async () => {
    const manifest = kubeadmEtcdManifest({ hostPath: restoredDir, dataDirFlag: '/var/lib/etcd-restore', mountPath: '/var/lib/etcd-restore' });

    const outcome = await grade(manifest, restored!.endpoint);

    expect(outcome.status).toBe('passed');
  });

  it('Given etcd does not answer (broken restore), then it fails saying so', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;

    const outcome = await grade(kubeadmEtcdManifest({ hostPath: restoredDir }), nobody);

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toMatch(new RegExp(`^etcd does not answer on ${nobody} \\(.*is unhealthy.*\\)$`));
  });
});
