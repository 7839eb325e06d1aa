#!/usr/bin/env node
// Regenerates test/jsonpath/corpus.json by asking the REAL kubectl (v1.32) what it prints.
// Not run by the test suite: it needs kubectl on PATH. Usage: node test/jsonpath/generate-corpus.mjs
//
// Every case runs `kubectl get` against a tiny read-only fake API server on 127.0.0.1: the first
// path segment of --server names the fixture, discovery answers for pods and nodes, and any
// object URL returns the fixture. A fixture with `items` is fetched as a list (so kubectl wraps
// it in its own `v1 List`, exactly as for a learner's `kubectl get pods`), any other fixture by
// name. Single-object jsonpath cases are cross-checked with `kubectl patch --local`.
// Each case runs twice; when the outputs differ (Go randomises map iteration for `*` and `..`)
// the case is recorded as `unordered` and compared as a multiset of words.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, 'fixtures');
const fixtures = Object.fromEntries(
  readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(fixtureDir, f), 'utf8'))]),
);

const resourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'v1',
  resources: [
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
    { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] },
  ],
};

function serve(req, res) {
  const url = new URL(req.url ?? '/', 'http://fake');
  const [, fixture = '', ...rest] = url.pathname.split('/');
  const path = `/${rest.join('/')}`;
  let code = 200;
  let body;
  if (req.method !== 'GET') {
    code = 405;
    body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code };
  } else if (path === '/api') {
    body = { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
  } else if (path === '/apis') {
    body = { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
  } else if (path === '/api/v1') {
    body = resourceList;
  } else if (path.startsWith('/api/v1/') && fixtures[fixture]) {
    body = fixtures[fixture];
  } else {
    code = 404;
    body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code, message: `${path} not found` };
  }
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function run(args, input) {
  return new Promise((resolve) => {
    const child = execFile('kubectl', args, { encoding: 'utf8', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** kubectl's message without its prefix and the object dump it appends to execution errors. */
function coreError(stderr, template) {
  const text = stderr.replace(/^error: /, '');
  const exec = /Error executing template: ([\s\S]*?)\. Printing more information/.exec(text);
  if (exec) return exec[1];
  const parsePrefix = `error parsing jsonpath ${template}, `;
  if (text.startsWith(parsePrefix)) return text.slice(parsePrefix.length).replace(/\n+$/, '');
  return text.replace(/\n+$/, '');
}

function targetArgs(fixtureName) {
  const obj = fixtures[fixtureName];
  if (!obj) throw new Error(`no fixture ${fixtureName}`);
  const isList = Array.isArray(obj.items);
  const kind = isList ? String(obj.kind).replace(/List$/, '') : obj.kind;
  const resource = kind === 'Node' ? 'nodes' : 'pods';
  const ns = isList ? (obj.items[0]?.metadata?.namespace ?? 'default') : (obj.metadata?.namespace ?? 'default');
  const nsArgs = resource === 'pods' ? ['-n', ns] : [];
  return isList ? ['get', resource, ...nsArgs] : ['get', resource, obj.metadata.name, ...nsArgs];
}

async function main() {
  const server = http.createServer(serve);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubedrill-jsonpath-cache-'));
  const version = await run(['version', '--client', '-o', 'json']);
  const kubectlVersion = JSON.parse(version.stdout).clientVersion.gitVersion;

  const out = [];
  let disagreements = 0;
  const queue = cases.map((c, i) => ({ c, i }));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { c, i } = job;
      const output = c.type === 'jsonpath' ? `jsonpath=${c.template}` : `custom-columns=${c.template}`;
      const args = [
        ...targetArgs(c.input),
        '-o',
        output,
        ...(c.noHeaders ? ['--no-headers'] : []),
        '--server',
        `http://127.0.0.1:${port}/${c.input}`,
        '--cache-dir',
        cacheDir,
        '--kubeconfig',
        '/dev/null',
      ];
      const first = await run(args);
      const second = await run(args);
      const entry = {
        name: `${String(i).padStart(3, '0')} ${c.type} ${c.input} ${JSON.stringify(c.template)}`,
        type: c.type,
        input: c.input,
        template: c.template,
        ...(c.noHeaders ? { noHeaders: true } : {}),
      };
      if (first.code === 0) {
        entry.expected = first.stdout;
        if (second.stdout !== first.stdout) entry.unordered = true;
      } else {
        entry.error = coreError(first.stderr, c.template);
        entry.kubectlStderr = first.stderr.split('\n')[0];
      }
      if (c.type === 'jsonpath' && !Array.isArray(fixtures[c.input].items) && !entry.unordered) {
        const patched = await run(['patch', '--local', '-f', join(fixtureDir, `${c.input}.json`), '--type=merge', '-p', '{}', '-o', output]);
        if (patched.code !== first.code || (first.code === 0 && patched.stdout !== first.stdout)) {
          disagreements++;
          console.warn(`patch --local disagrees with get for ${entry.name}`);
        }
      }
      out[i] = entry;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  server.close();
  rmSync(cacheDir, { recursive: true, force: true });

  const corpus = { kubectlVersion, generatedBy: 'test/jsonpath/generate-corpus.mjs', cases: out };
  writeFileSync(join(here, 'corpus.json'), `${JSON.stringify(corpus, null, 2)}\n`);
  const errors = out.filter((e) => e.error !== undefined).length;
  const unordered = out.filter((e) => e.unordered).length;
  console.log(`${out.length} cases (${errors} errors, ${unordered} unordered) from kubectl ${kubectlVersion}; patch --local disagreements: ${disagreements}`);
}

await main();
