import { z } from 'zod';
import type { Checker, CheckContext, Outcome } from '../../src/models/index.js';
import { isClusterDown, unsupported } from '../../src/models/index.js';

/** How long a `live: true` check waits for its state by default. */
export const DEFAULT_LIVE_SECONDS = 30;
/** Pause between attempts: controllers act within seconds, and each attempt costs a request per kind. */
export const POLL_INTERVAL_MS = 2_000;
/** The last attempt itself needs time after the deadline (a slow API answer). */
const LAST_ATTEMPT_MS = 20_000;

/**
 * The params a `pollable` checker gains. `live: true` marks state that only a live cluster
 * produces — a controller (a CSR's certificate, a PVC bound, a Job succeeded, a revision
 * annotation) or admission (defaults a plugin fills in): offline the check is `unsupported`
 * rather than failed, and live it is tried until it passes or `withinSeconds` run out.
 */
const LIVE_SHAPE = {
  live: z
    .boolean()
    .default(false)
    .describe('state that controllers or admission create: unsupported offline, polled until it holds live'),
  withinSeconds: z
    .number()
    .positive()
    .max(600)
    .optional()
    .describe(`with live: true, how long to wait for the state (default ${DEFAULT_LIVE_SECONDS})`),
};

interface LiveParams {
  live: boolean;
  withinSeconds?: number | undefined;
}

/** Sleeps `ms`, or rejects with the signal's reason when the check is cancelled or times out. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * Runs `attempt` until it passes or `withinMs` run out, and returns the last outcome. A failure is
 * retried (the controller may not have acted yet), and so is an API server that did not answer (a
 * restarting control plane); an `error` or `unsupported` outcome is returned at once, since
 * waiting cannot change it. The evidence says how long it took or waited.
 */
export async function pollUntilPassed(
  attempt: () => Promise<Outcome>,
  withinMs: number,
  signal: AbortSignal,
  opts: { intervalMs?: number; now?: () => number } = {},
): Promise<Outcome> {
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? POLL_INTERVAL_MS;
  const started = now();
  const deadline = started + withinMs;
  for (let tries = 1; ; tries++) {
    let outcome: Outcome | undefined;
    let down: unknown;
    try {
      outcome = await attempt();
    } catch (error) {
      if (!isClusterDown(error)) throw error;
      down = error;
    }
    if (outcome?.status === 'passed') {
      const waited = tries > 1 ? ` (after ${seconds(now() - started)})` : '';
      return waited === '' ? outcome : { status: 'passed', evidence: `${outcome.evidence ?? 'passed'}${waited}` };
    }
    if (outcome && outcome.status !== 'failed') return outcome;
    const left = deadline - now();
    if (left <= 0) {
      // Not failed and not passed: the API server did not answer, which the engine reports as such.
      if (outcome?.status !== 'failed') throw down;
      const waited = ` (still so after waiting ${seconds(withinMs)})`;
      return { ...outcome, actual: `${outcome.actual}${waited}`, ...(outcome.summary !== undefined ? { summary: `${outcome.summary}${waited}` } : {}) };
    }
    await pause(Math.min(interval, left), signal);
  }
}

/**
 * Gives a checker the `live` and `withinSeconds` params (the README, `live: true`). Without
 * `live` the checker behaves exactly as before. One wrapper for every checker that reads objects,
 * so polling, the offline answer and the deadline are the same everywhere.
 */
export function pollable<P extends z.ZodObject>(checker: Checker<P>): Checker {
  const params = checker.params
    .safeExtend(LIVE_SHAPE)
    .refine((p) => (p as unknown as LiveParams).withinSeconds === undefined || (p as unknown as LiveParams).live, { message: 'withinSeconds needs live: true', path: ['withinSeconds'] });
  const inner = (p: LiveParams): z.infer<P> => {
    const { live: _live, withinSeconds: _within, ...rest } = p as LiveParams & Record<string, unknown>;
    return rest as z.infer<P>;
  };
  const withinMs = (p: LiveParams): number => (p.withinSeconds ?? DEFAULT_LIVE_SECONDS) * 1000;
  return {
    type: checker.type,
    summary: `${checker.summary}; live: true polls for state controllers create`,
    params: params as unknown as z.ZodObject,
    needs: checker.needs,
    ...(checker.needsFor ? { needsFor: (p: unknown) => checker.needsFor?.(inner(p as LiveParams)) ?? checker.needs } : {}),
    ...(checker.modelsOffline !== undefined ? { modelsOffline: checker.modelsOffline } : {}),
    timeoutMs(p: unknown): number {
      const live = p as LiveParams;
      const own = checker.timeoutMs?.(inner(live)) ?? 0;
      return live.live ? Math.max(own, withinMs(live) + LAST_ATTEMPT_MS) : own;
    },
    async run(p: unknown, ctx: CheckContext): Promise<Outcome> {
      const live = p as LiveParams;
      if (!live.live) return checker.run(inner(live), ctx);
      if (ctx.offline) {
        return unsupported('live: true — this state is made by controllers or admission on a live cluster; an offline workspace has neither');
      }
      return pollUntilPassed(() => checker.run(inner(live), ctx), withinMs(live), ctx.signal);
    },
  };
}
