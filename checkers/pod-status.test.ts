import { describe, expect, it } from 'vitest';
import type { CheckContext, ExecResult, K8sObject, PodExec } from '../src/models/index.js';
import { createPodStatusChecker, type PollClock } from './pod-status.js';

/** A clock whose sleep advances time instantly and lets the test change the world meanwhile. */
function fakeClock(onSleep: (now: number) => void = () => undefined): PollClock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
      onSleep(t);
    },
  };
}

function webPod(over: { restarts?: number; ready?: boolean; phase?: string; ns?: string; name?: string } = {}): K8sObject {
  return {
    kind: 'Pod',
    metadata: { name: over.name ?? 'web', namespace: over.ns ?? 'default', labels: { app: 'web' } },
    status: {
      phase: over.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: over.ready === false ? 'False' : 'True' }],
      containerStatuses: [
        { name: 'web', restartCount: over.restarts ?? 0 },
        { name: 'sidecar', restartCount: 5 },
      ],
    },
  };
}

function context(world: { pods: K8sObject[] }, exec: (q: PodExec) => ExecResult = () => ({ exitCode: 0, stdout: '', stderr: '' }), execs: PodExec[] = []): CheckContext {
  return {
    cluster: {
      get: async (ref) => world.pods.find((p) => p.metadata?.name === ref.name && p.metadata?.namespace === ref.namespace),
      list: async (_kind, opts) =>
        world.pods.filter(
          (p) => (opts?.namespace === undefined || p.metadata?.namespace === opts.namespace) && (!opts?.labelSelector || opts.labelSelector === 'app=web'),
        ),
      canI: async () => false,
      execInPod: async (q) => {
        execs.push(q);
        return exec(q);
      },
      dryRun: async () => Promise.reject(new Error('pod-status must not dry-run')),
    },
    nodes: { exec: async () => ({ exitCode: 1, stdout: '', stderr: '' }), readFile: async () => undefined },
    answers: { readFile: async () => undefined },
    signal: new AbortController().signal,
    offline: false,
    vars: { cluster: 'k', context: 'kind-k', answers: '/a', nodes: { controlplane: 'c', worker1: 'w1', worker2: 'w2' } },
  };
}

const probeTask = {
  namespace: 'default',
  pod: 'web',
  ready: true,
  trigger: { container: 'web', command: ['sh', '-c', 'rm /tmp/healthy'] },
  restartsIncrease: true,
  withinSeconds: 60,
};

describe('pod-status', () => {
  it('Given a Ready Running pod, when ready and phase are asked, then it passes at once without waiting', async () => {
    const clock = fakeClock();
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse({ pod: 'web', ready: true, phase: 'Running' }), context({ pods: [webPod()] }));

    expect(outcome).toEqual({ status: 'passed', evidence: 'pod web in default: Running, Ready' });
    expect(clock.slept).toEqual([]);
  });

  it('Given a pod that becomes Ready after 5 s, when withinSeconds is 30, then it polls and passes', async () => {
    const world = { pods: [webPod({ ready: false })] };
    const clock = fakeClock((t) => {
      if (t >= 1_005_000) world.pods = [webPod()];
    });
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse({ pod: 'web', ready: true, withinSeconds: 30 }), context(world));

    expect(outcome.status).toBe('passed');
    expect(clock.slept).toEqual([2000, 2000, 2000]);
  });

  it('Given a pod that never becomes Ready, then it fails after the deadline saying so', async () => {
    const clock = fakeClock();
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse({ pod: 'web', ready: true, withinSeconds: 5 }), context({ pods: [webPod({ ready: false })] }));

    expect(outcome).toMatchObject({ status: 'failed', actual: 'pod web: not Ready', summary: 'pod web in namespace default: not Ready' });
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('Given the trigger breaks the liveness probe, when the container restarts 14 s later, then it passes with the restart as evidence', async () => {
    const world = { pods: [webPod({ restarts: 0 })] };
    const clock = fakeClock((t) => {
      if (t >= 1_014_000) world.pods = [webPod({ restarts: 1 })];
    });
    const execs: PodExec[] = [];
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse(probeTask), context(world, undefined, execs));

    expect(execs).toEqual([{ namespace: 'default', pod: 'web', container: 'web', command: ['sh', '-c', 'rm /tmp/healthy'], timeoutMs: 30_000 }]);
    expect(outcome).toEqual({ status: 'passed', evidence: 'pod web in default: Running, Ready; restartCount 0 → 1 within 14 s of the trigger' });
  });

  it('Given no liveness probe (nothing restarts), then it fails after withinSeconds, never sleeping past the deadline', async () => {
    const clock = fakeClock();
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse({ ...probeTask, withinSeconds: 7 }), context({ pods: [webPod()] }));

    expect(outcome).toMatchObject({ status: 'failed', actual: 'restartCount stayed at 0 for 7 s after the trigger' });
    expect(clock.slept).toEqual([2000, 2000, 2000, 1000]);
  });

  it('Given the restarts of another container, then they do not count for the trigger\'s container', async () => {
    const world = { pods: [webPod()] };
    const clock = fakeClock(() => {
      const p = webPod();
      (p.status as { containerStatuses: { name: string; restartCount: number }[] }).containerStatuses[1]!.restartCount = 9;
      world.pods = [p];
    });
    const checker = createPodStatusChecker(clock);

    const outcome = await checker.run(checker.params.parse({ ...probeTask, withinSeconds: 4 }), context(world));

    expect(outcome.status).toBe('failed');
  });

  it('Given the trigger command fails in the container, then it fails with the command\'s error', async () => {
    const checker = createPodStatusChecker(fakeClock());
    const ctx = context({ pods: [webPod()] }, () => ({ exitCode: 126, stdout: '', stderr: 'container not found ("web")' }));

    const outcome = await checker.run(checker.params.parse(probeTask), ctx);

    expect(outcome).toMatchObject({ status: 'failed', actual: 'the trigger `sh -c rm /tmp/healthy` exited 126 in pod web: container not found ("web")' });
    // The check's own trigger is how it tests, not something to show before the solution.
    expect(outcome).toMatchObject({ summary: "the check's trigger failed in pod web in namespace default (exit 126)" });
  });

  it('Given the pod in another namespace, then it fails and says where it is', async () => {
    const checker = createPodStatusChecker(fakeClock());

    const outcome = await checker.run(checker.params.parse({ pod: 'web', ready: true }), context({ pods: [webPod({ ns: 'prod' })] }));

    expect(outcome).toMatchObject({ status: 'failed', actual: 'no pod web in namespace default (found namespace prod)' });
  });

  it('Given a selector, then the first Running pod is graded', async () => {
    const checker = createPodStatusChecker(fakeClock());
    const pods = [webPod({ name: 'web-1', phase: 'Pending', ready: false }), webPod({ name: 'web-2' })];

    const outcome = await checker.run(checker.params.parse({ selector: 'app=web', phase: 'Running', ready: true }), context({ pods }));

    expect(outcome).toEqual({ status: 'passed', evidence: 'pod web-2 in default: Running, Ready' });
  });

  it('Given neither pod nor selector, or nothing to check, then the params are rejected', () => {
    const checker = createPodStatusChecker(fakeClock());
    expect(checker.params.safeParse({ ready: true }).success).toBe(false);
    expect(checker.params.safeParse({ pod: 'web' }).success).toBe(false);
  });
});
