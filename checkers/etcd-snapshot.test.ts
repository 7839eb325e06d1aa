import { describe, expect, it } from 'vitest';
import { nodeOnlyContext } from '../test/etcd/check-context.js';
import type { Nodes } from '../src/models/index.js';
import { etcdSnapshotChecker } from './etcd-snapshot.js';

// The script itself runs against a real etcd in test/etcd/etcd-snapshot.test.ts; here: how each
// report from the node becomes an outcome.
const replying = (stdout: string, scripts: string[] = []): Nodes => ({
  exec: async (_node, script) => {
    scripts.push(script);
    return { exitCode: 0, stdout, stderr: '' };
  },
  readFile: async () => undefined,
});
const params = etcdSnapshotChecker.params.parse({ node: 'controlplane', path: "/opt/backup/it's.db", sentinelKey: '/registry/configmaps/default/pre-backup' });

describe('etcd-snapshot outcomes', () => {
  it('quotes the path and key for the node shell', async () => {
    const scripts: string[] = [];
    await etcdSnapshotChecker.run(params, nodeOnlyContext(replying('@kubedrill key present\n', scripts)));
    expect(scripts[0]).toContain(`f='/opt/backup/it'\\''s.db'`);
    expect(scripts[0]).toContain(`key='/registry/configmaps/default/pre-backup'`);
  });

  it.each([
    ['@kubedrill missing-dir /opt/backup', 'failed', /directory \/opt\/backup does not exist/],
    ['@kubedrill not-a-file directory', 'failed', /is a directory, not a file/],
    ['@kubedrill size 20\n@kubedrill bad-snapshot Error: invalid database', 'failed', /^not a valid etcd snapshot \(20 bytes\): invalid database$/],
    ['@kubedrill etcd-failed {"level":"fatal","msg":"listen failed","error":"permission denied"}', 'error', /scratch etcd .* did not start: listen failed: permission denied/],
    ['@kubedrill tools-missing etcd=absent etcdctl=/usr/bin/etcdctl etcdutl=absent', 'error', /etcd tools are missing on controlplane/],
  ])('Given the node reports %j, then the outcome is %s', async (stdout, status, text) => {
    const outcome = await etcdSnapshotChecker.run(params, nodeOnlyContext(replying(stdout)));
    expect(outcome.status).toBe(status);
    const message = outcome.status === 'failed' ? outcome.actual : outcome.status === 'error' ? outcome.reason : '';
    expect(message).toMatch(text);
  });

  it('Given a script that died without a verdict, then it throws for the engine to report as an error', async () => {
    await expect(etcdSnapshotChecker.run(params, nodeOnlyContext(replying('')))).rejects.toThrow(/without a verdict/);
  });
});
