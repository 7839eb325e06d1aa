import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../src/models/index.js';
import { selectingKind, selectsChecker } from './selects.js';
import { deploymentFixture, podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

const pods = (): K8sObject[] => [
  podFixture({ name: 'web-1', namespace: 'web', labels: { app: 'web-frontend', tier: 'frontend' } }),
  podFixture({ name: 'web-2', namespace: 'web', labels: { app: 'web-frontend', tier: 'frontend' } }),
  podFixture({ name: 'db-0', namespace: 'web', labels: { app: 'db', role: 'db', tier: 'backend' } }),
  // Same labels in another namespace: a selector never reaches across namespaces.
  podFixture({ name: 'web-9', namespace: 'other', labels: { app: 'web-frontend', tier: 'frontend' } }),
];

const service = (selector: Record<string, string> | undefined, namespace = 'web'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web-service', namespace },
  spec: { ...(selector ? { selector } : {}), ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], clusterIP: '10.96.14.2', type: 'ClusterIP' },
});

const netpol = (podSelector: unknown): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'db', namespace: 'web' },
  spec: { podSelector, policyTypes: ['Ingress'] },
});

const check = (over: Record<string, unknown> = {}) =>
  selectsChecker.params.parse({ ref: 'service/web-service', namespace: 'web', expect: { labels: 'app=web-frontend' }, ...over });

const grade = async (objects: K8sObject[], over: Record<string, unknown> = {}, offline = false) =>
  selectsChecker.run(check(over), testContext({ objects, offline }));

describe('selects: selectors compared by the pods they pick', () => {
  it('Given a Service selecting tier=frontend, when app=web-frontend is expected, then it passes: another spelling of the same pods', async () => {
    const outcome = await grade([...pods(), service({ tier: 'frontend' })]);

    expect(outcome).toEqual({ status: 'passed', evidence: 'service/web-service (selector tier=frontend) picks web-1, web-2' });
  });

  it('Given a Service selecting a label the db pod shares, then it fails naming the extra pod', async () => {
    const outcome = await grade([...pods(), service({ tier: 'frontend' }), podFixture({ name: 'db-0', namespace: 'web', labels: { tier: 'frontend' } })]);

    expect(outcome).toEqual({
      status: 'failed',
      expected: 'service/web-service in namespace web picks exactly the pods labelled app=web-frontend: web-1, web-2',
      actual: 'service/web-service (selector tier=frontend) picks db-0, web-1, web-2; expected web-1, web-2 (extra: db-0)',
      summary: 'service/web-service in namespace web (selector tier=frontend) picks db-0, web-1, web-2; db-0 should not be picked',
    });
  });

  it('Given a Service whose selector is misspelled, then it fails naming the missing pods', async () => {
    const outcome = await grade([...pods(), service({ app: 'webfrontend' })]);

    // Before the solution only the count of missed pods shows: their names would give the labels away.
    expect(outcome.status === 'failed' && outcome.summary).toBe(
      'service/web-service in namespace web (selector app=webfrontend) picks no pods; it misses 2 pods the task asks for',
    );
    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'service/web-service (selector app=webfrontend) picks no pods; expected web-1, web-2 (missing: web-1, web-2)',
    );
  });

  it('Given a Service without selector, then it picks no pods, even though an empty map would match any labels', async () => {
    const outcome = await grade([...pods(), service(undefined)]);

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/^service\/web-service \(has no selector \(a Service without selector picks no pods\)\) picks no pods;/);
    expect((await grade([...pods(), service({})])).status).toBe('failed');
  });

  it('Given a NetworkPolicy with matchExpressions role In [db], when role=db is expected, then it passes like matchLabels would', async () => {
    const inExpr = netpol({ matchExpressions: [{ key: 'role', operator: 'In', values: ['db'] }] });
    const outcome = await grade([...pods(), inExpr], { ref: 'netpol/db', expect: { labels: 'role=db' } });

    expect(outcome).toEqual({ status: 'passed', evidence: 'netpol/db (selector role in (db)) picks db-0' });
  });

  it('Given a NetworkPolicy with podSelector {}, then it picks every pod of its namespace (and only those)', async () => {
    const all = await grade([...pods(), netpol({})], { ref: 'networkpolicy/db', expect: { pods: ['web-1', 'web-2', 'db-0'] } });
    const some = await grade([...pods(), netpol({})], { ref: 'networkpolicy/db', expect: { labels: 'tier=frontend' } });

    expect(all.status).toBe('passed');
    expect(some.status === 'failed' && some.actual).toMatch(/\(extra: db-0\)$/);
  });

  it('Given a NetworkPolicy without podSelector, then it is read as {} (the field is not a pointer)', async () => {
    const outcome = await grade([...pods(), netpol(undefined)], { ref: 'networkpolicy/db', expect: { labels: 'app' } });

    expect(outcome.status).toBe('passed');
  });

  it('Given a Deployment selector with NotIn and DoesNotExist, then the expressions are applied (AND with matchLabels)', async () => {
    const deploy: K8sObject = {
      ...deploymentFixture({ name: 'web', namespace: 'web' }),
      spec: {
        selector: { matchLabels: { tier: 'frontend' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }, { key: 'canary', operator: 'DoesNotExist' }] },
        template: { metadata: { labels: { tier: 'frontend', app: 'web-frontend' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    };
    const canary = podFixture({ name: 'web-3', namespace: 'web', labels: { app: 'web-frontend', tier: 'frontend', canary: 'yes' } });

    const outcome = await grade([...pods(), deploy, canary], { ref: 'deploy/web' });

    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'deploy/web (selector tier=frontend,app notin (db),!canary) picks web-1, web-2; expected web-1, web-2, web-3 (missing: web-3)',
    );
  });

  it('Given a PodDisruptionBudget with selector {}, then it picks every pod; without selector, none', async () => {
    const pdb = (selector?: unknown): K8sObject => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'all', namespace: 'web' },
      spec: { minAvailable: 1, ...(selector !== undefined ? { selector } : {}) },
    });

    expect((await grade([...pods(), pdb({})], { ref: 'pdb/all', expect: { pods: ['db-0', 'web-1', 'web-2'] } })).status).toBe('passed');
    const none = await grade([...pods(), pdb()], { ref: 'pdb/all' });
    expect(none.status === 'failed' && none.actual).toMatch(/^pdb\/all \(has no selector\) picks no pods;/);
  });

  it('Given a ReplicationController without selector, then it selects by its template labels, as the API server defaults it', async () => {
    const rc: K8sObject = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: 'web' },
      spec: { replicas: 1, template: { metadata: { labels: { role: 'db' } }, spec: { containers: [{ name: 'db', image: 'mysql:8' }] } } },
    };

    const outcome = await grade([...pods(), rc], { ref: 'rc/legacy', expect: { labels: 'role=db' } });

    expect(outcome.status).toBe('passed');
  });

  it('Given a selector with an operator the API server rejects, then it fails saying the selector is invalid', async () => {
    const outcome = await grade([...pods(), netpol({ matchExpressions: [{ key: 'role', operator: 'Equals', values: ['db'] }] })], {
      ref: 'networkpolicy/db',
      expect: { labels: 'role=db' },
    });

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/has an invalid selector: .*operator must be In, NotIn, Exists or DoesNotExist/);
  });

  it('Given the expected labels match no pod, then it is an error (the check cannot tell right from wrong), not a failure', async () => {
    const outcome = await grade([...pods(), service({ tier: 'frontend' })], { expect: { labels: 'app=nothing' } });

    expect(outcome.status).toBe('error');
    expect(outcome.status === 'error' && outcome.reason).toMatch(/no pod in namespace web carries app=nothing/);
  });

  it('Given expected pods by name and one of them is gone, then it fails saying there is no such pod', async () => {
    const outcome = await grade([...pods(), service({ tier: 'frontend' })], { expect: { pods: ['web-1', 'web-2', 'web-3'] } });

    expect(outcome.status === 'failed' && outcome.actual).toMatch(/\(missing: web-3 \(no such pod\)\)$/);
  });

  it('Given the Service is in another namespace, then it fails saying where it was found', async () => {
    const outcome = await grade([...pods(), service({ tier: 'frontend' }, 'default')]);

    expect(outcome.status === 'failed' && outcome.actual).toBe('service/web-service not found in namespace web; found service/web-service in namespace default');
  });

  it('Given a namespace with many pods, when the selector picks all, then the list is shortened', async () => {
    const many = Array.from({ length: 12 }, (_v, i) => podFixture({ name: `p${String(i).padStart(2, '0')}`, namespace: 'web', labels: { app: 'x' } }));
    const outcome = await grade([...many, podFixture({ name: 'z', namespace: 'web', labels: { app: 'y' } }), netpol({})], {
      ref: 'networkpolicy/db',
      expect: { labels: 'app=y' },
    });

    expect(outcome.status === 'failed' && outcome.actual).toContain(', … (+5 more)');
  });
});

describe('selects offline: workloads stand for their pods', () => {
  const deploy = (name: string, labels: Record<string, string>): K8sObject => ({
    ...deploymentFixture({ name, namespace: 'web' }),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: labels.app ?? name } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
  });
  const sts: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'web' },
    spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { role: 'db' } }, template: { metadata: { labels: { role: 'db' } }, spec: { containers: [{ name: 'db', image: 'mysql:8' }] } } },
  };
  const workspace = (): K8sObject[] => [deploy('web', { app: 'web-frontend', tier: 'frontend' }), deploy('api', { app: 'api', tier: 'backend' }), sts];

  it('Given only Deployments offline, when a Service selects tier=frontend, then it passes against deployment/web (its pods)', async () => {
    const outcome = await grade([...workspace(), service({ tier: 'frontend' })], {}, true);

    expect(outcome).toEqual({ status: 'passed', evidence: 'service/web-service (selector tier=frontend) picks deployment/web (its pods)' });
  });

  it('Given the same workspace live, then Deployments are not pods: with no pods the expected set is empty (error)', async () => {
    const outcome = await grade([...workspace(), service({ tier: 'frontend' })], {}, false);

    expect(outcome.status).toBe('error');
  });

  it('Given a Service picking the api Deployment\'s pods offline, then it fails naming both workloads', async () => {
    const outcome = await grade([...workspace(), service({ tier: 'backend' })], {}, true);

    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'service/web-service (selector tier=backend) picks deployment/api (its pods); expected deployment/web (its pods) (missing: deployment/web (its pods); extra: deployment/api (its pods))',
    );
  });

  it('Given expected pods by name offline, then a StatefulSet ordinal names the StatefulSet\'s pods', async () => {
    const outcome = await grade([...workspace(), netpol({ matchLabels: { role: 'db' } })], { ref: 'networkpolicy/db', expect: { pods: ['db-0'] } }, true);
    const beyond = await grade([...workspace(), netpol({ matchLabels: { role: 'db' } })], { ref: 'networkpolicy/db', expect: { pods: ['db-1'] } }, true);

    expect(outcome).toEqual({ status: 'passed', evidence: 'networkpolicy/db (selector role=db) picks statefulset/db (its pods)' });
    expect(beyond.status).toBe('failed');
  });

  it('Given a Job without selector offline, then it picks its own pods only', async () => {
    const job: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'web' },
      spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox:1.36' }] } } },
    };
    const cron: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'web' },
      spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { containers: [{ name: 'm', image: 'busybox:1.36' }] } } } } },
    };

    const outcome = await grade([job, cron], { ref: 'job/migrate', expect: { labels: 'app=migrate' } }, true);

    expect(outcome.status === 'failed' && outcome.actual).toBe(
      'job/migrate (selector its own pods) picks job/migrate (its pods); expected job/migrate (its pods), cronjob/nightly (its pods) (missing: cronjob/nightly (its pods))',
    );
  });

  it('Given a ReplicaSet owned by a Deployment in the workspace, then it does not count twice', async () => {
    const rs: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d8f', namespace: 'web', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true, uid: 'u' }] },
      spec: { selector: { matchLabels: { app: 'web-frontend' } }, template: { metadata: { labels: { app: 'web-frontend', tier: 'frontend' } }, spec: { containers: [] } } },
    };

    const outcome = await grade([...workspace(), rs, service({ tier: 'frontend' })], {}, true);

    expect(outcome.status).toBe('passed');
  });
});

describe('selects params', () => {
  it.each([
    ['svc', 'Service'],
    ['services', 'Service'],
    ['netpol', 'NetworkPolicy'],
    ['networkpolicies.networking.k8s.io', 'NetworkPolicy'],
    ['deployments.v1.apps', 'Deployment'],
    ['sts', 'StatefulSet'],
    ['ds', 'DaemonSet'],
    ['rs', 'ReplicaSet'],
    ['pdb', 'PodDisruptionBudget'],
    ['rc', 'ReplicationController'],
    ['Job', 'Job'],
    ['deployments.batch', undefined],
    ['configmap', undefined],
  ])('Given the kind %j, then it resolves to %s', (text, kind) => {
    expect(selectingKind(text)).toBe(kind);
  });

  it('Given a kind without a pod selector, labels and pods together, or a malformed selector, then the params are rejected', () => {
    expect(() => check({ ref: 'configmap/x' })).toThrow(/selector picks pods/);
    expect(() => check({ expect: { labels: 'a=b', pods: ['x'] } })).toThrow(/exactly one of labels or pods/);
    expect(() => check({ expect: {} })).toThrow(/exactly one of labels or pods/);
    expect(() => check({ expect: { labels: 'app in web' } })).toThrow(/cannot read/);
  });

  it('Given the checker, then it models offline and needs no capability', () => {
    expect(selectsChecker.modelsOffline).toBe(true);
    expect(selectsChecker.needs).toEqual([]);
    expect(check({ namespace: undefined }).namespace).toBe('default');
  });
});
