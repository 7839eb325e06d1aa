import { describe, expect, it } from 'vitest';
import type { AccessQuery, CheckContext } from '../src/models/index.js';
import { canIChecker, parseAccessEntry } from './can-i.js';

/** An access reviewer that grants exactly the listed `verb resource[/sub]` pairs in namespace db. */
function context(granted: string[], asked: AccessQuery[] = [], fail?: Error): CheckContext {
  return {
    cluster: {
      get: async () => undefined,
      list: async () => [],
      canI: async (q) => {
        asked.push(q);
        if (fail) throw fail;
        const res = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
        return q.namespace === 'db' && granted.includes(`${q.verb} ${res}`);
      },
      execInPod: async () => ({ exitCode: 1, stdout: '', stderr: '' }),
    },
    nodes: { exec: async () => ({ exitCode: 1, stdout: '', stderr: '' }), readFile: async () => undefined },
    answers: { readFile: async () => undefined },
    signal: new AbortController().signal,
    offline: false,
    vars: { cluster: 'k', context: 'kind-k', answers: '/a', nodes: { controlplane: 'c', worker1: 'w1', worker2: 'w2' } },
  };
}

const SA = 'system:serviceaccount:db:team';
const task = { as: SA, namespace: 'db', allow: ['create pods/exec', 'create pods/portforward'], deny: ['delete pods', 'get secrets'] };

describe('can-i', () => {
  it('Given a Role granting exactly exec and port-forward, then it passes and asks with --as and the namespace', async () => {
    const asked: AccessQuery[] = [];
    const outcome = await canIChecker.run(canIChecker.params.parse(task), context(['create pods/exec', 'create pods/portforward'], asked));

    expect(outcome).toEqual({ status: 'passed', evidence: `${SA} in namespace db: 2 allowed and 2 denied as required` });
    expect(asked).toContainEqual({ verb: 'create', resource: 'pods', subresource: 'exec', as: SA, namespace: 'db' });
    expect(asked).toHaveLength(4);
  });

  it('Given a Role that grants too much and too little, then actual lists each wrong answer', async () => {
    const outcome = await canIChecker.run(canIChecker.params.parse(task), context(['create pods/exec', 'delete pods']));

    expect(outcome).toEqual({
      status: 'failed',
      expected: `${SA} in namespace db can create pods/exec, create pods/portforward; cannot delete pods, get secrets`,
      actual: 'cannot create pods/portforward (should); can delete pods (should not)',
      summary: `${SA} in namespace db: cannot create pods/portforward (should); can delete pods (should not)`,
    });
  });

  it('Given the API server cannot answer, then the error propagates for the engine to report', async () => {
    await expect(canIChecker.run(canIChecker.params.parse(task), context([], [], new Error('connection refused')))).rejects.toThrow('connection refused');
  });

  it('parses entries with a resource name and an API group', () => {
    expect(parseAccessEntry('get secrets db-creds', 'jane')).toEqual({ verb: 'get', resource: 'secrets', name: 'db-creds', as: 'jane' });
    expect(parseAccessEntry('list deployments.apps', 'jane', 'web')).toEqual({ verb: 'list', resource: 'deployments.apps', as: 'jane', namespace: 'web' });
  });

  it('rejects malformed entries and empty matrices when the pack is validated', () => {
    expect(canIChecker.params.safeParse({ as: SA, allow: ['pods'] }).success).toBe(false);
    expect(canIChecker.params.safeParse({ as: SA }).success).toBe(false);
  });
});
