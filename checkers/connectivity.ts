import { z } from 'zod';
import { defineChecker, errored, failed, passed, unsupported } from '../src/models/index.js';
import type { CheckContext, K8sObject, Outcome } from '../src/models/index.js';
import { excerpt } from './support/excerpt.js';
import { findPod, podSelectorFields } from './pod-status.js';
import { modelConnectivity } from './support/connectivity-model.js';
import { SelectorError } from '../src/models/label-selector.js';

const port = z.number().int().min(1).max(65535);

const params = z.strictObject({
  from: z
    .strictObject({ namespace: podSelectorFields.namespace, pod: podSelectorFields.pod, selector: podSelectorFields.selector })
    .refine((f) => (f.pod === undefined) !== (f.selector === undefined), { message: 'give exactly one of pod or selector' }),
  to: z
    .strictObject({
      namespace: z.string().min(1).optional().describe('defaults to from.namespace'),
      pod: z.string().min(1).optional(),
      service: z.string().min(1).optional(),
      host: z.string().min(1).optional(),
      port,
    })
    .refine((t) => [t.pod, t.service, t.host].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of pod, service or host',
    }),
  expect: z.enum(['allowed', 'blocked']),
  timeoutSeconds: z.number().int().min(1).max(30).default(3),
});

/**
 * Runs in the source container with `sh -c SCRIPT probe HOST PORT TIMEOUT`. It uses the first
 * client the image has — `nc -z -w` (busybox, netcat), bash's `/dev/tcp` under `timeout`,
 * `wget -T` (verbose: its errors are the evidence) — and prints `@probe TOOL RC ELAPSED UNIT`,
 * then the tool's message. Elapsed is in ms where `date +%s%N` works, else in seconds: a
 * refusal comes back at once, a drop only at the timeout.
 */
export const PROBE_SCRIPT = String.raw`h="$1"; p="$2"; t="$3"
d=$(date +%s%N 2>/dev/null); case "$d" in ''|*[!0-9]*) unit=s ;; *) unit=ms ;; esac
now() { if [ "$unit" = ms ]; then d=$(date +%s%N); echo $((d / 1000000)); else date +%s; fi; }
s=$(now)
if command -v nc >/dev/null 2>&1; then tool=nc; msg=$(nc -z -w "$t" "$h" "$p" </dev/null 2>&1); rc=$?
elif command -v bash >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then tool=bash; msg=$(timeout "$t" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$h" "$p" 2>&1); rc=$?
elif command -v wget >/dev/null 2>&1; then tool=wget; case "$h" in *:*) u="[$h]";; *) u="$h";; esac
  # GNU wget retries a timeout 20 times unless told -t 1; busybox wget has no -t.
  if wget --version 2>/dev/null | grep -q GNU; then once="-t 1"; else once=; fi
  msg=$(wget $once -T "$t" -O /dev/null "http://$u:$p/" 2>&1); rc=$?
else echo "@probe none 0 0 s"; exit 0; fi
e=$(( $(now) - s ))
echo "@probe $tool $rc $e $unit"
printf '%s\n' "$msg"`;

/**
 * A failed connection check. What happened to the connection (and, modelled, which policy decided
 * it) is the learner's own cluster, and the refused-is-not-blocked hint teaches without answering:
 * both are safe before the solution.
 */
function miss(expected: string, actual: string, opts: { verdict?: boolean; hint?: string } = {}): Outcome {
  const said = opts.verdict ? `${actual} — not what the task asks` : actual;
  return failed(expected, actual, { hint: opts.hint, summary: opts.hint ? `${said}. ${opts.hint}` : said });
}

export type ProbeVerdict = 'connected' | 'refused' | 'timeout' | 'unreachable';

/** What a probe's output says happened to the connection. */
export interface ProbeResult {
  verdict: ProbeVerdict;
  tool: string;
  elapsedMs: number;
  /** Whether elapsed is precise to the millisecond (else whole seconds). */
  precise: boolean;
  message: string;
}

/**
 * Classifies a probe. Decision: `refused` (a TCP reset or ICMP port-unreachable, fast) means the
 * packets reached the target, so nothing dropped them; NetworkPolicy implementations on kind
 * (kindnet's kube-network-policies, Calico) drop denied packets, which shows as a timeout.
 * `unreachable` (no route, ICMP host/admin-prohibited, bad address) is counted as blocked: a
 * rejecting policy implementation answers that way. wget connects before it speaks HTTP, so any
 * HTTP-level error means the TCP connection was made.
 */
export function classifyProbe(stdout: string, timeoutSeconds: number): ProbeResult | undefined {
  const lines = stdout.split('\n');
  const idx = lines.findIndex((l) => l.startsWith('@probe '));
  const head = /^@probe (\S+) (\d+) (-?\d+) (ms|s)$/.exec(lines[idx] ?? '');
  if (!head) return undefined;
  const [, tool, rcText, elapsedText, unit] = head as unknown as [string, string, string, string, string];
  const rc = Number(rcText);
  const elapsedMs = unit === 'ms' ? Number(elapsedText) : Number(elapsedText) * 1000;
  const message = lines.slice(idx + 1).join('\n').trim();
  const base = { tool, elapsedMs, precise: unit === 'ms', message };
  const text = message.toLowerCase();
  if (rc === 0) return { ...base, verdict: 'connected' };
  if (tool === 'wget' && /server returned error|bad header|error getting response|http\/|connection reset|unexpected eof|\.\.\. connected\.|no data received|read error/.test(text)) {
    return { ...base, verdict: 'connected' };
  }
  if (text.includes('refused')) return { ...base, verdict: 'refused' };
  if (/timed out|timeout/.test(text) || (tool === 'bash' && rc === 124)) return { ...base, verdict: 'timeout' };
  if (/unreachable|no route|bad address|name or service not known|unknown host|prohibited/.test(text)) {
    return { ...base, verdict: 'unreachable' };
  }
  // No telling message: a failure that took the whole timeout is a drop, a quick one is not.
  const tookTimeout = elapsedMs >= timeoutSeconds * 1000 - (unit === 'ms' ? 250 : 0);
  return { ...base, verdict: tookTimeout ? 'timeout' : 'unreachable' };
}

type Params = z.infer<typeof params>;

/** The address to dial and how to name it in evidence, or why the target cannot be found. */
async function resolveTarget(p: Params, ctx: CheckContext): Promise<{ host: string; label: string } | { missing: string }> {
  const ns = p.to.namespace ?? p.from.namespace;
  if (p.to.host !== undefined) return { host: p.to.host, label: `${p.to.host}:${p.to.port}` };
  if (p.to.service !== undefined) {
    const svc = await ctx.cluster.get({ kind: 'service', name: p.to.service, namespace: ns });
    if (!svc) return { missing: `no service ${p.to.service} in namespace ${ns}` };
    const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (!ip || ip === 'None') return { missing: `service ${p.to.service} in namespace ${ns} has no cluster IP (headless?)` };
    return { host: ip, label: `${p.to.service}.${ns}:${p.to.port}` };
  }
  const name = p.to.pod ?? '';
  const pod: K8sObject | undefined = await ctx.cluster.get({ kind: 'pod', name, namespace: ns });
  if (!pod) return { missing: `no pod ${name} in namespace ${ns}` };
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
  if (!ip) return { missing: `pod ${name} in namespace ${ns} has no IP yet` };
  return { host: ip, label: `${ns}/${name} (${ip}):${p.to.port}` };
}

function describe(r: ProbeResult, timeoutSeconds: number): string {
  const took = r.precise ? `${r.elapsedMs} ms` : r.elapsedMs < 1000 ? 'under 1 s' : `${r.elapsedMs / 1000} s`;
  const why = r.message ? ` (${r.tool}: ${excerpt(r.message, 100)})` : ` (${r.tool})`;
  switch (r.verdict) {
    case 'connected':
      return `connected in ${took}`;
    case 'timeout':
      return `timed out after ${timeoutSeconds} s`;
    case 'refused':
      return `connection refused in ${took}: the packets reached it, but nothing listens on that port${why}`;
    case 'unreachable':
      return `failed in ${took}${why}`;
  }
}

/**
 * Offline: no probe can run, so the connection is decided from the NetworkPolicy objects
 * (support/netpol-model.ts), addressing the target as the live probe does.
 */
async function runModelled(p: Params, ctx: CheckContext): Promise<Outcome> {
  const fromLabel = p.from.pod !== undefined ? `${p.from.namespace}/${p.from.pod}` : `${p.from.namespace}/${p.from.selector}`;
  const ns = p.to.namespace ?? p.from.namespace;
  const toLabel = p.to.pod !== undefined ? `${ns}/${p.to.pod}:${p.to.port}` : p.to.service !== undefined ? `${p.to.service}.${ns}:${p.to.port}` : `${p.to.host}:${p.to.port}`;
  const expected = `from ${fromLabel} to ${toLabel}: ${p.expect === 'allowed' ? 'connects' : 'blocked (no connection)'}`;
  const missingPod = async (q: { namespace: string; pod?: string; selector?: string }): Promise<string> => {
    const found = await findPod(ctx.cluster, q);
    return 'missing' in found ? found.missing : `no pod ${q.pod ?? q.selector} in namespace ${q.namespace}`;
  };
  let result;
  try {
    result = await modelConnectivity(ctx.cluster, { from: p.from, to: p.to }, missingPod);
  } catch (error) {
    // The API server refuses such a policy; in a workspace it is the learner's manifest.
    if (error instanceof SelectorError) return miss(expected, `cannot model: a NetworkPolicy has a selector the API server would reject (${error.message})`);
    throw error;
  }
  switch (result.kind) {
    case 'missing':
      return miss(expected, `cannot test: ${result.text}`);
    case 'unsupported':
      return unsupported(`cannot model this connection offline: ${result.reason}`);
    case 'allowed':
    case 'blocked': {
      const line = `from ${result.source} to ${result.target} → ${result.kind} (modelled): ${result.line}`;
      return result.kind === p.expect ? passed(line) : miss(expected, line, { verdict: true });
    }
    case 'no-connection':
      return miss(expected, `from ${result.source} to ${result.target} → no connection (modelled): ${result.line}`, {
        verdict: true,
        hint: 'A refused connection is not a blocked one: no policy would drop these packets.',
      });
    case 'mixed':
      return miss(expected, `from ${result.source} to ${result.target} → mixed (modelled): ${result.line}`, { verdict: true });
  }
}

/** A new TCP connection from a pod to a pod, service or host: allowed or blocked, as the exam grades policies. */
export const connectivityChecker = defineChecker({
  type: 'connectivity',
  summary: 'a new TCP connection from a pod to a pod, service or host is allowed or blocked',
  params,
  needs: ['pod-exec', 'network-policy'],
  // "allowed" proves reachability, which holds with or without policy enforcement; "blocked" only means something where policies are enforced.
  needsFor: (p) => (p.expect === 'blocked' ? ['pod-exec', 'network-policy'] : ['pod-exec']),
  timeoutMs: (p) => (p.timeoutSeconds + 25) * 1000,
  // Offline the NetworkPolicy objects decide (support/netpol-model.ts) instead of a probe.
  modelsOffline: true,
  async run(p, ctx) {
    if (ctx.offline) return runModelled(p, ctx);
    const source = await findPod(ctx.cluster, p.from);
    const target = await resolveTarget(p, ctx);
    const fromLabel = p.from.pod !== undefined ? `${p.from.namespace}/${p.from.pod}` : `${p.from.namespace}/${p.from.selector}`;
    const toLabel = 'label' in target ? target.label : `${p.to.pod ?? p.to.service ?? p.to.host}:${p.to.port}`;
    const expected = `from ${fromLabel} to ${toLabel}: ${p.expect === 'allowed' ? 'connects' : 'blocked (no connection)'}`;
    if ('missing' in source) return miss(expected, `cannot test: ${source.missing}`);
    if ('missing' in target) return miss(expected, `cannot test: ${target.missing}`);

    const result = await ctx.cluster.execInPod({
      namespace: p.from.namespace,
      pod: source.name,
      command: ['sh', '-c', PROBE_SCRIPT, 'probe', target.host, String(p.to.port), String(p.timeoutSeconds)],
      timeoutMs: (p.timeoutSeconds + 15) * 1000,
    });
    const probe = classifyProbe(result.stdout, p.timeoutSeconds);
    if (!probe) {
      return errored(`could not probe from pod ${source.name}: the container needs sh (exit ${result.exitCode}: ${excerpt(result.stderr || result.stdout)})`);
    }
    if (probe.tool === 'none') {
      return errored(`pod ${source.name} has none of nc, bash+timeout, wget to open a connection with; the task's client pod needs one`);
    }
    const line = `from ${p.from.namespace}/${source.name} to ${target.label} → ${describe(probe, p.timeoutSeconds)}`;
    const ok = p.expect === 'allowed' ? probe.verdict === 'connected' : probe.verdict === 'timeout' || probe.verdict === 'unreachable';
    if (ok) return passed(line);
    const hint = probe.verdict === 'refused' ? 'A refused connection is not a blocked one: no policy dropped these packets.' : undefined;
    return miss(expected, line, { verdict: true, ...(hint ? { hint } : {}) });
  },
});
