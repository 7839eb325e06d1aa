import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLine } from '../../src/system/output.js';

/** A tiny image standing in for kindest/node: busybox applets plus a real bash, imported locally (no registry). */
export const TEST_NODE_IMAGE = 'kubedrill-test-node:latest';

/**
 * Why Docker tests cannot run here, or undefined when they can. Under CI they must run, so the
 * caller fails instead of skipping when this returns a reason and `CI=true`.
 */
export function dockerUnavailableReason(): string | undefined {
  try {
    execFileSync('docker', ['info'], { stdio: 'pipe', timeout: 20_000 });
    return undefined;
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString();
    const stderr = output === undefined ? undefined : lastLine(output);
    return `docker info failed (${stderr ?? (error as Error).message}); run .ci/docker.sh to install and start a Docker engine`;
  }
}

/** Builds the test node image from Debian's busybox-static and bash-static unless it exists. */
export async function ensureTestNodeImage(): Promise<void> {
  try {
    execFileSync('docker', ['image', 'inspect', TEST_NODE_IMAGE], { stdio: 'pipe' });
    return;
  } catch {
    // not built yet
  }
  for (const bin of ['/bin/busybox', '/bin/bash-static']) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run .ci/docker.sh (installs busybox-static and bash-static)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-rootfs-'));
  try {
    const rootfs = join(dir, 'rootfs');
    for (const sub of ['bin', 'tmp', 'etc', 'root']) await mkdir(join(rootfs, sub), { recursive: true });
    await chmod(join(rootfs, 'tmp'), 0o1777);
    await copyFile('/bin/busybox', join(rootfs, 'bin', 'busybox'));
    await copyFile('/bin/bash-static', join(rootfs, 'bin', 'bash'));
    await chmod(join(rootfs, 'bin', 'busybox'), 0o755);
    await chmod(join(rootfs, 'bin', 'bash'), 0o755);
    const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a !== '' && a !== 'busybox' && a !== 'bash');
    for (const applet of applets) await symlink('busybox', join(rootfs, 'bin', applet));
    const tarball = join(dir, 'rootfs.tar');
    execFileSync('tar', ['-C', rootfs, '-cf', tarball, '.']);
    execFileSync('docker', ['import', tarball, TEST_NODE_IMAGE], { stdio: 'pipe' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts a container named like a kind node; returns a remover. */
export function startNodeContainer(name: string): () => void {
  execFileSync('docker', ['run', '-d', '--name', name, '--network', 'none', TEST_NODE_IMAGE, '/bin/sleep', '2147483647'], { stdio: 'pipe' });
  return () => {
    try {
      execFileSync('docker', ['rm', '-f', name], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  };
}
