/**
 * The `http` check's client: one shell script that sends N requests with whichever HTTP client
 * the pod or node has, and the parser of what it prints. Facts it relies on, seen with curl 7.88,
 * GNU Wget 1.21 and BusyBox 1.35 wget (samples in http-client.test.ts):
 *
 * - curl `-sS -D /dev/stderr` writes the response head (status line, headers, a blank line; CRLF)
 *   to stderr and the body to stdout, whatever the status; it follows no redirect. An error is
 *   one line, `curl: (7) Failed to connect …`, exit 6/7/28…; 4xx/5xx still exit 0.
 * - wget `-S -O-` writes the head indented by two spaces to stderr and the body to stdout (GNU
 *   wget with `-nv`, so its errors still show: `failed: Connection refused.`, exit 4). GNU wget
 *   with `--content-on-error --max-redirect=0` prints the body of an error response and stops
 *   at a redirect (exit 8). BusyBox wget has neither: on 4xx/5xx it prints only the status
 *   line and `wget: server returned error: HTTP/1.1 404 Not Found` (no body, exit 1), and it
 *   follows redirects, printing one head per response. Its `-T` exists only in some builds
 *   (Debian's 1.35 lacks it and crashes on it); without it wget runs under `timeout`, whose
 *   BusyBox watcher holds the output open for up to a second, so only then.
 * - A kind node has curl; busybox images have wget; the nginx (Debian) image has curl.
 *
 * The script keeps each body byte for byte: the client writes the body straight to stdout while
 * the shell captures its stderr (`2>&1 1>&3`), then the captured head follows after a marker.
 * Markers start with a random boundary, so no body can fake one.
 */
import { randomBytes } from 'node:crypto';

/** A fresh boundary for one run: `@@kubedrill-` and 12 hex digits. */
export const newBoundary = (): string => `@@kubedrill-${randomBytes(6).toString('hex')}`;

/** How long a run keeps starting new requests, in seconds; the last one may add its own timeout. */
export const SAMPLING_BUDGET_SECONDS = 60;

/**
 * Run as `sh -c HTTP_SCRIPT http BOUNDARY METHOD URL TIMEOUT SAMPLES BUDGET [HEADER…]`, a header
 * being `Name: value`. Prints `B tool T`, then per request `B begin I`, the body, `\nB end I RC`,
 * the client's stderr (the head and any error) and `B done I`. It stops early after a request
 * that got no HTTP response (`B stop I`) or when the budget is spent (`B budget I`), and prints
 * `B method-unsupported` when the client cannot send the method, `B tool none` without a client.
 */
export const HTTP_SCRIPT = String.raw`B="$1"; m="$2"; u="$3"; t="$4"; n="$5"; budget="$6"; shift 6
if command -v curl >/dev/null 2>&1; then tool=curl; flag=-H
elif command -v wget >/dev/null 2>&1; then flag=--header
  if wget --version 2>/dev/null | grep -q GNU; then tool=wget-gnu; else tool=wget-busybox; fi
else echo "$B tool none"; exit 0; fi
echo "$B tool $tool"
if [ "$tool" = wget-busybox ] && [ "$m" != GET ]; then echo "$B method-unsupported"; exit 0; fi
c=$#; i=0
while [ "$i" -lt "$c" ]; do h="$1"; shift; set -- "$@" "$flag" "$h"; i=$((i + 1)); done
wrap=; bbt=
if [ "$tool" = wget-busybox ]; then
  if wget --help 2>&1 | grep -q -- '-T SEC'; then bbt="-T $t"
  elif command -v timeout >/dev/null 2>&1; then wrap="timeout $((t + 1))"; fi
fi
req() {
  case "$tool" in
  curl)
    case "$m" in
    GET) curl -sS -k --noproxy '*' --connect-timeout "$t" --max-time "$t" -D /dev/stderr "$@" "$u" ;;
    HEAD) curl -sS -k --noproxy '*' --connect-timeout "$t" --max-time "$t" -D /dev/stderr -o /dev/null --head "$@" "$u" ;;
    *) curl -sS -k --noproxy '*' --connect-timeout "$t" --max-time "$t" -D /dev/stderr -X "$m" "$@" "$u" ;;
    esac ;;
  wget-gnu) wget -nv -S -O- --no-proxy --no-check-certificate --content-on-error --max-redirect=0 -t 1 -T "$t" --method="$m" "$@" "$u" ;;
  wget-busybox) $wrap wget -q -S -O- -Y off $bbt "$@" "$u" ;;
  esac
}
exec 3>&1
start=$(date +%s)
i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  echo "$B begin $i"
  err=$(req "$@" </dev/null 2>&1 1>&3); rc=$?
  printf '\n%s end %s %s\n' "$B" "$i" "$rc"
  printf '%s\n' "$err"
  echo "$B done $i"
  case "$err" in *HTTP/*) ;; *) echo "$B stop $i"; break ;; esac
  if [ "$i" -lt "$n" ] && [ $(($(date +%s) - start)) -ge "$budget" ]; then echo "$B budget $i"; break; fi
done`;

/** One HTTP response head: `HTTP/1.1 404 Not Found` and its headers in order. */
export interface ResponseHead {
  status: number;
  reason: string;
  headers: [name: string, value: string][];
}

/** What one request got. */
export interface HttpSample {
  index: number;
  /** The client's exit code. */
  exitCode: number;
  /** Every head the client printed: 1xx interim ones, then the response, then any it followed. */
  heads: ResponseHead[];
  /** The body the client wrote, exactly. */
  body: string;
  /** The client's own lines (errors such as `curl: (7) Failed to connect …`), trimmed. */
  message: string;
}

export type HttpTool = 'curl' | 'wget-gnu' | 'wget-busybox' | 'none';

/** Why sampling ended before all requests were sent. */
export type EarlyStop = { kind: 'no-response'; at: number } | { kind: 'budget'; at: number };

export interface HttpRun {
  tool: HttpTool;
  /** The client has no way to send the method (BusyBox wget sends only GET). */
  methodUnsupported: boolean;
  samples: HttpSample[];
  stop?: EarlyStop;
}

const STATUS_LINE = /^(\s*)HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/;
const HEADER_LINE = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*)$/;

/**
 * Splits a client's stderr into response heads and its own messages. A head starts at a status
 * line; its headers are the following lines indented as the status line is (wget indents by two
 * spaces, curl not at all), up to a blank line. So `wget: server returned error: HTTP/1.1 404`
 * right after BusyBox's indented status line is a message, not a header named `wget`.
 */
export function parseHeads(stderr: string): { heads: ResponseHead[]; message: string } {
  const heads: ResponseHead[] = [];
  const messages: string[] = [];
  let open: { head: ResponseHead; indent: string } | undefined;
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const status = STATUS_LINE.exec(line);
    if (status) {
      const head: ResponseHead = { status: Number(status[2]), reason: (status[3] ?? '').trim(), headers: [] };
      heads.push(head);
      open = { head, indent: status[1] ?? '' };
      continue;
    }
    if (line.trim() === '') {
      open = undefined;
      continue;
    }
    const header = open ? HEADER_LINE.exec(line) : null;
    if (open && header && header[1] === open.indent) {
      open.head.headers.push([header[2] ?? '', (header[3] ?? '').trim()]);
      continue;
    }
    open = undefined;
    messages.push(line.trim());
  }
  return { heads, message: messages.join('\n') };
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads HTTP_SCRIPT's output; undefined when it is not there at all (no `sh`, exec failed). */
export function parseHttpRun(stdout: string, boundary: string): HttpRun | undefined {
  const b = escapeRegex(boundary);
  const tool = new RegExp(`^${b} tool (curl|wget-gnu|wget-busybox|none)$`, 'm').exec(stdout);
  if (!tool) return undefined;
  const run: HttpRun = { tool: tool[1] as HttpTool, methodUnsupported: new RegExp(`^${b} method-unsupported$`, 'm').test(stdout), samples: [] };
  // The body sits between `begin I\n` and `\nend I RC\n` (the script adds that newline itself).
  const sample = new RegExp(`^${b} begin (\\d+)\\n([\\s\\S]*?)\\n${b} end \\1 (\\d+)\\n([\\s\\S]*?)^${b} done \\1$`, 'gm');
  for (const m of stdout.matchAll(sample)) {
    const { heads, message } = parseHeads(m[4] ?? '');
    run.samples.push({ index: Number(m[1]), exitCode: Number(m[3]), heads, body: m[2] ?? '', message });
  }
  const stop = new RegExp(`^${b} (stop|budget) (\\d+)$`, 'm').exec(stdout);
  if (stop) run.stop = { kind: stop[1] === 'stop' ? 'no-response' : 'budget', at: Number(stop[2]) };
  return run;
}

/** One request's outcome as the check grades it. */
export type Reply =
  | {
      kind: 'response';
      status: number;
      reason: string;
      headers: [string, string][];
      /** The response's body, or why the client could not show it. */
      body: { text: string } | { unavailable: string };
      /** The client followed a redirect (BusyBox wget): later heads are other responses. */
      followed: boolean;
    }
  | { kind: 'no-response'; timedOut: boolean; message: string };

/**
 * The response to the request the check sent: the first head that is not 1xx (`100 Continue`).
 * Redirects are not followed (curl, GNU wget); where BusyBox wget followed one, the status and
 * headers are still the first response's, and its body is not available.
 */
export function replyOf(sample: HttpSample, tool: HttpTool): Reply {
  const final = sample.heads.findIndex((h) => h.status >= 200);
  const head = sample.heads[final];
  if (!head) {
    // 124: coreutils `timeout`; 143: BusyBox `timeout` (SIGTERM); curl 28; GNU wget says nothing but exits 4.
    const timedOut = [28, 124, 143].includes(sample.exitCode) || /timed out|timeout/i.test(sample.message);
    return { kind: 'no-response', timedOut, message: sample.message };
  }
  const followed = sample.heads.slice(final + 1).some((h) => h.status >= 200);
  let body: { text: string } | { unavailable: string } = { text: sample.body };
  if (followed) body = { unavailable: `BusyBox wget followed the ${head.status} redirect, so the body shown is another response's` };
  else if (tool === 'wget-busybox' && head.status >= 300) body = { unavailable: `BusyBox wget does not print the body of a ${head.status} response` };
  else if (tool === 'wget-gnu' && head.status >= 300 && head.status < 400) body = { unavailable: `wget does not print the body of a ${head.status} redirect` };
  return { kind: 'response', status: head.status, reason: head.reason, headers: head.headers, body, followed };
}

/** A header's value as one string: repeated headers joined with `, ` (RFC 9110); names case-insensitive. */
export function headerValue(headers: readonly [string, string][], name: string): string | undefined {
  const values = headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return values.length === 0 ? undefined : values.join(', ');
}

/** ln(k!) for k = 0…n. */
function logFactorials(n: number): number[] {
  const table = [0];
  for (let k = 1; k <= n; k++) table.push((table[k - 1] ?? 0) + Math.log(k));
  return table;
}

/**
 * The chance that `samples` independent requests, each matching with the probability in the
 * middle of [minPercent, maxPercent], give a share outside that band: how often a correct
 * weighted route (random per request or connection, as ingress-nginx canaries and kube-proxy
 * are) would fail the check. Exact binomial sum.
 */
export function outsideBandChance(samples: number, minPercent: number, maxPercent: number): number {
  const p = (minPercent + maxPercent) / 200;
  const inside = (k: number): boolean => k * 100 >= minPercent * samples && k * 100 <= maxPercent * samples;
  if (p <= 0 || p >= 1) return inside(p <= 0 ? 0 : samples) ? 0 : 1;
  const lf = logFactorials(samples);
  let outside = 0;
  for (let k = 0; k <= samples; k++) {
    if (inside(k)) continue;
    outside += Math.exp((lf[samples] ?? 0) - (lf[k] ?? 0) - (lf[samples - k] ?? 0) + k * Math.log(p) + (samples - k) * Math.log(1 - p));
  }
  return outside;
}
