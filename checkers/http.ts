import { z } from 'zod';
import { defineChecker, errored, failed, nodeNameSchema, passed, shQuote } from '../src/models/index.js';
import type { CheckContext, ExecResult, Outcome } from '../src/models/index.js';
import { findPod } from './pod-status.js';
import { excerpt } from './support/excerpt.js';
import {
  headerValue,
  HTTP_SCRIPT,
  newBoundary,
  outsideBandChance,
  parseHttpRun,
  replyOf,
  SAMPLING_BUDGET_SECONDS,
  type HttpRun,
  type Reply,
} from './support/http-client.js';
import { regexSchema } from './support/ref.js';

/** A header name as HTTP allows it (a token). */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name');
/** A header value on one line: a line break would smuggle in another header. */
const headerText = z.string().regex(/^[^\r\n]*$/, 'a header value is one line');

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Above this chance of failing a correct split, a ratio check is refused at load. */
const MAX_FALSE_FAIL = 0.001;
const MAX_SAMPLES = 500;

const params = z
  .strictObject({
    from: z
      .strictObject({
        namespace: z.string().min(1).optional().describe('the client pod\'s namespace; default "default"'),
        pod: z.string().min(1).optional(),
        selector: z.string().min(1).optional().describe('label selector; the first Running pod is used'),
        container: z.string().min(1).optional(),
        node: nodeNameSchema.optional().describe('send the request from a node instead (kind nodes have curl)'),
      })
      .refine((f) => [f.pod, f.selector, f.node].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of pod, selector or node' })
      .refine((f) => f.node === undefined || (f.namespace === undefined && f.container === undefined), {
        message: 'a node has no namespace or container: give them only with pod or selector',
      }),
    url: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, 'an http:// or https:// URL')
      .optional()
      .describe('as the client dials it; a Service name resolves from pods only (nodes do not use cluster DNS)'),
    service: z
      .strictObject({
        name: z.string().min(1),
        namespace: z.string().min(1).optional().describe('default: the client pod\'s namespace'),
        port: z.number().int().min(1).max(65535),
        path: z.string().startsWith('/').default('/'),
      })
      .optional()
      .describe('dialled at its cluster IP, which works from pods and nodes alike'),
    host: headerText.min(1).optional().describe('the Host header, e.g. for an Ingress or Gateway rule'),
    headers: z.record(headerName, headerText).optional().describe('extra request headers'),
    method: z.enum(METHODS).default('GET'),
    status: z.number().int().min(100).max(599).optional(),
    body: z
      .strictObject({ contains: z.string().min(1).optional(), matches: regexSchema.optional() })
      .refine((b) => (b.contains === undefined) !== (b.matches === undefined), { message: 'give exactly one of contains or matches' })
      .optional(),
    header: z
      .strictObject({ name: headerName, value: headerText.optional(), matches: regexSchema.optional(), absent: z.literal(true).optional() })
      .refine((h) => [h.value, h.matches, h.absent].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of value, matches or absent' })
      .optional(),
    samples: z.number().int().min(1).max(MAX_SAMPLES).default(1).describe('requests to send; every response must meet status, body and header'),
    ratio: z
      .strictObject({
        matches: regexSchema.describe('a response body matching this counts'),
        between: z
          .tuple([z.number().min(0).max(100), z.number().min(0).max(100)])
          .refine(([min, max]) => min <= max, { message: 'between: [min, max] with min ≤ max' })
          .describe('percent of the samples, inclusive'),
      })
      .optional(),
    timeoutSeconds: z.number().int().min(1).max(30).default(5).describe('per request'),
  })
  .refine((p) => (p.url === undefined) !== (p.service === undefined), { message: 'give exactly one of url or service' })
  .refine((p) => [p.status, p.body, p.header, p.ratio].some((x) => x !== undefined), { message: 'give at least one of status, body, header, ratio' })
  .refine((p) => p.headers === undefined || !Object.keys(p.headers).some((k) => k.toLowerCase() === 'host'), {
    message: 'set the Host header with host, not headers',
    path: ['headers'],
  })
  .superRefine((p, ctx) => {
    if (!p.ratio) return;
    const [min, max] = p.ratio.between;
    const chance = outsideBandChance(p.samples, min, max);
    if (chance <= MAX_FALSE_FAIL) return;
    // A ratio is a sample: too few requests and a correct split misses the band by chance.
    let needed = p.samples;
    while (needed < MAX_SAMPLES && outsideBandChance(needed, min, max) > MAX_FALSE_FAIL) needed++;
    const advice = outsideBandChance(needed, min, max) <= MAX_FALSE_FAIL ? `raise samples to ${needed} or widen the band` : 'widen the band';
    ctx.addIssue({
      code: 'custom',
      path: ['samples'],
      message: `with ${p.samples} samples a correct ${(min + max) / 2} % split falls outside ${min}–${max} % in ${(chance * 100).toFixed(2)} % of runs: ${advice}`,
    });
  });

type Params = z.infer<typeof params>;

/** Where the request goes: the URL the client dials and how messages name it. */
type Target = { url: string; label: string } | { missing: string };

async function resolveTarget(p: Params, ctx: CheckContext): Promise<Target> {
  if (p.url !== undefined) return { url: p.url, label: p.url };
  const s = p.service ?? { name: '', port: 0, path: '/' };
  const ns = s.namespace ?? p.from.namespace ?? 'default';
  const label = `service ${s.name}.${ns}:${s.port}${s.path === '/' ? '' : s.path}`;
  const svc = await ctx.cluster.get({ kind: 'service', name: s.name, namespace: ns });
  if (!svc) return { missing: `no service ${s.name} in namespace ${ns}` };
  const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
  if (!ip || ip === 'None') return { missing: `service ${s.name} in namespace ${ns} has no cluster IP (headless?)` };
  return { url: `http://${ip.includes(':') ? `[${ip}]` : ip}:${s.port}${s.path}`, label };
}

/** The request as the expected text names it: `GET http://… (Host: web.example.com)`. */
const requestLabel = (p: Params, target: string): string => `${p.method} ${target}${p.host !== undefined ? ` (Host: ${p.host})` : ''}`;

function bodyWant(b: NonNullable<Params['body']>): string {
  return b.contains !== undefined ? `body contains "${b.contains}"` : `body matches /${b.matches}/`;
}
function headerWant(h: NonNullable<Params['header']>): string {
  if (h.absent) return `no header ${h.name}`;
  return h.value !== undefined ? `header ${h.name} = ${h.value}` : `header ${h.name} matches /${h.matches}/`;
}

function expectationOf(p: Params): string {
  const parts = [
    p.status !== undefined ? `status ${p.status}` : undefined,
    p.body ? bodyWant(p.body) : undefined,
    p.header ? headerWant(p.header) : undefined,
    p.ratio ? `${p.ratio.between[0]}–${p.ratio.between[1]} % of bodies match /${p.ratio.matches}/` : undefined,
  ].filter((x) => x !== undefined);
  return `${p.samples > 1 ? `${p.samples} responses, each: ` : ''}${parts.join(', ')}`;
}

/** A response as evidence shows it: `404 Not Found, X-Version: v1, body "not here"`. */
function showReply(r: Extract<Reply, { kind: 'response' }>, p: Params): string {
  const head = `${r.status}${r.reason ? ` ${r.reason}` : ''}`;
  const header = p.header ? `, ${p.header.name}: ${headerValue(r.headers, p.header.name) ?? '(absent)'}` : '';
  const body = 'text' in r.body ? `, body ${r.body.text === '' ? '(empty)' : `"${excerpt(r.body.text, 80)}"`}` : '';
  return `${head}${header}${body}`;
}

/** Which of the check's expectations a response misses: the aspects, named without their values. */
function misses(r: Extract<Reply, { kind: 'response' }>, p: Params): { aspect: string; now: string }[] | { unavailable: string } {
  const out: { aspect: string; now: string }[] = [];
  if (p.status !== undefined && r.status !== p.status) out.push({ aspect: 'status', now: `${r.status}${r.reason ? ` ${r.reason}` : ''}` });
  if (p.header) {
    const value = headerValue(r.headers, p.header.name);
    const ok = p.header.absent ? value === undefined : value !== undefined && (p.header.value !== undefined ? value === p.header.value.trim() : new RegExp(p.header.matches ?? '').test(value));
    if (!ok) out.push({ aspect: `header ${p.header.name}`, now: value === undefined ? '(absent)' : `: ${value}` });
  }
  if (p.body) {
    if (!('text' in r.body)) return { unavailable: r.body.unavailable };
    const text = r.body.text;
    const ok = p.body.contains !== undefined ? text.includes(p.body.contains) : new RegExp(p.body.matches ?? '').test(text);
    if (!ok) out.push({ aspect: 'body', now: text === '' ? '(empty)' : `"${excerpt(text, 80)}"` });
  }
  return out;
}

/** A client failure that is kubedrill's or the task's (no TLS in BusyBox wget), not the learner's cluster. */
const CLIENT_FAULT = /ssl_client|not an http or ftp url|https.*not supported|SSL support (?:is )?not|unsupported protocol/i;

/** Grades what the client printed. `source` names the client (`pod default/client`). */
export function gradeRun(run: HttpRun, p: Params, where: { source: string; request: string; safeRequest: string }): Outcome {
  const expected = `${where.request} from ${where.source}: ${expectationOf(p)}`;
  const fail = (actual: string, safe: string): Outcome => failed(expected, actual, { summary: `HTTP ${p.method} from ${where.source} to ${where.safeRequest}: ${safe}` });
  if (run.tool === 'none') return errored(`${where.source} has neither curl nor wget to send the request with; the task's client needs one`);
  if (run.methodUnsupported) return errored(`${where.source} has only BusyBox wget, which sends GET only: a ${p.method} check needs curl or GNU wget there`);

  const replies: Reply[] = run.samples.map((s) => replyOf(s, run.tool));
  const lost = replies.findIndex((r) => r.kind === 'no-response');
  const lostReply = replies[lost];
  if (lostReply && lostReply.kind === 'no-response') {
    if (CLIENT_FAULT.test(lostReply.message)) return errored(`the client in ${where.source} cannot send this request: ${excerpt(lostReply.message)}`);
    const why = lostReply.timedOut ? `timed out after ${p.timeoutSeconds} s` : `failed: ${lostReply.message ? excerpt(lostReply.message, 100) : `${run.tool} exit ${run.samples[lost]?.exitCode}`}`;
    const which = p.samples > 1 ? `request ${lost + 1} of ${p.samples} got no HTTP response` : 'no HTTP response';
    return fail(`${which}: ${why}`, `${which} (${why})`);
  }
  if (run.stop?.kind === 'budget' || run.samples.length < p.samples) {
    if (run.stop?.kind !== 'budget') return errored(`the HTTP client's output in ${where.source} ended after ${run.samples.length} of ${p.samples} requests`);
    const slow = `only ${run.samples.length} of ${p.samples} requests were answered within ${SAMPLING_BUDGET_SECONDS} s`;
    return fail(slow, slow);
  }
  const responses = replies.filter((r): r is Extract<Reply, { kind: 'response' }> => r.kind === 'response');

  // Every response must meet status, body and header; the first one that does not is the evidence.
  let wrong = 0;
  let first: { index: number; aspects: { aspect: string; now: string }[] } | undefined;
  for (const [index, r] of responses.entries()) {
    const m = misses(r, p);
    if (!Array.isArray(m)) return errored(`cannot grade the body from ${where.source}: ${m.unavailable}; use a client pod with curl`);
    if (m.length === 0) continue;
    wrong++;
    first ??= { index, aspects: m };
  }
  const one = responses.length === 1;
  if (first) {
    const shown = first.aspects.map((a) => `${a.aspect}${a.now.startsWith(':') ? '' : ' '}${a.now}`).join(', ');
    const where1 = one ? '' : `${wrong} of ${responses.length} responses miss it; request ${first.index + 1}: `;
    const actual = `${where1}${showReply(responses[first.index] as Extract<Reply, { kind: 'response' }>, p)}`;
    const aspects = first.aspects.map((a) => a.aspect).join(' and ');
    return fail(actual, `${where1}${shown} — the ${aspects} ${first.aspects.length > 1 ? 'are' : 'is'} not what the task asks`);
  }

  let ratioLine = '';
  if (p.ratio) {
    const pattern = new RegExp(p.ratio.matches);
    let matched = 0;
    for (const r of responses) {
      if (!('text' in r.body)) return errored(`cannot count bodies from ${where.source}: ${r.body.unavailable}; use a client pod with curl`);
      if (pattern.test(r.body.text)) matched++;
    }
    const n = responses.length;
    const percent = Math.round((matched / n) * 1000) / 10;
    ratioLine = `${matched} of ${n} bodies match (${percent} %)`;
    const [min, max] = p.ratio.between;
    if (matched * 100 < min * n || matched * 100 > max * n) {
      return fail(ratioLine, `${matched} of ${n} response bodies match the check's pattern (${percent} %): not the share the task asks`);
    }
  }
  const [sample] = responses;
  const seen = one && sample ? showReply(sample, p) : `${responses.length} responses, all ${[...new Set(responses.map((r) => r.status))].join('/')}`;
  return passed(`${where.request} from ${where.source} (${run.tool}): ${seen}${ratioLine ? `; ${ratioLine}` : ''}`);
}

/** How long the client may run: one request, or the sampling budget plus the last request. */
const runSeconds = (p: Params): number => (p.samples === 1 ? p.timeoutSeconds : SAMPLING_BUDGET_SECONDS + p.timeoutSeconds) + 15;

/** The script's arguments after `sh -c SCRIPT http`. */
function scriptArgs(p: Params, boundary: string, url: string): string[] {
  const headers = [...(p.host !== undefined ? [`Host: ${p.host}`] : []), ...Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return [boundary, p.method, url, String(p.timeoutSeconds), String(p.samples), String(SAMPLING_BUDGET_SECONDS), ...headers];
}

/**
 * An HTTP request (or `samples` of them) from a client pod or a node: the status, a header and
 * the body of every response, and for weighted routes the share of bodies that match.
 */
export const httpChecker = defineChecker({
  type: 'http',
  summary: 'HTTP request(s) from a client pod or a node: status, body, a header; share of matching bodies for weighted routes',
  params,
  needs: ['pod-exec'],
  needsFor: (p) => (p.from.node !== undefined ? ['node-shell'] : ['pod-exec']),
  timeoutMs: (p) => (runSeconds(p) + 15) * 1000,
  async run(p, ctx) {
    const from = p.from;
    const namespace = from.namespace ?? 'default';
    const nodeName = from.node !== undefined ? ctx.vars.nodes[from.node] : undefined;
    const source = from.node !== undefined ? `node ${from.node} (${nodeName})` : from.pod !== undefined ? `pod ${namespace}/${from.pod}` : `a pod matching ${from.selector} in ${namespace}`;
    const target = await resolveTarget(p, ctx);
    const shownTarget = 'label' in target ? target.label : p.service ? `service ${p.service.name}` : (p.url ?? '');
    const request = requestLabel(p, shownTarget);
    if ('missing' in target) return failed(`${request} from ${source}: ${expectationOf(p)}`, `cannot test: ${target.missing}`, { summary: `cannot test: ${target.missing}` });

    const boundary = newBoundary();
    const args = scriptArgs(p, boundary, target.url);
    const timeoutMs = runSeconds(p) * 1000;
    let result: ExecResult;
    let client: string;
    if (from.node !== undefined) {
      client = source;
      // The script arrives on the shell's stdin: the client must not read it.
      result = await ctx.nodes.exec(from.node, `sh -c ${shQuote(HTTP_SCRIPT)} http ${args.map(shQuote).join(' ')} </dev/null`, { timeoutMs });
    } else {
      const found = await findPod(ctx.cluster, { namespace, ...(from.pod !== undefined ? { pod: from.pod } : {}), ...(from.selector !== undefined ? { selector: from.selector } : {}) });
      if ('missing' in found) return failed(`${request} from ${source}: ${expectationOf(p)}`, `cannot test: ${found.missing}`, { summary: `cannot test: ${found.missing}` });
      client = `pod ${namespace}/${found.name}`;
      const phase = (found.pod.status as { phase?: string } | undefined)?.phase ?? 'Unknown';
      if (phase !== 'Running') {
        const down = `cannot test: the client ${client} is ${phase}, not Running`;
        return failed(`${request} from ${client}: ${expectationOf(p)}`, down, { summary: down });
      }
      result = await ctx.cluster.execInPod({
        namespace,
        pod: found.name,
        ...(from.container !== undefined ? { container: from.container } : {}),
        command: ['sh', '-c', HTTP_SCRIPT, 'http', ...args],
        timeoutMs,
      });
    }
    const run = parseHttpRun(result.stdout, boundary);
    if (!run) return errored(`could not run the HTTP client in ${client}: it needs sh (exit ${result.exitCode}: ${excerpt(result.stderr || result.stdout)})`);
    const safeRequest = `${p.service ? shownTarget : p.url}${p.host !== undefined ? ` (Host: ${p.host})` : ''}`;
    return gradeRun(run, p, { source: client, request, safeRequest });
  },
});
