import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { etcdSnapshotChecker } from '../../checkers/etcd-snapshot.js';
import type { Outcome } from '../../src/models/index.js';
import { nodeOnlyContext } from './check-context.js';
import { etcdSuiteEnabled, startEtcd, type RunningEtcd } from './etcd-server.js';
import { LocalNodes } from './local-nodes.js';

const SENTINEL = '/registry/configmaps/default/pre-backup';

/** Scratch dirs the check leaves behind in /tmp (it must leave none). */
async function scratchDirs(): Promise<string[]> {
  return (await readdir('/tmp')).filter((n) => n.startsWith('kubedrill-etcd-check.'));
}

describe.runIf(etcdSuiteEnabled())('etcd-snapshot against a real etcd', () => {
  let dir: string;
  let etcd: RunningEtcd | undefined;
  const nodes = new LocalNodes();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-snap-test-'));
    etcd = await startEtcd(join(dir, 'data'));
  });
  afterEach(async () => {
    await etcd?.stop();
    etcd = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const grade = (path: string): Promise<Outcome> =>
    etcdSnapshotChecker.run(etcdSnapshotChecker.params.parse({ node: 'controlplane', path, sentinelKey: SENTINEL }), nodeOnlyContext(nodes));

  it('Given a snapshot taken after the sentinel was written, then it passes with the status as evidence', async () => {
    etcd!.ctl('put', SENTINEL, 'x');
    const snap = join(dir, 'etcd.db');
    etcd!.ctl('snapshot', 'save', snap);
    const before = await scratchDirs();

    const outcome = await grade(snap);

    expect(outcome.status).toBe('passed');
    expect(outcome.status === 'passed' && outcome.evidence).toMatch(/valid snapshot \(revision \d+, \d+ keys, \d+ bytes\); restored, it holds \/registry\/configmaps\/default\/pre-backup/);
    expect(await scratchDirs()).toEqual(before);
  });

  it('Given a snapshot taken before the sentinel was written, then it fails naming the absent key', async () => {
    etcd!.ctl('put', '/registry/configmaps/default/other', 'y');
    const snap = join(dir, 'early.db');
    etcd!.ctl('snapshot', 'save', snap);
    etcd!.ctl('put', SENTINEL, 'x');

    const outcome = await grade(snap);

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/valid snapshot .* but \/registry\/configmaps\/default\/pre-backup is not in it/);
  });

  it.each([
    ['truncated to 4 KiB', (good: Buffer) => good.subarray(0, 4096)],
    ['truncated to two thirds (meta pages intact, data cut)', (good: Buffer) => good.subarray(0, Math.floor((good.length * 2) / 3))],
    ['random bytes', (good: Buffer) => randomBytes(good.length)],
    ['a text file', () => Buffer.from('this is not a snapshot\n')],
  ])('Given a file that is %s, then it fails as not a snapshot, leaving no scratch dir', async (_name, mangle) => {
    etcd!.ctl('put', SENTINEL, 'x');
    const good = join(dir, 'good.db');
    etcd!.ctl('snapshot', 'save', good);
    const bad = join(dir, 'bad.db');
    await writeFile(bad, mangle(await readFile(good)));
    const before = await scratchDirs();

    const outcome = await grade(bad);

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/^(not a valid etcd snapshot|the file does not restore) \(\d+ bytes\): \S/);
    expect(await scratchDirs()).toEqual(before);
  });

  it('Given no file at the path but a near name beside it, then it fails and names what is there', async () => {
    etcd!.ctl('snapshot', 'save', join(dir, 'etcd-backup.db'));

    const outcome = await grade(join(dir, 'etcd.db'));

    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/^no file at .*etcd\.db; the directory holds: .*etcd-backup\.db/);
  });

  it('Given a node without etcd tools, then it is an error, not the learner\'s fault', async () => {
    // A PATH with the shell utilities the script uses but no etcd binaries.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    for (const tool of ['tr', 'grep', 'cat', 'ls', 'dirname', 'stat', 'wc', 'mktemp', 'rm', 'od', 'sleep', 'cut', 'head']) {
      await symlink(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    }
    const bare = new LocalNodes({ ...process.env, PATH: bin });

    const outcome = await etcdSnapshotChecker.run(
      { node: 'controlplane', path: join(dir, 'x.db'), sentinelKey: SENTINEL },
      nodeOnlyContext(bare),
    );

    expect(outcome.status).toBe('error');
    expect(outcome.status === 'error' && outcome.reason).toMatch(/etcd tools are missing on controlplane \(etcd=absent etcdctl=absent etcdutl=absent\)/);
  });
});
