import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKubectl, createKubectlCluster } from '../src/environments/live/kubectl.js';
import type { AccessQuery, CheckContext, K8sObject } from '../src/models/index.js';
import { createProcessRunner } from '../src/system/index.js';
import { startFakeApiServer, type AccessAttributes } from '../test/fake-api-server/index.js';
import { canIChecker, parseAccessEntry } from './can-i.js';
import { testContext } from './support/test-ports.js';

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
      dryRun: async () => Promise.reject(new Error('can-i must not dry-run')),
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

describe('can-i with groups', () => {
  const bind = (kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, subject: { kind: string; name: string }, namespace?: string): K8sObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
  });
  const clusterAdmin: K8sObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  };
  const anonymous = { as: 'system:anonymous', groups: ['system:unauthenticated'], deny: ['* *', 'get secrets'], namespace: 'kube-system' };

  it('Given groups, then each question carries them and the evidence names them', async () => {
    const ctx = testContext({ objects: [clusterAdmin] });
    const outcome = await canIChecker.run(canIChecker.params.parse(anonymous), ctx);
    expect(outcome).toEqual({ status: 'passed', evidence: 'system:anonymous (groups system:unauthenticated) in namespace kube-system: 0 allowed and 2 denied as required' });
    expect(ctx.calls.canI).toBe(2);
  });

  it('Given cluster-admin bound to the group only in kube-system (a RoleBinding left behind), then the deny fails offline as live', async () => {
    const objects = [clusterAdmin, bind('RoleBinding', 'oops', { kind: 'Group', name: 'system:unauthenticated' }, 'kube-system')];
    const outcome = await canIChecker.run(canIChecker.params.parse(anonymous), testContext({ objects }));
    expect(outcome).toMatchObject({ status: 'failed', actual: 'can * * (should not); can get secrets (should not)' });
    expect(outcome.status === 'failed' && outcome.summary).toContain('system:anonymous (groups system:unauthenticated) in namespace kube-system');
  });

  it('Given a binding to system:authenticated, then anonymous is not matched by it (the API server adds system:unauthenticated, not authenticated)', async () => {
    const objects = [clusterAdmin, bind('ClusterRoleBinding', 'authn', { kind: 'Group', name: 'system:authenticated' })];
    expect((await canIChecker.run(canIChecker.params.parse({ ...anonymous, groups: undefined }), testContext({ objects }))).status).toBe('passed');
    // A named user still gets system:authenticated, so the same binding lets jane in.
    const jane = await canIChecker.run(canIChecker.params.parse({ as: 'jane', deny: ['get secrets'], namespace: 'a' }), testContext({ objects }));
    expect(jane).toMatchObject({ status: 'failed', actual: 'can get secrets (should not)' });
  });

  it('Given an empty groups list, then the pack is refused', () => {
    expect(canIChecker.params.safeParse({ ...anonymous, groups: [] }).success).toBe(false);
  });

  it('Given real kubectl and the fake API server, then every --as-group reaches the access review', async () => {
    const seen: AccessAttributes[] = [];
    const server = await startFakeApiServer([], {
      canI: (a) => {
        seen.push(a);
        return a.groups.includes('system:masters');
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-can-i-'));
    try {
      const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
      const cluster = createKubectlCluster(createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache') }));
      const ctx = { ...testContext(), cluster };
      const outcome = await canIChecker.run(canIChecker.params.parse({ as: 'jane', groups: ['dev', 'system:masters'], allow: ['delete nodes'] }), ctx);
      expect(outcome.status).toBe('passed');
      expect(seen).toEqual([expect.objectContaining({ user: 'jane', groups: ['dev', 'system:masters'], verb: 'delete', resource: 'nodes' })]);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
