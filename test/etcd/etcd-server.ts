import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether `etcd` and `etcdctl` are on PATH (Debian's etcd-server / etcd-client). */
export function etcdInstalled(): boolean {
  return ['etcd', 'etcdctl'].every((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0);
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A real etcd on loopback, plain http, started by a test and stopped in afterEach. */
export interface RunningEtcd {
  endpoint: string;
  dataDir: string;
  ctl(...args: string[]): string;
  stop(): Promise<void>;
}

/** Runs etcdctl against an endpoint; throws with its stderr on failure. */
export function etcdctl(endpoint: string, ...args: string[]): string {
  const r = spawnSync('etcdctl', [`--endpoints=${endpoint}`, ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`cannot run etcdctl (install it with .ci/etcd.sh): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Starts etcd with `dataDir` (new, or restored from a snapshot with member `name`) and waits
 * until it answers. `name` must match the restore's `--name` for a restored dir.
 */
export async function startEtcd(dataDir: string, name = 'kubedrill-test'): Promise<RunningEtcd> {
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child: ChildProcess = spawn(
    'etcd',
    [
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${name}=${peerUrl}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.on('error', (e) => (log += `cannot run etcd (install it with .ci/etcd.sh): ${e.message}\n`));
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      etcdctl(endpoint, '--dial-timeout=1s', 'endpoint', 'health');
      break;
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`etcd did not start: ${(e as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { endpoint, dataDir, ctl: (...args) => etcdctl(endpoint, ...args), stop };
}

/** `etcdctl snapshot restore` into `dataDir` with the member name startEtcd will use. */
export function restoreSnapshot(snapshot: string, dataDir: string, name = 'kubedrill-test'): void {
  const r = spawnSync('etcdctl', ['snapshot', 'restore', snapshot, `--data-dir=${dataDir}`, `--name=${name}`, `--initial-cluster=${name}=http://127.0.0.1:2380`, '--initial-advertise-peer-urls=http://127.0.0.1:2380'], {
    env: { ...process.env, ETCDCTL_API: '3' },
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`cannot run etcdctl (install it with .ci/etcd.sh): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`restore failed: ${r.stderr}`);
}

/**
 * Decides whether the real-etcd suites run: always under CI (a missing etcd is then a failure
 * the suite reports loudly), otherwise only where etcd is installed — and says why when not.
 */
export function etcdSuiteEnabled(): boolean {
  if (process.env.KUBEDRILL_TEST_ON_CI === 'true') return true;
  if (etcdInstalled()) return true;
  console.warn('[kubedrill] skipping real-etcd tests: etcd/etcdctl not installed (run .ci/etcd.sh, or set CI=true to require them)');
  return false;
}
