import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult, K8sObject, Outcome, PodExec } from '../src/models/index.js';
import { httpChecker } from './http.js';
import { podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

// The client script runs for real: the "pod" is this machine, with PATH holding only the client
// under test (curl, GNU wget or BusyBox wget), against a local HTTP server. Fakes only at the ports.

const CURL = '/usr/bin/curl';
const GNU_WGET = '/usr/bin/wget';
const BUSYBOX = '/usr/bin/busybox';

let server: Server;
let base: string;
let port: number;
let dir: string;
/** Skips a client's tests where it is not installed, except under CI, where .ci/run installs them all and a missing one must fail. */
const missing = (path: string): boolean => !has(path) && process.env.KUBEDRILL_TEST_ON_CI !== 'true';

const bins: Record<'curl' | 'gnu' | 'busybox' | 'none', string> = { curl: '', gnu: '', busybox: '', none: '' };
let requestCount = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requestCount++;
    const url = req.url ?? '/';
    if (url === '/missing') {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'X-Version': 'v1' });
      res.end('not here\n');
    } else if (url === '/old') {
      res.writeHead(308, { Location: '/' });
      res.end('moved');
    } else if (url.startsWith('/canary')) {
      // Deterministic weights: every fifth request (20 %) or every second (50 %) reaches v2.
      const every = url === '/canary20' ? 5 : 2;
      const v = requestCount % every === 0 ? 'v2' : 'v1';
      res.writeHead(200, { 'X-Version': v });
      res.end(`app ${v}\n`);
    } else {
      const host = req.headers.host ?? '';
      const v = host === 'web.example.com' ? 'v2' : 'v1';
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Version': v, 'X-Method': req.method ?? '', 'X-Canary-Seen': String(req.headers['x-canary'] ?? '') });
      res.end(req.method === 'HEAD' ? undefined : `hello ${v} from ${host}\n`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  dir = await mkdtemp(join(tmpdir(), 'kubedrill-http-'));
  // One PATH per client: the script picks the first client it finds, so each gets its own.
  const tools: Record<keyof typeof bins, [string, string][]> = {
    curl: [['curl', CURL]],
    gnu: [['wget', GNU_WGET]],
    busybox: [['wget', BUSYBOX], ['timeout', BUSYBOX]],
    none: [],
  };
  for (const [name, links] of Object.entries(tools) as [keyof typeof bins, [string, string][]][]) {
    const bin = join(dir, name);
    await mkdir(bin);
    for (const [link, target] of [...links, ['sh', '/bin/sh'], ['date', '/bin/date'], ['grep', '/bin/grep']] as [string, string][]) await symlink(target, join(bin, link));
    bins[name] = bin;
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** Runs a pod exec here: `sh` is /bin/sh, everything else is found on the tool's PATH only. */
function localExec(path: string) {
  return (q: PodExec): Promise<ExecResult> =>
    new Promise((resolve, reject) => {
      const [cmd = '', ...args] = q.command;
      const child = spawn(cmd === 'sh' ? '/bin/sh' : cmd, args, { env: { PATH: path } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
    });
}

const client = podFixture({ name: 'client', namespace: 'test', image: 'curlimages/curl:8.11.0' });
const service: K8sObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { clusterIP: '127.0.0.1', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
};

function world(tool: keyof typeof bins, objects: K8sObject[] = [client, service]) {
  return testContext({ objects, execInPod: localExec(bins[tool]) });
}

async function grade(params: Record<string, unknown>, tool: keyof typeof bins = 'curl', objects?: K8sObject[]): Promise<Outcome & { calls?: unknown }> {
  const ctx = world(tool, objects);
  const outcome = await httpChecker.run(httpChecker.params.parse({ from: { namespace: 'test', pod: 'client' }, ...params }), ctx);
  return { ...outcome, calls: ctx.calls.execInPod };
}

const has = (path: string) => existsSync(path);

describe('http params', () => {
  it.each([
    [{ from: { pod: 'c' }, url: 'http://x/', service: { name: 'a', port: 80 }, status: 200 }, /exactly one of url or service/],
    [{ from: { pod: 'c' }, url: 'http://x/' }, /at least one of status, body, header, ratio/],
    [{ from: { pod: 'c', node: 'worker1' }, url: 'http://x/', status: 200 }, /exactly one of pod, selector or node/],
    [{ from: { node: 'worker1', namespace: 'x' }, url: 'http://x/', status: 200 }, /no namespace or container/],
    [{ from: { pod: 'c' }, url: 'ftp://x/', status: 200 }, /http:\/\/ or https:\/\//],
    [{ from: { pod: 'c' }, url: 'http://x/', headers: { Host: 'a' }, status: 200 }, /with host/],
    [{ from: { pod: 'c' }, url: 'http://x/', headers: { 'bad name': 'a' }, status: 200 }, /header name/],
    [{ from: { pod: 'c' }, url: 'http://x/', host: 'a\r\nX-Evil: 1', status: 200 }, /one line/],
    [{ from: { pod: 'c' }, url: 'http://x/', body: { contains: 'a', matches: 'b' } }, /exactly one of contains or matches/],
    [{ from: { pod: 'c' }, url: 'http://x/', header: { name: 'X' } }, /exactly one of value, matches or absent/],
    [{ from: { pod: 'c' }, url: 'http://x/', ratio: { matches: 'v2', between: [30, 10] }, samples: 500 }, /min ≤ max/],
    [{ from: { pod: 'c' }, url: 'http://x/', body: { matches: '([' } }, /regular expression/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = httpChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('given a canary ratio with too few samples, then it is refused on samples with the number that would do', () => {
    const result = httpChecker.params.safeParse({ from: { pod: 'c' }, url: 'http://x/', samples: 100, ratio: { matches: 'v2', between: [10, 30] } });
    expect(result.error?.issues[0]?.path).toEqual(['samples']);
    expect(result.error?.issues[0]?.message).toMatch(/correct 20 % split falls outside 10–30 % in 0\.84 % of runs: raise samples to 170/);
    expect(httpChecker.params.safeParse({ from: { pod: 'c' }, url: 'http://x/', samples: 170, ratio: { matches: 'v2', between: [10, 30] } }).success).toBe(true);
  });

  it('given a node source, then the check needs node-shell, not pod-exec', () => {
    const p = httpChecker.params.parse({ from: { node: 'worker1' }, url: 'http://localhost/', status: 200 });
    expect(httpChecker.needsFor?.(p)).toEqual(['node-shell']);
    expect(httpChecker.needsFor?.(httpChecker.params.parse({ from: { pod: 'c' }, url: 'http://x/', status: 200 }))).toEqual(['pod-exec']);
  });
});

describe.skipIf(missing(CURL))('http from a pod with curl', () => {
  it('given the right status, header and body, then it passes with the response as evidence and execs in the client pod', async () => {
    const outcome = await grade({ url: `${base}/`, status: 200, header: { name: 'x-version', value: 'v1' }, body: { contains: 'hello v1' } });
    expect(outcome).toMatchObject({ status: 'passed', evidence: `GET ${base}/ from pod test/client (curl): 200 OK, x-version: v1, body "hello v1 from 127.0.0.1:${port}"` });
    expect(outcome.calls).toMatchObject([{ namespace: 'test', pod: 'client', command: ['sh', '-c', expect.any(String), 'http', expect.stringMatching(/^@@kubedrill-/), 'GET', `${base}/`, '5', '1', '60'] }]);
  });

  it('given a Host header, then the server routes by it, and without it the same body check fails', async () => {
    expect((await grade({ url: `${base}/`, host: 'web.example.com', body: { matches: '^hello v2 ' } })).status).toBe('passed');
    const wrong = await grade({ url: `${base}/`, body: { matches: '^hello v2 ' } });
    expect(wrong).toMatchObject({
      status: 'failed',
      expected: `GET ${base}/ from pod test/client: body matches /^hello v2 /`,
      actual: `200 OK, body "hello v1 from 127.0.0.1:${port}"`,
    });
    // Before the solution: what the learner's server answered, never the pattern.
    expect(wrong).toMatchObject({ summary: `HTTP GET from pod test/client to ${base}/: body "hello v1 from 127.0.0.1:${port}" — the body is not what the task asks` });
    expect((wrong as { summary: string }).summary).not.toContain('^hello v2');
  });

  it('given extra headers, then they reach the server', async () => {
    expect((await grade({ url: `${base}/`, headers: { 'X-Canary': 'true' }, header: { name: 'X-Canary-Seen', value: 'true' } })).status).toBe('passed');
    expect((await grade({ url: `${base}/`, header: { name: 'X-Canary-Seen', value: 'true' } })).status).toBe('failed');
  });

  it('given a 404 where 200 is asked, then it fails naming the status, and a 404 check on the body still sees the error body', async () => {
    const outcome = await grade({ url: `${base}/missing`, status: 200 });
    expect(outcome).toMatchObject({ status: 'failed', actual: '404 Not Found, body "not here"', summary: `HTTP GET from pod test/client to ${base}/missing: status 404 Not Found — the status is not what the task asks` });
    expect((await grade({ url: `${base}/missing`, status: 404, body: { contains: 'not here' } })).status).toBe('passed');
  });

  it('given a redirect, then curl does not follow it: the 308 and its Location are graded', async () => {
    expect((await grade({ url: `${base}/old`, status: 308, header: { name: 'Location', value: '/' } })).status).toBe('passed');
    expect((await grade({ url: `${base}/old`, status: 200 })).status).toBe('failed');
  });

  it('given a header that must be absent, then its presence fails with its value', async () => {
    expect(await grade({ url: `${base}/`, header: { name: 'X-Version', absent: true } })).toMatchObject({
      status: 'failed',
      actual: `200 OK, X-Version: v1, body "hello v1 from 127.0.0.1:${port}"`,
      summary: `HTTP GET from pod test/client to ${base}/: header X-Version: v1 — the header X-Version is not what the task asks`,
    });
    expect((await grade({ url: `${base}/`, header: { name: 'X-Powered-By', absent: true } })).status).toBe('passed');
  });

  it('given HEAD and POST, then curl sends those methods', async () => {
    expect((await grade({ url: `${base}/`, method: 'HEAD', header: { name: 'X-Method', value: 'HEAD' } })).status).toBe('passed');
    expect((await grade({ url: `${base}/`, method: 'POST', header: { name: 'X-Method', value: 'POST' } })).status).toBe('passed');
  });

  it('given a Service, then it is dialled at its cluster IP and named by name in evidence', async () => {
    const svc = { ...service, spec: { clusterIP: '127.0.0.1', ports: [{ port }] } };
    const outcome = await grade({ service: { name: 'web', namespace: 'shop', port, path: '/missing' }, status: 404 }, 'curl', [client, svc]);
    expect(outcome).toMatchObject({ status: 'passed', evidence: expect.stringContaining(`GET service web.shop:${port}/missing from pod test/client (curl): 404 Not Found`) });
    expect(outcome.calls).toMatchObject([{ command: expect.arrayContaining([`${base}/missing`]) }]);
  });

  it('given no such Service, then the check fails saying it cannot test', async () => {
    expect(await grade({ service: { name: 'nope', namespace: 'shop', port: 80 }, status: 200 })).toMatchObject({ status: 'failed', actual: 'cannot test: no service nope in namespace shop' });
  });

  it('given nothing listening, then no HTTP response, and the run stops at the first failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const dead = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await grade({ url: `http://127.0.0.1:${dead}/`, status: 200, samples: 5 });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^request 1 of 5 got no HTTP response: failed: curl: \(7\) Failed to connect/) });
  });

  it('given a 20 % canary, then each response is counted and it passes; a 50/50 split fails with its counts', async () => {
    // 50 samples suffice for a 0–40 % band (a 10–30 % band needs 170, see the params test).
    requestCount = 0;
    const canary = await grade({ url: `${base}/canary20`, samples: 50, status: 200, ratio: { matches: 'v2', between: [0, 40] } });
    expect(canary).toMatchObject({ status: 'passed', evidence: `GET ${base}/canary20 from pod test/client (curl): 50 responses, all 200; 10 of 50 bodies match (20 %)` });
    requestCount = 0;
    const even = await grade({ url: `${base}/canary50`, samples: 50, ratio: { matches: 'v2', between: [0, 40] } });
    expect(even).toMatchObject({
      status: 'failed',
      expected: `GET ${base}/canary50 from pod test/client: 50 responses, each: 0–40 % of bodies match /v2/`,
      actual: '25 of 50 bodies match (50 %)',
      summary: `HTTP GET from pod test/client to ${base}/canary50: 25 of 50 response bodies match the check's pattern (50 %): not the share the task asks`,
    });
  });

  it('given several samples where some miss the status, then the count and the first wrong one are reported', async () => {
    requestCount = 0;
    const outcome = await grade({ url: `${base}/canary50`, samples: 4, header: { name: 'X-Version', value: 'v1' } });
    expect(outcome).toMatchObject({ status: 'failed', actual: '2 of 4 responses miss it; request 2: 200 OK, X-Version: v2, body "app v2"' });
  });
});

describe.skipIf(missing(GNU_WGET))('http from a pod with GNU wget', () => {
  it('given a 404, then the error body is read (--content-on-error) and a redirect is not followed', async () => {
    expect(await grade({ url: `${base}/missing`, status: 404, body: { contains: 'not here' } }, 'gnu')).toMatchObject({ status: 'passed', evidence: expect.stringContaining('(wget-gnu): 404 Not Found') });
    expect((await grade({ url: `${base}/old`, status: 308 }, 'gnu')).status).toBe('passed');
    expect((await grade({ url: `${base}/`, method: 'POST', header: { name: 'X-Method', value: 'POST' } }, 'gnu')).status).toBe('passed');
  });
});

describe.skipIf(missing(BUSYBOX))('http from a pod with BusyBox wget', () => {
  it('given a 200 with a Host header, then status, header and body are read', async () => {
    expect(await grade({ url: `${base}/`, host: 'web.example.com', status: 200, header: { name: 'X-Version', value: 'v2' }, body: { contains: 'hello v2' } }, 'busybox')).toMatchObject({
      status: 'passed',
      evidence: expect.stringContaining('(wget-busybox): 200 OK'),
    });
  });

  it('given a 404, then the status is graded, but a body check is an error: BusyBox prints no error body', async () => {
    expect((await grade({ url: `${base}/missing`, status: 404 }, 'busybox')).status).toBe('passed');
    expect(await grade({ url: `${base}/missing`, status: 404, body: { contains: 'not here' } }, 'busybox')).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('BusyBox wget does not print the body of a 404 response'),
    });
  });

  it('given a redirect, then the first response (308) is graded even though BusyBox follows it', async () => {
    expect((await grade({ url: `${base}/old`, status: 308, header: { name: 'Location', value: '/' } }, 'busybox')).status).toBe('passed');
  });

  it('given POST, then an error: BusyBox wget sends GET only', async () => {
    expect(await grade({ url: `${base}/`, method: 'POST', status: 200 }, 'busybox')).toMatchObject({ status: 'error', reason: expect.stringContaining('GET only') });
  });
});

describe('http sources', () => {
  it('given a pod with no client, then an error naming what it needs', async () => {
    expect(await grade({ url: `${base}/`, status: 200 }, 'none')).toMatchObject({ status: 'error', reason: expect.stringContaining('neither curl nor wget') });
  });

  it('given no such client pod, or one that is not Running, then the check fails saying it cannot test', async () => {
    expect(await grade({ from: { namespace: 'test', pod: 'ghost' }, url: `${base}/`, status: 200 })).toMatchObject({ status: 'failed', actual: expect.stringContaining('cannot test: no pod ghost') });
    const pending = { ...client, status: { phase: 'Pending' } };
    expect(await grade({ url: `${base}/`, status: 200 }, 'curl', [pending])).toMatchObject({ status: 'failed', actual: 'cannot test: the client pod test/client is Pending, not Running' });
  });

  it.skipIf(missing(CURL))('given a node source, then the script runs in the node shell with its arguments quoted', async () => {
    const ctx = testContext({
      nodeExec: (_node, script) =>
        new Promise((resolve, reject) => {
          const child = spawn('/bin/sh', ['-s'], { env: { PATH: bins.curl } });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('error', reject);
          child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
          child.stdin.end(script);
        }),
    });
    const p = httpChecker.params.parse({ from: { node: 'worker1' }, url: `${base}/`, host: "web.example.com", headers: { 'X-Canary': "it's true" }, header: { name: 'X-Canary-Seen', value: "it's true" } });
    const outcome = await httpChecker.run(p, ctx);
    expect(outcome).toMatchObject({ status: 'passed', evidence: `GET ${base}/ (Host: web.example.com) from node worker1 (kubedrill-worker) (curl): 200 OK, X-Canary-Seen: it's true, body "hello v2 from web.example.com"` });
    expect(ctx.calls.nodeExec).toHaveLength(1);
    expect(ctx.calls.nodeExec[0]?.node).toBe('worker1');
  });
});
