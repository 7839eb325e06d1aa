import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/models/index.js';
import { jsonpathChecker } from './jsonpath.js';
import { deploymentFixture, nodeFixture, podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

const objects = [
  podFixture({ name: 'web', image: 'nginx:1.27' }),
  podFixture({ name: 'api', namespace: 'shop', image: 'nginx:1.26' }),
  deploymentFixture({ name: 'web', namespace: 'shop', replicas: 3 }),
  nodeFixture({ name: 'kubedrill-worker', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
];

async function run(params: Record<string, unknown>): Promise<Outcome> {
  const parsed = jsonpathChecker.params.parse(params);
  return jsonpathChecker.run(parsed, testContext({ objects }));
}

describe('jsonpath params', () => {
  it.each([
    [{ ref: 'pod/web', path: '{.spec.nodeName}' }, /exactly one of/],
    [{ ref: 'pod/web', path: '{.x}', equals: 'a', contains: 'b' }, /exactly one of/],
    [{ ref: 'web', path: '{.x}', equals: 'a' }, /<kind>\/<name>/],
    [{ ref: 'pod/web', path: '{.spec[', equals: 'a' }, /invalid JSONPath/],
    [{ ref: 'pod/web', path: '{.x}', matches: '([' }, /regular expression/],
    [{ ref: 'pod/web', path: '{.x}', equals: 'a', extra: 1 }, /extra/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = jsonpathChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('jsonpath checker', () => {
  it('given the right image, when equals is checked, then it passes with the field path and value as evidence', async () => {
    expect(await run({ ref: 'pod/web', path: '{.spec.containers[0].image}', equals: 'nginx:1.27' })).toEqual({
      status: 'passed',
      evidence: 'spec.containers[0].image = nginx:1.27',
    });
  });

  it('given a different value, when equals is checked, then expected and actual show both and the summary names the field, not the value', async () => {
    expect(await run({ ref: 'pod/api', namespace: 'shop', path: '{.spec.containers[0].image}', equals: 'nginx:1.27' })).toEqual({
      status: 'failed',
      expected: 'pod/api in namespace shop: spec.containers[0].image = nginx:1.27',
      actual: 'nginx:1.26',
      summary: 'pod/api in namespace shop: spec.containers[0].image is not what the task asks (now: nginx:1.26)',
    });
  });

  it('given a template joining several fields, when one differs, then the summary names only that field and never the expected value', async () => {
    const outcome = await run({ ref: 'pod/web', path: '{.metadata.labels.run}|{.metadata.labels.proxy-access}', equals: 'web|true' });
    expect(outcome).toEqual({
      status: 'failed',
      expected: 'pod/web: metadata.labels.run = web, metadata.labels.proxy-access = true',
      actual: 'metadata.labels.proxy-access = (empty)',
      // Which label key matters is the puzzle of a labels task: the summary leaves the key out.
      summary: 'pod/web: metadata.labels (one key) is not what the task asks (now: not set)',
    });
    const passing = await run({ ref: 'pod/web', path: '{.metadata.labels.run}/{.metadata.labels.none}', equals: 'web/' });
    expect(passing).toEqual({ status: 'passed', evidence: 'metadata.labels.run = web, metadata.labels.none = (empty)' });
  });

  it('given an operator other than equals on several fields, when it fails, then every field is shown with its value and none is singled out', async () => {
    const outcome = await run({ ref: 'pod/web', path: '{.metadata.labels.run}:{.spec.containers[0].image}', matches: '^db:' });
    expect(outcome).toMatchObject({
      expected: 'pod/web: metadata.labels.run:spec.containers[0].image: matches /^db:/',
      actual: 'metadata.labels.run = web, spec.containers[0].image = nginx:1.27',
      summary: 'pod/web: metadata.labels (one key) = web, spec.containers[0].image = nginx:1.27 — together not what the task asks',
    });
    expect(outcome.status === 'failed' && outcome.summary).not.toContain('^db');
  });

  it('given Secret data, when shown, then printable base64 is decoded and marked, binary stays base64', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      data: { DB_HOST: 'bXlzcWw=', DB_PASSWORD: 'UzNjcjN0IQ==', BIN: Buffer.from([0, 1, 2, 255]).toString('base64') },
    };
    const ctx = testContext({ objects: [secret] });
    const check = (params: Record<string, unknown>) => jsonpathChecker.run(jsonpathChecker.params.parse({ ref: 'secret/db', namespace: 'shop', ...params }), ctx);
    expect(await check({ path: '{.data.DB_HOST}{.stringData.DB_HOST}/{.data.DB_PASSWORD}', matches: '.' })).toEqual({
      status: 'passed',
      evidence: 'data.DB_HOST + stringData.DB_HOST = mysql (decoded), data.DB_PASSWORD = S3cr3t! (decoded)',
    });
    expect(await check({ path: '{.data.DB_PASSWORD}', equals: 'c2VjcmV0' })).toEqual({
      status: 'failed',
      expected: 'secret/db in namespace shop: data.DB_PASSWORD = secret (decoded)',
      actual: 'S3cr3t! (decoded)',
      summary: 'secret/db in namespace shop: data.DB_PASSWORD is not what the task asks (now: S3cr3t! (decoded))',
    });
    expect(await check({ path: '{.data.BIN}', empty: true })).toMatchObject({ actual: 'AAEC/w==' });
  });

  it('given a quantity written another way, when equalsQuantity is checked, then it passes; another amount fails', async () => {
    const ns = { ref: 'deployment/web', namespace: 'shop', path: '{.spec.replicas}' };
    expect((await run({ ...ns, equalsQuantity: '3000m' })).status).toBe('passed');
    expect((await run({ ...ns, equalsQuantity: 3 })).status).toBe('passed');
    expect(await run({ ...ns, equalsQuantity: '2' })).toMatchObject({ status: 'failed', actual: '3' });
    expect((await run({ ref: 'pod/web', path: '{.spec.containers[0].image}', equalsQuantity: '1' })).status).toBe('failed');
    expect(jsonpathChecker.params.safeParse({ ...ns, equalsQuantity: 'lots' }).success).toBe(false);
  });

  it('given a number in YAML, when compared, then it is compared as kubectl prints it', async () => {
    expect((await run({ ref: 'deploy/web', namespace: 'shop', path: '{.spec.replicas}', equals: 3 })).status).toBe('passed');
    expect((await run({ ref: 'deploy/web', namespace: 'shop', path: '{.spec.replicas}', equals: 2 })).status).toBe('failed');
  });

  it('given oneOf, contains and matches, when checked, then each compares the trimmed output', async () => {
    expect((await run({ ref: 'node/kubedrill-worker', path: '{.spec.taints[0].effect}', oneOf: ['NoSchedule', 'NoExecute'] })).status).toBe('passed');
    expect((await run({ ref: 'node/kubedrill-worker', path: '{.spec.taints[0].effect}', oneOf: ['NoExecute'] })).status).toBe('failed');
    expect((await run({ ref: 'pod/web', path: '{.metadata.labels}', contains: '"run":"web"' })).status).toBe('passed');
    expect((await run({ ref: 'pod/web', path: '{.status.podIP}', matches: '^10\\.244\\.\\d+\\.\\d+$' })).status).toBe('passed');
    expect((await run({ ref: 'pod/web', path: '{.status.podIP}', matches: '^192\\.' })).status).toBe('failed');
  });

  it('given empty, when the field is missing or present, then true/false decide', async () => {
    expect((await run({ ref: 'pod/web', path: '{.spec.nodeSelector}', empty: true })).status).toBe('passed');
    const notEmpty = await run({ ref: 'pod/web', path: '{.spec.nodeSelector}', empty: false });
    expect(notEmpty).toMatchObject({ status: 'failed', expected: expect.stringContaining('a value (not empty)'), actual: '(empty)' });
  });

  it('given a missing object, when checked, then actual says where it is instead', async () => {
    const outcome = await run({ ref: 'pod/api', path: '{.spec.containers[0].image}', equals: 'nginx:1.26' });
    const where = 'pod/api not found in namespace default; found pod/api in namespace shop';
    expect(outcome).toMatchObject({ status: 'failed', actual: where, summary: where });
  });

  it('given an index past the end, when evaluated, then it fails with kubectl wording rather than erroring', async () => {
    const outcome = await run({ ref: 'pod/web', path: '{.spec.containers[1].image}', equals: 'busybox' });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^kubectl cannot evaluate/) });
  });

  it('given a cluster-scoped ref with a namespace, when checked, then the namespace is ignored', async () => {
    expect((await run({ ref: 'node/kubedrill-worker', namespace: 'shop', path: '{.spec.taints[0].key}', equals: 'dedicated' })).status).toBe('passed');
  });
});
