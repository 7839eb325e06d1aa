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
