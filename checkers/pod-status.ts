import { z } from 'zod';
import { defineChecker, failed, isReady, passed } from '../src/models/index.js';
import type { Checker, Cluster, K8sObject } from '../src/models/index.js';
import { excerpt } from './support/excerpt.js';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

/** How a check names its pod: by name, or the first Running pod a label selector matches. */
export const podSelectorFields = {
  namespace: z.string().min(1).default('default'),
  pod: z.string().min(1).optional(),
  selector: z.string().min(1).optional().describe('label selector, e.g. app=web; the first Running pod is used'),
};
const onePod = (p: { pod?: string; selector?: string }): boolean => (p.pod === undefined) !== (p.selector === undefined);

const params = z
  .strictObject({
    ...podSelectorFields,
    ready: z.boolean().optional(),
    phase: z.enum(PHASES).optional(),
    trigger: z
      .strictObject({ container: z.string().min(1).optional(), command: z.array(z.string()).min(1) })
      .optional()
      .describe('run in the pod before watching restarts, e.g. to break a liveness endpoint'),
    restartsIncrease: z.boolean().optional(),
    withinSeconds: z.number().int().positive().max(600).optional().describe('wait this long for the state; default 60 with restartsIncrease, else no wait'),
  })
  .refine(onePod, { message: 'give exactly one of pod or selector' })
  .refine((p) => p.ready !== undefined || p.phase !== undefined || p.restartsIncrease === true, {
    message: 'give at least one of ready, phase, restartsIncrease',
  });

/** The pod a check is about, or why there is none (naming where else it was seen). */
export type PodLookup = { pod: K8sObject; name: string } | { missing: string };

const podName = (p: K8sObject): string => p.metadata?.name ?? '?';
const phaseOf = (p: K8sObject): string => ((p.status as { phase?: string } | undefined)?.phase ?? 'Unknown');

/** Finds the pod by name, or the first Running pod matching the selector (else the first). */
export async function findPod(cluster: Cluster, q: { namespace: string; pod?: string; selector?: string }): Promise<PodLookup> {
  if (q.pod !== undefined) {
    const pod = await cluster.get({ kind: 'pod', name: q.pod, namespace: q.namespace });
    if (pod) return { pod, name: q.pod };
    const all = await cluster.list('pod');
    const same = all.filter((p) => podName(p) === q.pod).map((p) => `namespace ${p.metadata?.namespace}`);
    const near = all
      .filter((p) => p.metadata?.namespace === q.namespace && podName(p).startsWith(`${q.pod}-`))
      .map((p) => podName(p));
    const seen = [...same, ...near.map((n) => `pod ${n}`)];
    return { missing: `no pod ${q.pod} in namespace ${q.namespace}${seen.length ? ` (found ${seen.slice(0, 3).join(', ')})` : ''}` };
  }
  const selector = q.selector ?? '';
  const pods = await cluster.list('pod', { namespace: q.namespace, labelSelector: selector });
  const chosen = pods.find((p) => phaseOf(p) === 'Running') ?? pods[0];
  if (chosen) return { pod: chosen, name: podName(chosen) };
  const elsewhere = (await cluster.list('pod', { labelSelector: selector })).map((p) => p.metadata?.namespace);
  const where = [...new Set(elsewhere)].slice(0, 3).join(', ');
  return { missing: `no pod matches ${selector} in namespace ${q.namespace}${where ? ` (matches in namespace ${where})` : ''}` };
}

interface ContainerStatus {
  name?: string;
  restartCount?: number;
}
const statuses = (p: K8sObject): ContainerStatus[] =>
  ((p.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? []);

/** Restarts of one container, or of all containers when none is named. */
export function restartCount(pod: K8sObject, container?: string): number {
  return statuses(pod)
    .filter((c) => container === undefined || c.name === container)
    .reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
}

/** Time, injected so polling is testable without real waiting. */
export interface PollClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: PollClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

const POLL_MS = 2000;

type Params = z.infer<typeof params>;

/** How long the check waits for the state (or for restarts): `withinSeconds`, else 60 s for restarts, else no wait. */
const waitSeconds = (p: Params): number => p.withinSeconds ?? (p.restartsIncrease ? 60 : 0);

function stateProblems(pod: K8sObject, p: Params): string[] {
  const problems: string[] = [];
  if (p.phase !== undefined && phaseOf(pod) !== p.phase) problems.push(`phase ${phaseOf(pod)}`);
  if (p.ready !== undefined && isReady(pod) !== p.ready) problems.push(isReady(pod) ? 'Ready' : 'not Ready');
  return problems;
}

/** Builds the checker with a clock; `podStatusChecker` uses real time. */
export function createPodStatusChecker(clock: PollClock = realClock): Checker<typeof params> {
  return defineChecker({
    type: 'pod-status',
    summary: 'a pod is Ready / in a phase, and optionally restarts after a trigger the task defines',
    params,
    needs: ['pod-exec'],
    // The wait, the trigger's exec (30 s at most) and the reads around them.
    timeoutMs: (p) => (waitSeconds(p) + 45) * 1000,
    async run(p, ctx) {
      const found = await findPod(ctx.cluster, p);
      const want = [
        p.phase !== undefined ? `phase ${p.phase}` : undefined,
        p.ready !== undefined ? (p.ready ? 'Ready' : 'not Ready') : undefined,
        p.restartsIncrease ? `restartCount rising${p.trigger ? ' after the trigger' : ''}` : undefined,
      ].filter((x) => x !== undefined);
      const label = p.pod !== undefined ? `pod ${p.pod}` : `a pod matching ${p.selector}`;
      const expected = `${label} in namespace ${p.namespace}: ${want.join(', ')}`;
      if ('missing' in found) return failed(expected, found.missing, { summary: found.missing });
      // The pod's state is the learner's to read; only the check's own trigger stays unnamed.
      const fail = (actual: string, safe = actual): ReturnType<typeof failed> =>
        failed(expected, actual, { summary: safe.replace(`pod ${found.name}`, `pod ${found.name} in namespace ${p.namespace}`) });

      const deadline = clock.now() + waitSeconds(p) * 1000;
      const refetch = async (): Promise<K8sObject | undefined> =>
        ctx.cluster.get({ kind: 'pod', name: found.name, namespace: p.namespace });

      // Phase and readiness first: they describe the pod before anything is triggered.
      let pod: K8sObject | undefined = found.pod;
      let problems = stateProblems(pod, p);
      while (problems.length > 0 && !p.restartsIncrease && clock.now() < deadline && !ctx.signal.aborted) {
        await clock.sleep(Math.min(POLL_MS, deadline - clock.now()), ctx.signal);
        pod = await refetch();
        if (!pod) return fail(`pod ${found.name} disappeared while waiting`);
        problems = stateProblems(pod, p);
      }
      if (problems.length > 0) return fail(`pod ${found.name}: ${problems.join(', ')}`);
      const state = [phaseOf(pod), isReady(pod) ? 'Ready' : 'not Ready'].join(', ');
      if (!p.restartsIncrease) return passed(`pod ${found.name} in ${p.namespace}: ${state}`);

      const container = p.trigger?.container;
      const before = restartCount(pod, container);
      const started = clock.now();
      if (p.trigger) {
        const r = await ctx.cluster.execInPod({
          namespace: p.namespace,
          pod: found.name,
          command: p.trigger.command,
          timeoutMs: 30_000,
          ...(container !== undefined ? { container } : {}),
        });
        if (r.exitCode !== 0) {
          return fail(
            `the trigger \`${p.trigger.command.join(' ')}\` exited ${r.exitCode} in pod ${found.name}: ${excerpt(r.stderr || r.stdout)}`,
            `the check's trigger failed in pod ${found.name} (exit ${r.exitCode})`,
          );
        }
      }
      const end = Math.max(deadline, started);
      let after = before;
      while (!ctx.signal.aborted) {
        if (after > before) {
          const secs = Math.round((clock.now() - started) / 1000);
          return passed(`pod ${found.name} in ${p.namespace}: ${state}; restartCount ${before} → ${after} within ${secs} s${p.trigger ? ' of the trigger' : ''}`);
        }
        if (clock.now() >= end) break;
        await clock.sleep(Math.min(POLL_MS, end - clock.now()), ctx.signal);
        const now = await refetch();
        if (!now) return fail(`pod ${found.name} disappeared (replaced instead of restarted?)`);
        after = restartCount(now, container);
      }
      if (ctx.signal.aborted) throw new Error('cancelled while waiting for restarts');
      const waited = Math.round((end - started) / 1000);
      return fail(`restartCount stayed at ${before} for ${waited} s${p.trigger ? ' after the trigger' : ''}`, `pod ${found.name}: restartCount stayed at ${before} for ${waited} s${p.trigger ? ' after the check broke it' : ''}`);
    },
  });
}

/** `pod-status` on real time. */
export const podStatusChecker = createPodStatusChecker();
