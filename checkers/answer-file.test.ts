import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/models/index.js';
import { answerFileChecker, normalizeText } from './answer-file.js';
import { nodeFixture, podFixture } from './support/fixtures.js';
import { TEST_VARS, testContext } from './support/test-ports.js';

const objects: K8sObject[] = [
  podFixture({ name: 'web', namespace: 'inventory', image: 'nginx:1.27' }),
  podFixture({ name: 'cache', namespace: 'inventory', image: 'redis:7.2' }),
  podFixture({ name: 'stray', namespace: 'default', image: 'busybox:1.36' }),
  nodeFixture({ name: 'kubedrill-control-plane', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
  nodeFixture({ name: 'kubedrill-worker', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
  nodeFixture({ name: 'kubedrill-worker2' }),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns', namespace: 'lab' }, spec: { clusterIP: '10.96.0.42', ports: [{ port: 53 }] } },
];

const run = (params: Record<string, unknown>, answers: Record<string, string>) =>
  answerFileChecker.run(answerFileChecker.params.parse(params), testContext({ objects, answers }));

const taintsQuery = {
  list: 'nodes',
  jsonpath: '{range .items[*]}{.metadata.name}{"\\t"}{.spec.taints[*].key}{"\\n"}{end}',
};

describe('normalizeText', () => {
  it('given padded columns, CRLF and blank edges, when normalized, then lines are trimmed and collapsed', () => {
    expect(normalizeText('\n\n  NAME    IMAGE \r\nweb\t\tnginx:1.27\n\n\n')).toEqual(['NAME IMAGE', 'web nginx:1.27']);
    expect(normalizeText('a\n\nb')).toEqual(['a', '', 'b']);
  });
});

describe('answer-file params', () => {
  it.each([
    [{ file: 'a.txt' }, /exactly one of equals or query/],
    [{ file: 'a.txt', equals: 'x', query: taintsQuery }, /exactly one of equals or query/],
    [{ file: 'a.txt', query: { list: 'pods', ref: 'pod/web', jsonpath: '{.x}' } }, /list or ref/],
    [{ file: 'a.txt', query: { list: 'pods' } }, /jsonpath or customColumns/],
    [{ file: '../../../../etc/shadow', equals: 'x' }, /may not contain/],
    [{ file: 'a.txt', query: { list: 'pods', jsonpath: '{.items[' } }, /invalid JSONPath/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = answerFileChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('answer-file checker', () => {
  it('given a literal with different spacing, when compared, then it passes', async () => {
    expect(await run({ file: 'revision.txt', equals: '2' }, { 'revision.txt': '  2\n\n' })).toEqual({
      status: 'passed',
      evidence: `${TEST_VARS.answers}/revision.txt matches (1 line)`,
    });
  });

  it('given a {{answers}}-prefixed path, when read, then the relative file is used', async () => {
    expect((await run({ file: `${TEST_VARS.answers}/revision.txt`, equals: '2' }, { 'revision.txt': '2' })).status).toBe('passed');
  });

  it('given no file, when checked, then actual names the missing file', async () => {
    expect(await run({ file: 'revision.txt', equals: '2' }, {})).toMatchObject({
      status: 'failed',
      expected: `${TEST_VARS.answers}/revision.txt containing:\n2`,
      actual: `no file ${TEST_VARS.answers}/revision.txt`,
    });
  });

  it('given a node taint query, when the learner wrote the same lines in another order, then sortLines decides', async () => {
    const learner = 'kubedrill-worker dedicated\nkubedrill-control-plane   node-role.kubernetes.io/control-plane\nkubedrill-worker2\n';
    expect((await run({ file: 'taints.txt', sortLines: true, query: taintsQuery }, { 'taints.txt': learner })).status).toBe('passed');
    const strict = await run({ file: 'taints.txt', query: taintsQuery }, { 'taints.txt': learner });
    expect(strict).toMatchObject({
      status: 'failed',
      hint: 'line 1: expected "kubedrill-control-plane node-role.kubernetes.io/control-plane", found "kubedrill-worker dedicated"',
      // The summary quotes only the learner's own line, never the expected one.
      summary: `${TEST_VARS.answers}/taints.txt: line 1 is not what the task asks (it reads "kubedrill-worker dedicated")`,
    });
  });

  it('given a line missing, when compared, then the hint names the first difference', async () => {
    const outcome = await run(
      { file: 'taints.txt', sortLines: true, query: taintsQuery },
      { 'taints.txt': 'kubedrill-control-plane node-role.kubernetes.io/control-plane\nkubedrill-worker dedicated\n' },
    );
    expect(outcome).toMatchObject({
      status: 'failed',
      hint: 'line 3 (sorted): expected "kubedrill-worker2", found no line',
      summary: `${TEST_VARS.answers}/taints.txt ends after line 2: not all the task asks for is there`,
    });
  });

  it('given custom columns over a namespace, when the learner pasted kubectl output, then padding does not matter', async () => {
    const query = { list: 'pods', namespace: 'inventory', customColumns: 'NAME:.metadata.name,IMAGE:.spec.containers[0].image' };
    const pasted = 'NAME    IMAGE\ncache   redis:7.2\nweb     nginx:1.27\n';
    expect((await run({ file: 'pods.txt', query }, { 'pods.txt': pasted })).status).toBe('passed');
    const fromDefault = await run({ file: 'pods.txt', query }, { 'pods.txt': 'NAME IMAGE\nstray busybox:1.36\n' });
    expect(fromDefault).toMatchObject({ status: 'failed', actual: 'NAME IMAGE\nstray busybox:1.36' });
    expect((await run({ file: 'pods.txt', query: { ...query, noHeaders: true } }, { 'pods.txt': 'cache redis:7.2\nweb nginx:1.27' })).status).toBe('passed');
  });

  it('given a list without namespace, when queried, then only the default namespace is used unless allNamespaces', async () => {
    const query = { list: 'pods', jsonpath: '{.items[*].metadata.name}' };
    expect((await run({ file: 'p.txt', query }, { 'p.txt': 'stray' })).status).toBe('passed');
    expect((await run({ file: 'p.txt', query: { ...query, allNamespaces: true } }, { 'p.txt': 'stray cache web' })).status).toBe('passed');
  });

  it('given a ref query, when the object is missing, then actual explains where it is', async () => {
    const query = { ref: 'service/dns', namespace: 'default', jsonpath: '{.spec.clusterIP}' };
    expect(await run({ file: 's.txt', query }, { 's.txt': '10.96.0.42' })).toMatchObject({
      status: 'failed',
      actual: 'service/dns not found in namespace default; found service/dns in namespace lab',
    });
    expect((await run({ file: 's.txt', query: { ...query, namespace: 'lab' } }, { 's.txt': '10.96.0.42' })).status).toBe('passed');
  });

  it('given a query that finds nothing, when an empty answer file is graded, then it fails: there is nothing it could be right about', async () => {
    const query = { list: 'pods', namespace: 'inventory', jsonpath: '{range .items[?(@.spec.containers[0].image=="none")]}{.metadata.name}{end}' };
    const outcome = await run({ file: 'empty.txt', query }, { 'empty.txt': '' });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/finds nothing/) });
  });
});

describe('answer-file text conditions (matches, contains, notMatches)', () => {
  const dockerfile = 'FROM alpine:3.20\nRUN adduser -D -u 65532 appuser\nUSER appuser\n';
  const conditions = { file: 'Dockerfile', matches: '^FROM alpine:3\\.20$', contains: 'USER appuser', notMatches: '^FROM .*:latest$|curl|wget' };

  it('given a file meeting every condition, then it passes', async () => {
    expect(await run(conditions, { Dockerfile: dockerfile })).toEqual({ status: 'passed', evidence: `${TEST_VARS.answers}/Dockerfile: 3 text conditions hold` });
  });

  it('given a forbidden line, then actual names it and the summary gives only the line number', async () => {
    const outcome = await run(conditions, { Dockerfile: `${dockerfile}RUN apk add curl\n` });
    expect(outcome).toMatchObject({ status: 'failed', actual: '/^FROM .*:latest$|curl|wget/ matches at line 4: "curl"' });
    expect(outcome.status === 'failed' && outcome.summary).toBe(`${TEST_VARS.answers}/Dockerfile: line 4 holds something the task rules out`);
  });

  it('given a missing base image and user, then both are named in actual, and neither pattern in the summary', async () => {
    const outcome = await run(conditions, { Dockerfile: 'FROM alpine:latest\n' });
    expect(outcome).toMatchObject({ status: 'failed' });
    if (outcome.status !== 'failed') return;
    expect(outcome.actual).toBe('text "USER appuser" not found; no match for /^FROM alpine:3\\.20$/; /^FROM .*:latest$|curl|wget/ matches at line 1: "FROM alpine:latest"');
    expect(outcome.summary).toBe(`${TEST_VARS.answers}/Dockerfile: something the task asks for is missing; line 1 holds something the task rules out`);
  });

  it('given no file, then it fails saying so', async () => {
    expect(await run({ file: 'Dockerfile', matches: 'x' }, {})).toMatchObject({ status: 'failed', actual: `no file ${TEST_VARS.answers}/Dockerfile` });
  });
});

describe('answer-file format: json | yaml with jsonpath', () => {
  const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'busybox', version: '1.36.1' }] }, null, 2);
  const rendered = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ops\n  namespace: ops-system\nspec:\n  replicas: 2\n',
    '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ops\n  namespace: ops-system\n',
  ].join('');

  it('given a JSON file, when equals, matches or exists, then the value at the path decides', async () => {
    const files = { 'sbom.json': sbom };
    expect(await run({ file: 'sbom.json', format: 'json', jsonpath: '{.bomFormat}', equals: 'CycloneDX' }, files)).toEqual({ status: 'passed', evidence: `${TEST_VARS.answers}/sbom.json: bomFormat = CycloneDX` });
    expect((await run({ file: 'sbom.json', format: 'json', jsonpath: '{.specVersion}', matches: '^1\\.[4-6]$' }, files)).status).toBe('passed');
    expect((await run({ file: 'sbom.json', format: 'json', jsonpath: '{.components[?(@.name=="busybox")].version}', exists: true }, files)).status).toBe('passed');
    expect((await run({ file: 'sbom.json', format: 'json', jsonpath: '{.metadata.tools}', exists: false }, files)).status).toBe('passed');
  });

  it('given an SPDX document where CycloneDX is asked, then it fails quoting the file, not the wanted value, in the summary', async () => {
    const outcome = await run({ file: 'sbom.json', format: 'json', jsonpath: '{.bomFormat}', equals: 'CycloneDX' }, { 'sbom.json': '{"spdxVersion": "SPDX-2.3"}' });
    expect(outcome).toMatchObject({ status: 'failed', expected: `${TEST_VARS.answers}/sbom.json (JSON): bomFormat = CycloneDX`, actual: 'bomFormat = not set' });
    expect(outcome.status === 'failed' && outcome.summary).not.toContain('CycloneDX');
  });

  it('given several YAML documents, then they read as a List', async () => {
    const files = { 'ops.yaml': rendered };
    expect((await run({ file: 'ops.yaml', format: 'yaml', jsonpath: '{.items[*].kind}', equals: 'Deployment Service' }, files)).status).toBe('passed');
    expect((await run({ file: 'ops.yaml', format: 'yaml', jsonpath: '{.items[?(@.kind=="CustomResourceDefinition")].metadata.name}', exists: false }, files)).status).toBe('passed');
    const withCrd = `${rendered}---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.ops.io\n`;
    const near = await run({ file: 'ops.yaml', format: 'yaml', jsonpath: '{.items[?(@.kind=="CustomResourceDefinition")].metadata.name}', exists: false }, { 'ops.yaml': withCrd });
    expect(near).toMatchObject({ status: 'failed', actual: expect.stringContaining('backups.ops.io') });
  });

  it('given one YAML document, then it is the root, and a number compares as kubectl prints it', async () => {
    expect((await run({ file: 'd.yaml', format: 'yaml', jsonpath: '{.spec.replicas}', equals: 2 }, { 'd.yaml': rendered.split('---')[0] ?? '' })).status).toBe('passed');
  });

  it.each([
    ['json', '{\n  "a": 1,\n}', 'not valid JSON at line 3, column 1: Expected double-quoted property name'],
    ['json', '{"a": tru}', 'not valid JSON at line 1, column 7: Unexpected token \'}\''],
    ['json', '{"a": [1,', 'not valid JSON at line 1, column 10: Unexpected end of JSON input'],
    ['yaml', 'a: 1\nb: [1,\n c: d: e\n', 'not valid YAML at line 3, column 5: Block collections are not allowed within flow collections'],
  ])('given a %s file that does not parse (%j), then it fails naming line and column', async (format, text, actual) => {
    const outcome = await run({ file: 'f', format, jsonpath: '{.a}', exists: true }, { f: text });
    expect(outcome).toMatchObject({ status: 'failed', actual, summary: `${TEST_VARS.answers}/f: ${actual}` });
  });

  it.each([
    [{ file: 'f', format: 'json', equals: 'x' }, /format needs jsonpath/],
    [{ file: 'f', format: 'json', jsonpath: '{.a}' }, /exactly one of equals, matches or exists/],
    [{ file: 'f', format: 'json', jsonpath: '{.a}', equals: 'x', exists: true }, /exactly one of equals, matches or exists/],
    [{ file: 'f', format: 'yaml', jsonpath: '{.a}', exists: true, contains: 'x' }, /contains reads the file as text/],
    [{ file: 'f', jsonpath: '{.a}', equals: 'x' }, /give format: json or yaml/],
    [{ file: 'f', exists: true }, /exists needs format/],
    [{ file: 'f', equals: 'x', matches: 'x' }, /exactly one of equals or query/],
    [{ file: 'f', matches: 'x', sortLines: true }, /sortLines only goes with equals or query/],
    [{ file: 'f', format: 'toml', jsonpath: '{.a}', exists: true }, /json|yaml/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = answerFileChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' | ')).toMatch(message);
  });
});
