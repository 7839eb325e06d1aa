import { describe, expect, it } from 'vitest';
import { resourceChecker } from './resource.js';
import { nodeFixture, podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

const ctx = testContext({
  objects: [podFixture({ name: 'web', namespace: 'shop' }), nodeFixture(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
});
const run = (params: Record<string, unknown>) => resourceChecker.run(resourceChecker.params.parse(params), ctx);

describe('resource checker', () => {
  it('given an existing object, when exists is expected, then it passes', async () => {
    expect(await run({ ref: 'pod/web', namespace: 'shop' })).toEqual({ status: 'passed', evidence: 'pod/web in namespace shop exists' });
    expect((await run({ ref: 'ns/shop', expect: 'exists' })).status).toBe('passed');
    expect((await run({ ref: 'node/kubedrill-worker' })).status).toBe('passed');
  });

  it('given the object in another namespace, when exists is expected, then it fails saying where it is', async () => {
    expect(await run({ ref: 'pod/web' })).toEqual({
      status: 'failed',
      expected: 'pod/web exists',
      actual: 'pod/web not found in namespace default; found pod/web in namespace shop',
      summary: 'pod/web not found in namespace default; found pod/web in namespace shop',
    });
  });

  it('given absent is expected, when the object is there or not, then it fails or passes', async () => {
    expect(await run({ ref: 'pod/web', namespace: 'shop', expect: 'absent' })).toEqual({
      status: 'failed',
      expected: 'pod/web in namespace shop is absent',
      actual: 'pod/web in namespace shop still exists',
      summary: 'pod/web in namespace shop still exists',
    });
    expect((await run({ ref: 'pod/web', expect: 'absent' })).status).toBe('passed');
  });

  it('given an unknown expect value, when validated, then it is refused', () => {
    expect(resourceChecker.params.safeParse({ ref: 'pod/web', expect: 'present' }).success).toBe(false);
  });
});
