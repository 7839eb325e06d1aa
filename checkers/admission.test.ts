import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubectl, createKubectlCluster } from '../src/environments/live/kubectl.js';
import { createObjectCluster } from '../src/environments/offline/object-store.js';
import { gradeTask } from '../src/grading/grade-task.js';
import type { CheckContext, DryRunAnswer, DryRunOptions, Task } from '../src/models/index.js';
import { createProcessRunner } from '../src/system/index.js';
import { startFakeApiServer, type DryRunVerdict, type DryRunWrite, type FakeApiServer } from '../test/fake-api-server/index.js';
import { admissionChecker, readManifest, refusedBy } from './admission.js';
import { testContext, TEST_VARS } from './support/test-ports.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: probe
spec:
  containers:
    - name: c
      image: quay.io/evil/miner:1
`;

const grade = (p: Record<string, unknown>, ctx: CheckContext) => admissionChecker.run(admissionChecker.params.parse({ manifest: POD, ...p }), ctx);

/** A context whose dry-run port answers `answer` and records what was asked. */
function answering(answer: DryRunAnswer) {
  return testContext({ dryRun: () => answer });
}

const refusal = (reason: string | undefined, message: string): DryRunAnswer => ({ allowed: false, ...(reason ? { reason } : {}), message, warnings: [] });

describe('admission params', () => {
  it.each([
    [{ manifest: 'a: [1' }, 'not valid YAML (manifest line 1, column'],
    [{ manifest: `${POD}---\n${POD}` }, 'exactly one object, found 2'],
    [{ manifest: 'apiVersion: v1\nkind: Pod\nmetadata: {}\n' }, 'no metadata.name'],
    [{ manifest: 'kind: Pod\nmetadata: {name: x}\n' }, 'no apiVersion'],
    [{ manifest: 'apiVersion: v1\nkind: List\nmetadata: {name: x}\nitems: []\n' }, 'not a List'],
    [{ manifest: POD, asGroups: ['system:nodes'] }, 'asGroups needs as'],
    [{ manifest: POD, allowed: true, messageContains: 'x' }, 'need allowed: false'],
    [{ manifest: POD.replace('name: probe', 'name: probe\n  namespace: a'), namespace: 'b' }, 'namespace differs'],
    [{ manifest: POD, messageMatches: '(' }, 'not a valid JavaScript regular expression'],
  ])('given bad params %o, when the pack loads, then it is refused with a clear message', (p, message) => {
    const result = admissionChecker.params.safeParse({ allowed: false, ...p });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' | ')).toContain(message);
  });

  it('given a JSON manifest, when the pack loads, then it reads like YAML', () => {
    expect(readManifest('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"n"}}')).toEqual({ kind: 'ConfigMap', name: 'c', namespace: 'n' });
  });
});

describe('admission over an in-memory port', () => {
  it('given the server admits, when allowed: true, then it passes and the port got the options', async () => {
    const ctx = answering({ allowed: true, message: 'pod/probe created (server dry run)', warnings: [] });
    const outcome = await grade({ allowed: true, namespace: 'team', as: 'jane', asGroups: ['dev'] }, ctx);
    expect(outcome).toEqual({ status: 'passed', evidence: 'dry-run create of pod/probe in namespace team as jane (groups dev): admitted' });
    expect(ctx.calls.dryRun).toEqual([{ manifest: POD, opts: { operation: 'create', namespace: 'team', as: 'jane', asGroups: ['dev'] } }]);
  });

  it('given the server admits with a warning, when allowed: false, then it fails: a warning is not a refusal', async () => {
    const ctx = answering({ allowed: true, message: 'pod/probe created (server dry run)', warnings: ['would violate PodSecurity "restricted:latest": runAsNonRoot != true'] });
    const outcome = await grade({ allowed: false, namespace: 'team' }, ctx);
    expect(outcome).toMatchObject({ status: 'failed', expected: 'dry-run create of pod/probe in namespace team: refused', actual: expect.stringContaining('admitted with warning: would violate PodSecurity') });
  });

  it.each([
    ['Forbidden', 'pods "probe" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true', 'PodSecurity admission ("restricted:latest")'],
    ['Invalid', 'The pods "probe" is invalid: : ValidatingAdmissionPolicy \'allowed-registries\' with binding \'allowed-registries\' denied request: image not allowed', 'ValidatingAdmissionPolicy "allowed-registries" (binding "allowed-registries")'],
    ['Forbidden', 'admission webhook "deny.example.com" denied the request: no', 'admission webhook "deny.example.com"'],
    ['InternalError', 'Internal error occurred: failed calling webhook "deny.example.com": connection refused', 'admission webhook "deny.example.com" (the API server could not call it)'],
    ['Forbidden', 'pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "team"', 'authorization (RBAC: the user may not make this request)'],
    ['Forbidden', 'pods "probe" is forbidden: exceeded quota: budget, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1500m', 'ResourceQuota "budget"'],
    ['Forbidden', 'pods "probe" is forbidden: maximum memory usage per Container is 512Mi, but limit is 1Gi', 'LimitRange admission'],
    ['Forbidden', 'nodes "cp" is forbidden: node "w1" is not allowed to modify node "cp"', 'NodeRestriction admission'],
    ['Invalid', 'The Backup "nightly" is invalid: spec.retention: Invalid value: 11: must be <= 10', "validation (the object's schema or a validation rule)"],
    ['Forbidden', 'pods "probe" is forbidden: some future plugin said no', 'the API server (Forbidden)'],
  ])('given a %s refusal, when allowed: false, then it passes naming who refused', async (reason, message, by) => {
    const outcome = await grade({ allowed: false }, answering(refusal(reason, message)));
    expect(outcome).toEqual({ status: 'passed', evidence: expect.stringContaining(`refused by ${by}:`) });
    expect(refusedBy({ reason, message }) ?? `the API server (${reason})`).toBe(by);
  });

  it('given a refusal, when allowed: true, then it fails with who refused and why', async () => {
    const outcome = await grade({ allowed: true }, answering(refusal('Forbidden', 'pods "probe" is forbidden: violates PodSecurity "baseline:latest": privileged')));
    expect(outcome).toMatchObject({ status: 'failed', actual: 'refused by PodSecurity admission ("baseline:latest"): pods "probe" is forbidden: violates PodSecurity "baseline:latest": privileged' });
  });

  it('given a refusal for another reason, when messageContains, then it fails without showing the wanted text in the summary', async () => {
    const ctx = answering(refusal('Forbidden', 'pods "probe" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true'));
    const outcome = await grade({ allowed: false, messageContains: 'allowed-registries', messageMatches: 'denied request' }, ctx);
    expect(outcome).toMatchObject({ status: 'failed', expected: expect.stringContaining('containing "allowed-registries" and matching /denied request/') });
    expect(outcome.status === 'failed' && outcome.summary).not.toContain('allowed-registries');
    const ok = await grade({ allowed: false, messageContains: 'runAsNonRoot', messageMatches: 'restricted:\\w+' }, ctx);
    expect(ok.status).toBe('passed');
  });

  it.each([
    ['NotFound', 'namespaces "team" not found'],
    ['AlreadyExists', 'pods "probe" already exists'],
  ])('given a %s answer, then both expectations fail: neither admission nor authorization answered', async (reason, message) => {
    for (const allowed of [true, false]) {
      const outcome = await grade({ allowed }, answering(refusal(reason, message)));
      expect(outcome).toMatchObject({ status: 'failed', actual: `refused, but not by admission or authorization (${reason}): ${message}` });
    }
  });

  it('given the probe is malformed (strict field validation), then the check is an error, not the learner\'s fault', async () => {
    const outcome = await grade({ allowed: false }, answering(refusal('BadRequest', 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containerz"')));
    expect(outcome).toMatchObject({ status: 'error', reason: expect.stringContaining('strict decoding error') });
  });

  it('given an offline workspace, when graded by the engine, then the check is unsupported', async () => {
    const store = createObjectCluster(() => Promise.resolve([]));
    const task = {
      metadata: { id: 't/admission', title: 'admission' },
      checks: [{ id: 'denied', type: 'admission', points: 1, manifest: POD, allowed: false }],
    } as unknown as Task;
    const ctx = testContext();
    const report = await gradeTask(task, { ports: { cluster: store, nodes: ctx.nodes, answers: ctx.answers }, vars: TEST_VARS, capabilities: new Set(['can-i']), offline: true }, [admissionChecker]);
    expect(report.checks[0]).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('offline') });
  });
});

// Tier 2: the checker over the real kubectl binary and the fake API server's dry-run writes.
describe('admission over real kubectl and the fake API server', () => {
  let server: FakeApiServer;
  let dir: string;
  let writes: DryRunWrite[];
  let verdict: (w: DryRunWrite) => DryRunVerdict;

  beforeEach(async () => {
    writes = [];
    verdict = () => ({ allowed: true });
    server = await startFakeApiServer([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'kubedrill-control-plane' } }], {
      dryRun: (w) => {
        writes.push(w);
        return verdict(w);
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-admission-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function context(): Promise<CheckContext> {
    const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
    const cluster = createKubectlCluster(createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache') }));
    const ctx = testContext();
    return { ...ctx, cluster };
  }

  it('given PodSecurity refuses the pod, when allowed: false as a user with groups, then it passes and kubectl sent a dry-run POST impersonating both groups', async () => {
    verdict = (w) =>
      w.body.spec !== undefined
        ? { allowed: false, code: 403, reason: 'Forbidden', message: `pods "${w.name}" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true` }
        : { allowed: true };
    const outcome = await grade({ allowed: false, namespace: 'team-red', as: 'jane', asGroups: ['dev', 'qa'], messageContains: 'restricted' }, await context());
    expect(outcome).toEqual({ status: 'passed', evidence: expect.stringContaining('refused by PodSecurity admission ("restricted:latest")') });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'POST', user: 'jane', groups: ['dev', 'qa'], resource: 'pods', namespace: 'team-red', name: 'probe' });
    expect(writes[0]?.query.get('dryRun')).toBe('All');
  });

  it('given a policy in Warn mode, when allowed: false, then it fails: the warning header is reported, not taken as a refusal', async () => {
    verdict = () => ({ allowed: true, warnings: ["Validation failed for ValidatingAdmissionPolicy 'allowed-registries' with binding 'allowed-registries': image not allowed"] });
    const outcome = await grade({ allowed: false, namespace: 'team-red' }, await context());
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^admitted with warning: Validation failed for ValidatingAdmissionPolicy 'allowed-registries'/) });
    const allowed = await grade({ allowed: true, namespace: 'team-red' }, await context());
    expect(allowed).toMatchObject({ status: 'passed', evidence: expect.stringContaining('admitted with warning') });
  });

  it('given a ValidatingAdmissionPolicy answers 422, when allowed: false, then kubectl\'s "is invalid" form is read as that policy\'s refusal', async () => {
    verdict = (w) => ({
      allowed: false,
      code: 422,
      reason: 'Invalid',
      message: `pods "${w.name}" is forbidden: ValidatingAdmissionPolicy 'allowed-registries' with binding 'ar' denied request: image not allowed`,
      details: { name: w.name, kind: 'pods', causes: [{ message: "ValidatingAdmissionPolicy 'allowed-registries' with binding 'ar' denied request: image not allowed" }] },
    });
    const outcome = await grade({ allowed: false, namespace: 'team-red', messageContains: 'allowed-registries' }, await context());
    expect(outcome).toEqual({ status: 'passed', evidence: expect.stringContaining('refused by ValidatingAdmissionPolicy "allowed-registries" (binding "ar")') });
  });

  it('given NodeRestriction, when operation: apply labels another node as a kubelet, then kubectl sent one server-side-apply PATCH and the refusal passes', async () => {
    verdict = (w) =>
      w.user === 'system:node:kubedrill-worker' && w.name === 'kubedrill-control-plane'
        ? { allowed: false, code: 403, reason: 'Forbidden', message: 'nodes "kubedrill-control-plane" is forbidden: node "kubedrill-worker" is not allowed to modify node "kubedrill-control-plane"' }
        : { allowed: true };
    const manifest = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: kubedrill-control-plane\n  labels:\n    pwned: "true"\n';
    const outcome = await grade({ manifest, operation: 'apply', as: 'system:node:kubedrill-worker', asGroups: ['system:nodes'], allowed: false }, await context());
    expect(outcome).toEqual({ status: 'passed', evidence: expect.stringContaining('refused by NodeRestriction admission') });
    expect(writes.map((w) => [w.method, w.contentType, w.resource, w.name, w.groups])).toEqual([['PATCH', 'application/apply-patch+yaml', 'nodes', 'kubedrill-control-plane', ['system:nodes']]]);
    expect(writes[0]?.query.get('force')).toBe('true');
  });

  it('given the API server is down, when dry-run, then the check fails as the cluster being down (via the engine)', async () => {
    const ctx = await context();
    await server.close();
    await expect(grade({ allowed: false }, ctx)).rejects.toMatchObject({ clusterDown: true });
  });

  it('given the port is asked directly, then options map to kubectl flags the server sees', async () => {
    const ctx = await context();
    const opts: DryRunOptions = { namespace: 'ns1' };
    const answer = await ctx.cluster.dryRun('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', opts);
    expect(answer).toEqual({ allowed: true, message: 'configmap/c created (server dry run)', warnings: [] });
    expect(writes[0]).toMatchObject({ method: 'POST', user: undefined, groups: [], resource: 'configmaps', namespace: 'ns1' });
    // Strict field validation is left to the server, as on a real cluster.
    expect(writes[0]?.query.get('fieldValidation')).toBe('Strict');
  });
});
