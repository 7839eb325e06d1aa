import { describe, expect, it } from 'vitest';
import { TEST_VARS } from '../../checkers/support/test-ports.js';
import { genericSummary } from './summary.js';

describe('genericSummary', () => {
  it.each([
    [{ ref: 'deployment/web', namespace: 'shop', path: '{.spec.replicas}', equals: '5' }, 'deployment/web in namespace shop: spec.replicas is not what the task asks'],
    [{ ref: 'pod/api', path: '{.metadata.labels.a}|{.spec.nodeName}', matches: '^x' }, 'pod/api: metadata.labels (one key)|spec.nodeName is not what the task asks'],
    [{ ref: 'configmap/app-config', expect: 'exists' }, 'configmap/app-config: not what the task asks yet'],
    [{ namespace: 'web', pod: 'api', ready: true }, 'pod api in namespace web: not what the task asks yet'],
    [{ namespace: 'web', selector: 'app=api', phase: 'Running' }, 'the pod matching app=api in namespace web: not what the task asks yet'],
    [{ from: { namespace: 'prod', pod: 'web' }, to: { service: 'db', port: 3306 }, expect: 'blocked' }, 'the connection from pod web in namespace prod to db:3306: not what the task asks yet'],
    [{ file: 'taints.txt', equals: 'secret-answer' }, 'the answer file taints.txt: not what the task asks yet'],
    [{ node: 'worker1', path: '/opt/backup/etcd.db', contains: 'needle' }, '/opt/backup/etcd.db on node kubedrill-worker: not what the task asks yet'],
    [{ node: 'controlplane', command: 'grep dock_password /x', stdoutEquals: 'ok' }, 'node kubedrill-control-plane: not what the task asks yet'],
    [{ as: 'system:serviceaccount:db:team', namespace: 'db', allow: ['create pods/exec'] }, 'what system:serviceaccount:db:team may do in namespace db: not what the task asks yet'],
    [{ whatever: 1 }, 'not what the task asks yet'],
  ])('given params %o, when summarised, then it reads %j', (params, summary) => {
    expect(genericSummary(params, TEST_VARS)).toBe(summary);
  });

  it('given any params, when summarised, then no operator value (the answer) appears', () => {
    const text = genericSummary({ ref: 'pod/api', path: '{.metadata.labels.proxy-access}', equals: 'true-secret-value' }, TEST_VARS);
    expect(text).not.toContain('true-secret-value');
  });
});
