import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, ExecResult, K8sObject, ObjectRef, PodExec } from '../src/models/index.js';
import { classifyProbe, connectivityChecker, PROBE_SCRIPT } from './connectivity.js';

const run = promisify(execFile);

/** Runs a pod exec on this machine, with PATH limited to `bin` (the "container image"). */
function localExec(bin: string): (q: PodExec) => Promise<ExecResult> {
  return async (q) => {
    const [cmd, ...args] = q.command;
    try {
      const r = await run(cmd === 'sh' ? '/bin/sh' : cmd!, args, { env: { PATH: bin }, timeout: q.timeoutMs });
      return { exitCode: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };
}

/** A directory of symlinks to the given host tools: what the probe may find in the container. */
async function imageWith(root: string, name: string, tools: string[]): Promise<string> {
  const bin = join(root, name);
  await mkdir(bin);
  for (const tool of [...tools, 'date', 'grep']) {
    const { stdout } = await run('/bin/sh', ['-c', `command -v ${tool}`]);
    await symlink(stdout.trim(), join(bin, tool));
  }
  return bin;
}

const pod = (ns: string, name: string, labels: Record<string, string>, ip: string, phase = 'Running'): K8sObject => ({
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  status: { phase, podIP: ip },
});

function context(objects: K8sObject[], execInPod: (q: PodExec) => Promise<ExecResult>, execs: PodExec[] = []): CheckContext {
  const matches = (o: K8sObject, kind: string): boolean => (o.kind ?? '').toLowerCase() === kind;
  return {
    cluster: {
      get: async (ref: ObjectRef) =>
        objects.find((o) => matches(o, ref.kind) && o.metadata?.name === ref.name && o.metadata?.namespace === ref.namespace),
      list: async (kind, opts) =>
        objects.filter((o) => {
          if (!matches(o, kind)) return false;
          if (opts?.namespace !== undefined && o.metadata?.namespace !== opts.namespace) return false;
          const [k, v] = (opts?.labelSelector ?? '').split('=');
          return !k || o.metadata?.labels?.[k] === v;
        }),
      canI: async () => false,
      execInPod: (q) => {
        execs.push(q);
        return execInPod(q);
      },
      dryRun: async () => Promise.reject(new Error('connectivity must not dry-run')),
    },
    nodes: { exec: async () => ({ exitCode: 1, stdout: '', stderr: '' }), readFile: async () => undefined },
    answers: { readFile: async () => undefined },
    signal: new AbortController().signal,
    offline: false,
    vars: { cluster: 'k', context: 'kind-k', answers: '/a', nodes: { controlplane: 'k-control-plane', worker1: 'k-worker', worker2: 'k-worker2' } },
  };
}

describe('classifyProbe', () => {
  it.each([
    ['nc success', '@probe nc 0 12 ms\n', 'connected'],
    ['busybox nc refused', '@probe nc 1 3 ms\nnc: can\'t connect to remote host (10.0.0.1): Connection refused', 'refused'],
    ['nc silent failure at the timeout', '@probe nc 1 3004 ms\n', 'timeout'],
    ['nc silent failure at once', '@probe nc 1 40 ms\n', 'unreachable'],
    ['coarse clock: silent failure after the whole timeout', '@probe nc 1 3 s\n', 'timeout'],
    ['coarse clock: silent failure within a second', '@probe nc 1 0 s\n', 'unreachable'],
    ['bash killed by timeout', '@probe bash 124 3001 ms\n', 'timeout'],
    ['bash no route', '@probe bash 1 3 ms\nbash: connect: No route to host', 'unreachable'],
    ['busybox wget to a non-HTTP port', '@probe wget 1 20 ms\nwget: bad header line: 5.7.44', 'connected'],
    ['busybox wget 404', '@probe wget 1 20 ms\nwget: server returned error: HTTP/1.1 404 Not Found', 'connected'],
    ['busybox wget timeout', '@probe wget 1 3001 ms\nwget: download timed out', 'timeout'],
  ])('Given %s (%j), then the verdict is %s', (_name, stdout, verdict) => {
    expect(classifyProbe(stdout, 3)?.verdict).toBe(verdict);
  });

  it('Given output without a probe line (no shell in the container), then there is no verdict', () => {
    expect(classifyProbe('OCI runtime exec failed: exec: "sh": executable file not found', 3)).toBeUndefined();
  });
});

describe('connectivity, probing from this machine as the source container', () => {
  let root: string;
  let tcp: Server;
  const sockets = new Set<Socket>();
  let openPort: number;
  let closedPort: number;
  let bashImage: string;
  let wgetImage: string;
  let bareImage: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-conn-'));
    // An HTTP-ish listener (answers and closes) and a port that was free a moment ago.
    tcp = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    openPort = (tcp.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    bashImage = await imageWith(root, 'bash-image', ['bash', 'timeout']);
    wgetImage = await imageWith(root, 'wget-image', ['wget']);
    bareImage = await imageWith(root, 'bare-image', []);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => tcp.close(r));
    await rm(root, { recursive: true, force: true });
  });

  const objects = (): K8sObject[] => [
    pod('prod', 'api', { app: 'api' }, '10.244.1.2'),
    pod('prod', 'api-old', { app: 'api' }, '10.244.1.3', 'Succeeded'),
    { kind: 'Service', metadata: { name: 'db', namespace: 'prod' }, spec: { clusterIP: '127.0.0.1' } },
    pod('prod', 'db-0', { app: 'db' }, '127.0.0.1'),
  ];
  const check = (over: Record<string, unknown>) =>
    connectivityChecker.params.parse({ from: { namespace: 'prod', pod: 'api' }, to: { namespace: 'prod', service: 'db', port: openPort }, expect: 'allowed', timeoutSeconds: 2, ...over });

  it.each([
    ['bash /dev/tcp', () => bashImage],
    ['wget', () => wgetImage],
  ])('Given a listening service and a client with %s, when allowed is expected, then it passes with the time taken', async (_tool, image) => {
    const execs: PodExec[] = [];
    const outcome = await connectivityChecker.run(check({}), context(objects(), localExec(image()), execs));

    expect(outcome.status).toBe('passed');
    expect(outcome.status === 'passed' && outcome.evidence).toMatch(new RegExp(`^from prod/api to db\\.prod:${openPort} → connected in \\d+ ms$`));
    expect(execs[0]).toMatchObject({ namespace: 'prod', pod: 'api', command: ['sh', '-c', PROBE_SCRIPT, 'probe', '127.0.0.1', String(openPort), '2'] });
  });

  it('Given a connection that succeeds, when blocked is expected, then it fails showing the connection', async () => {
    const outcome = await connectivityChecker.run(check({ expect: 'blocked' }), context(objects(), localExec(bashImage)));

    expect(outcome).toMatchObject({ status: 'failed', expected: `from prod/api to db.prod:${openPort}: blocked (no connection)` });
    expect(outcome.status === 'failed' && outcome.actual).toMatch(/→ connected in \d+ ms$/);
  });

  it.each([
    ['bash /dev/tcp', () => bashImage],
    ['wget', () => wgetImage],
  ])('Given a closed port and a client with %s, when blocked is expected, then a refusal does not count as blocked', async (_tool, image) => {
    const p = check({ expect: 'blocked', to: { pod: 'db-0', port: closedPort } });

    const outcome = await connectivityChecker.run(p, context(objects(), localExec(image())));

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.actual).toMatch(new RegExp(`^from prod/api to prod/db-0 \\(127\\.0\\.0\\.1\\):${closedPort} → connection refused in \\d+ ms`));
    expect(outcome.status === 'failed' && outcome.hint).toMatch(/not a blocked one/);
  });

  it('Given the probe times out (policy drops packets), when blocked is expected, then it passes; the selector picks the Running pod', async () => {
    const execs: PodExec[] = [];
    const dropped = async (): Promise<ExecResult> => ({ exitCode: 0, stdout: '@probe nc 1 2003 ms\n', stderr: '' });
    const p = check({ from: { namespace: 'prod', selector: 'app=api' }, to: { host: '10.0.0.9', port: 80 }, expect: 'blocked' });

    const outcome = await connectivityChecker.run(p, context(objects(), dropped, execs));

    expect(outcome).toEqual({ status: 'passed', evidence: 'from prod/api to 10.0.0.9:80 → timed out after 2 s' });
    expect(execs[0]?.pod).toBe('api');
  });

  it('Given a client image with no shell tools to connect with, then it is an error, not the learner\'s fault', async () => {
    const outcome = await connectivityChecker.run(check({}), context(objects(), localExec(bareImage)));

    expect(outcome.status).toBe('error');
    expect(outcome.status === 'error' && outcome.reason).toMatch(/has none of nc, bash\+timeout, wget/);
  });

  it('Given the source pod lives in another namespace, then it fails without probing and says where it is', async () => {
    const execs: PodExec[] = [];
    const outcome = await connectivityChecker.run(check({ from: { namespace: 'dev', pod: 'api' } }), context(objects(), localExec(bashImage), execs));

    expect(outcome.status === 'failed' && outcome.actual).toBe('cannot test: no pod api in namespace dev (found namespace prod)');
    expect(execs).toHaveLength(0);
  });

  it('Given the target service is missing, then it fails naming it', async () => {
    const outcome = await connectivityChecker.run(check({ to: { service: 'mysql', port: 3306 } }), context(objects(), localExec(bashImage)));

    expect(outcome.status === 'failed' && outcome.actual).toBe('cannot test: no service mysql in namespace prod');
  });

  it('Given both pod and selector in from, then the params are rejected', () => {
    expect(() => check({ from: { namespace: 'prod', pod: 'api', selector: 'app=api' } })).toThrow(/exactly one of pod or selector/);
  });
});
