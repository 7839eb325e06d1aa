import { describe, expect, it } from 'vitest';
import type { ExecResult, K8sObject, PodExec } from '../src/models/index.js';
import { podExecChecker } from './pod-exec.js';
import { podFixture } from './support/fixtures.js';
import { testContext } from './support/test-ports.js';

/** Pod `sec` with containers c1 and c2, both running, as the API server returns it. */
function secPod(o: { phase?: string; c2State?: Record<string, unknown>; annotations?: Record<string, string>; sidecar?: boolean } = {}): K8sObject {
  const pod = podFixture({ name: 'sec', namespace: 'app', labels: { app: 'sec' }, ...(o.annotations ? { annotations: o.annotations } : {}) });
  const spec = pod.spec as { containers: Record<string, unknown>[]; initContainers?: Record<string, unknown>[] };
  spec.containers = [{ name: 'c1', image: 'busybox:1.36' }, { name: 'c2', image: 'busybox:1.36' }];
  if (o.sidecar) spec.initContainers = [{ name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always' }];
  const status = pod.status as Record<string, unknown>;
  status.phase = o.phase ?? 'Running';
  status.containerStatuses = [
    { name: 'c1', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-14T09:21:40Z' } } },
    { name: 'c2', ready: true, restartCount: 0, state: o.c2State ?? { running: { startedAt: '2025-01-14T09:21:40Z' } } },
  ];
  if (o.sidecar) status.initContainerStatuses = [{ name: 'proxy', ready: true, restartCount: 0, state: { running: {} } }];
  return pod;
}

/** A container where `id -u` prints the user of each container, and `touch` fails read-only. */
function fakeExec(q: PodExec): ExecResult {
  const cmd = q.command.join(' ');
  if (cmd === 'id -u') return { exitCode: 0, stdout: q.container === 'c2' ? '1000\n' : '2000\n', stderr: '' };
  if (cmd.startsWith('touch ')) return { exitCode: 1, stdout: '', stderr: "touch: /usr/share/nginx/html/x: Read-only file system\ncommand terminated with exit code 1\n" };
  if (cmd === 'nslookup web') return { exitCode: 0, stdout: 'Server:\t\t10.96.0.10\nName:\tweb.app.svc.cluster.local\nAddress: 10.96.12.7\n', stderr: '' };
  return { exitCode: 127, stdout: '', stderr: `exec: "${q.command[0]}": executable file not found in $PATH\ncommand terminated with exit code 127\n` };
}

async function grade(params: Record<string, unknown>, objects: K8sObject[] = [secPod()]) {
  const ctx = testContext({ objects, execInPod: fakeExec });
  const outcome = await podExecChecker.run(podExecChecker.params.parse({ namespace: 'app', pod: 'sec', ...params }), ctx);
  return { outcome, calls: ctx.calls.execInPod };
}

describe('pod-exec params', () => {
  it.each([
    [{ namespace: 'app', command: ['id'] }, /exactly one of pod or selector/],
    [{ pod: 'a', selector: 'x=y', command: ['id'] }, /exactly one of pod or selector/],
    [{ pod: 'a', command: [] }, /too_small|>=1|at least/i],
    [{ pod: 'a', command: 'id -u' }, /array/],
    [{ pod: 'a', command: ['id'], stdoutEquals: '1', stdoutContains: '1' }, /at most one of/],
    [{ pod: 'a', command: ['id'], stdoutMatches: '(' }, /regular expression/],
    [{ pod: 'a', command: ['id'], exitCode: 256 }, /256|too_big|<=255/],
  ])('given %o, when validated, then it is refused', (params, message) => {
    const result = podExecChecker.params.safeParse(params);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('pod-exec', () => {
  it('given the right user in a named container, then it passes and the command ran there as argv', async () => {
    const { outcome, calls } = await grade({ container: 'c1', command: ['id', '-u'], stdoutEquals: '2000' });
    expect(outcome).toEqual({ status: 'passed', evidence: '`id -u` in pod sec in namespace app (container c1): exit 0, "2000"' });
    expect(calls).toEqual([{ namespace: 'app', pod: 'sec', container: 'c1', command: ['id', '-u'], timeoutMs: 15_000 }]);
  });

  it('given a wrong output, then it fails with the output; the summary names neither the command nor the expected value', async () => {
    const { outcome } = await grade({ container: 'c2', command: ['id', '-u'], stdoutEquals: '2000' });
    expect(outcome).toEqual({
      status: 'failed',
      expected: '`id -u` in pod sec in namespace app (container c2): exit 0, output "2000"',
      actual: 'output "1000"',
      summary: 'in pod sec in namespace app (container c2), the check command gave output "1000": not what the task asks',
    });
  });

  it('given no container named, then kubectl exec picks the default-container annotation, else the first', async () => {
    expect((await grade({ command: ['id', '-u'], stdoutEquals: '2000' })).outcome.status).toBe('passed');
    const annotated = secPod({ annotations: { 'kubectl.kubernetes.io/default-container': 'c2' } });
    // The fake answers by the container it is asked for; the checker passes none, as kubectl would pick c2.
    const { outcome, calls } = await grade({ command: ['id', '-u'], exitCode: 0 }, [annotated]);
    expect(outcome).toMatchObject({ status: 'passed', evidence: expect.stringContaining('(container c2)') });
    expect(calls[0]?.container).toBeUndefined();
  });

  it('given an expected failure (read-only filesystem), then exit 1 passes and exit 0 fails with stderr', async () => {
    expect((await grade({ command: ['touch', '/usr/share/nginx/html/x'], exitCode: 1 })).outcome.status).toBe('passed');
    const { outcome } = await grade({ command: ['touch', '/usr/share/nginx/html/x'] });
    expect(outcome).toMatchObject({
      status: 'failed',
      // kubectl's "command terminated" line is dropped: the command's own stderr explains.
      actual: 'exit 1; stderr "touch: /usr/share/nginx/html/x: Read-only file system"',
    });
  });

  it('given a missing binary, then exit 127 does not pass an expected exit 1', async () => {
    const { outcome } = await grade({ command: ['nope'], exitCode: 1 });
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^exit 127; stderr "exec: "nope": executable file not found/) });
  });

  it('given stdoutContains and stdoutMatches, then they compare the trimmed output', async () => {
    expect((await grade({ command: ['nslookup', 'web'], stdoutContains: 'web.app.svc.cluster.local' })).outcome.status).toBe('passed');
    expect((await grade({ command: ['nslookup', 'web'], stdoutMatches: 'Address: 10\\.96\\.12\\.7$' })).outcome.status).toBe('passed');
    expect((await grade({ command: ['nslookup', 'web'], stdoutMatches: '^Address' })).outcome.status).toBe('failed');
  });

  it('given a selector, then the Running pod it matches is used', async () => {
    const pending = { ...secPod({ phase: 'Pending' }), metadata: { name: 'aaa-pending', namespace: 'app', labels: { app: 'sec' } } };
    const { outcome, calls } = await grade({ pod: undefined, selector: 'app=sec', container: 'c1', command: ['id', '-u'], stdoutEquals: '2000' }, [pending, secPod()]);
    expect(outcome.status).toBe('passed');
    expect(calls[0]?.pod).toBe('sec');
  });

  it('given a pod that is not Running, a missing container or a crashing one, then it fails saying so and runs nothing', async () => {
    const notRunning = await grade({ command: ['id', '-u'] }, [secPod({ phase: 'Pending' })]);
    expect(notRunning.outcome).toMatchObject({ status: 'failed', actual: 'pod sec in namespace app is Pending, not Running' });
    const noContainer = await grade({ container: 'c3', command: ['id', '-u'] });
    expect(noContainer.outcome).toMatchObject({ status: 'failed', actual: 'pod sec in namespace app has no container c3 (containers: c1, c2)' });
    const crashing = await grade({ container: 'c2', command: ['id', '-u'] }, [secPod({ c2State: { waiting: { reason: 'CrashLoopBackOff' } } })]);
    expect(crashing.outcome).toMatchObject({ status: 'failed', actual: 'pod sec in namespace app container c2 is not running (CrashLoopBackOff)' });
    expect([...notRunning.calls, ...noContainer.calls, ...crashing.calls]).toEqual([]);
  });

  it('given a native sidecar, then it can be exec\'d into by name', async () => {
    const { outcome } = await grade({ container: 'proxy', command: ['nslookup', 'web'], stdoutContains: 'Address' }, [secPod({ sidecar: true })]);
    expect(outcome.status).toBe('passed');
  });

  it('given no such pod, then it fails pointing to where the name exists', async () => {
    const elsewhere = { ...secPod(), metadata: { name: 'sec', namespace: 'default' } };
    const { outcome } = await grade({ command: ['id'] }, [elsewhere]);
    expect(outcome).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^no pod sec in namespace app.*namespace default/) });
  });
});
