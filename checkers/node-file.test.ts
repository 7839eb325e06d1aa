import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeOnlyContext } from '../test/etcd/check-context.js';
import { LocalNodes } from '../test/etcd/local-nodes.js';
import { nodeFileChecker } from './node-file.js';

// The "node" is this machine; files live in a real temp dir.
describe('node-file', () => {
  let dir: string;
  const nodes = new LocalNodes();
  const grade = (p: Record<string, unknown>) => nodeFileChecker.run(nodeFileChecker.params.parse({ node: 'controlplane', ...p }), nodeOnlyContext(nodes));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-node-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Given an invalid regular expression in a check, then the pack is refused at load, naming the field', () => {
    const result = nodeFileChecker.params.safeParse({ node: 'controlplane', path: '/etc/x', matches: '([' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['matches'], message: 'not a valid JavaScript regular expression' });
  });

  it('Given the file with mode 0600 and the text, then it passes with type, size and mode', async () => {
    const path = join(dir, 'audit-policy.yaml');
    const content = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
    await writeFile(path, content);
    await chmod(path, 0o600);

    const outcome = await grade({ path, contains: 'kind: Policy', matches: '^apiVersion: audit\\.k8s\\.io/v1$', mode: '0600' });

    expect(outcome).toEqual({ status: 'passed', evidence: `${path} on controlplane: regular file, ${Buffer.byteLength(content)} bytes, mode 0600` });
  });

  it('Given a wrong mode and missing text, then actual lists both', async () => {
    const path = join(dir, 'etcd.db');
    await writeFile(path, 'x');
    await chmod(path, 0o644);

    const outcome = await grade({ path, contains: 'needle', mode: '600' });

    expect(outcome).toMatchObject({ status: 'failed', actual: 'mode 0644; text "needle" not found' });
    // Before the solution the text the file should hold is not quoted.
    expect(outcome.status === 'failed' && outcome.summary).toMatch(/: its mode 0644 is not what the task asks; its content is not what the task asks$/);
    expect(outcome.status === 'failed' && outcome.summary).not.toContain('needle');
  });

  it('Given no file but a near name in the directory, then it fails naming it', async () => {
    await writeFile(join(dir, 'etcd-backup.db'), 'x');
    await writeFile(join(dir, 'unrelated.txt'), 'x');

    const outcome = await grade({ path: join(dir, 'etcd.db') });

    expect(outcome).toMatchObject({ status: 'failed', actual: `no such file; ${dir} has etcd-backup.db` });
  });

  it('Given the parent directory is missing, then it says so', async () => {
    const outcome = await grade({ path: join(dir, 'backup', 'etcd.db') });

    expect(outcome).toMatchObject({ status: 'failed', actual: `no directory ${join(dir, 'backup')}` });
  });

  it('Given exists: false, then absence passes and presence fails', async () => {
    const path = join(dir, 'web.yaml.bak');
    expect((await grade({ path, exists: false })).status).toBe('passed');
    await writeFile(path, 'x');
    expect(await grade({ path, exists: false })).toMatchObject({ status: 'failed', actual: 'it exists (regular file)' });
  });

  it('Given a directory where text is expected, then it fails without reading it', async () => {
    const path = join(dir, 'manifests');
    await mkdir(path);

    expect(await grade({ path, contains: 'x' })).toMatchObject({ status: 'failed', actual: 'it is a directory, not a regular file' });
  });

  it('rejects content checks on an absent file and relative paths', () => {
    expect(nodeFileChecker.params.safeParse({ node: 'controlplane', path: '/x', exists: false, contains: 'a' }).success).toBe(false);
    expect(nodeFileChecker.params.safeParse({ node: 'controlplane', path: 'x' }).success).toBe(false);
  });
  describe('modeAtMost ("this or more restrictive", where mode is exact)', () => {
    it.each([
      ['0600', 'passed'],
      ['0400', 'passed'],
      ['0000', 'passed'],
      ['0640', 'failed'],
      ['0644', 'failed'],
      ['0700', 'failed'],
    ])('Given a file with mode %s, then modeAtMost 0600 is %s', async (mode, status) => {
      const path = join(dir, 'config.yaml');
      await writeFile(path, 'x');
      await chmod(path, parseInt(mode, 8));
      expect((await grade({ path, modeAtMost: '0600' })).status).toBe(status);
    });

    it('Given 0400, then exact mode 0600 fails where modeAtMost passes', async () => {
      const path = join(dir, 'kubelet.conf');
      await writeFile(path, 'x');
      await chmod(path, 0o400);
      expect((await grade({ path, mode: '0600' })).status).toBe('failed');
      expect(await grade({ path, modeAtMost: '600' })).toEqual({ status: 'passed', evidence: `${path} on controlplane: regular file, 1 bytes, mode 0400` });
    });

    it('Given a directory with group access, then actual names the bits beyond the limit and the summary does not', async () => {
      const path = join(dir, 'etcd');
      await mkdir(path);
      await chmod(path, 0o750);
      const outcome = await grade({ path, modeAtMost: '0700' });
      expect(outcome).toMatchObject({ status: 'failed', expected: `${path} on controlplane exists, mode 0700 or more restrictive`, actual: 'mode 0750 (0050 beyond 0700)' });
      expect(outcome.status === 'failed' && outcome.summary).toBe(`${path} on controlplane: its mode 0750 allows more than the task asks`);
    });

    it('Given a setuid bit, then it is beyond 0755', async () => {
      const path = join(dir, 'tool');
      await writeFile(path, 'x');
      await chmod(path, 0o4755);
      expect(await grade({ path, modeAtMost: '0755' })).toMatchObject({ status: 'failed', actual: 'mode 04755 (04000 beyond 0755)' });
    });

    it('rejects mode together with modeAtMost, and modeAtMost on an absent file', () => {
      const both = nodeFileChecker.params.safeParse({ node: 'controlplane', path: '/x', mode: '0600', modeAtMost: '0600' });
      expect(both.error?.issues[0]).toMatchObject({ path: ['modeAtMost'], message: expect.stringContaining('not both') });
      expect(nodeFileChecker.params.safeParse({ node: 'controlplane', path: '/x', exists: false, modeAtMost: '0600' }).success).toBe(false);
    });
  });
});
