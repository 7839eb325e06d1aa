import { describe, expect, it } from 'vitest';
import { headerValue, newBoundary, outsideBandChance, parseHeads, parseHttpRun, replyOf } from './http-client.js';

// Output of HTTP_SCRIPT recorded on Debian 12 with curl 7.88.1, GNU Wget 1.21.3 and BusyBox 1.35.0
// against a Node http server (Host header `web.example.com`); dates kept as they came.
const B = '@@kubedrill-0123456789ab';

const CURL_200 = `${B} tool curl
${B} begin 1
hello from web.example.com GET

${B} end 1 0
HTTP/1.1 200 OK\r
Content-Type: text/plain\r
X-Version: v1\r
X-Host: web.example.com\r
X-Method: GET\r
Date: Tue, 01 Dec 2026 10:16:38 GMT\r
Connection: keep-alive\r
Keep-Alive: timeout=5\r
Transfer-Encoding: chunked\r
\r
${B} done 1
`;

const CURL_404_NO_NEWLINE_BODY = `${B} tool curl
${B} begin 1
not here
${B} end 1 0
HTTP/1.1 404 Not Found\r
Content-Type: text/plain\r
X-Version: v1\r
\r
${B} done 1
`;

const CURL_REFUSED = `${B} tool curl
${B} begin 1

${B} end 1 7
curl: (7) Failed to connect to 127.0.0.1 port 18081 after 0 ms: Couldn't connect to server
${B} done 1
${B} stop 1
`;

const CURL_TIMEOUT = `${B} tool curl
${B} begin 1

${B} end 1 28
curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received
${B} done 1
${B} stop 1
`;

const GNU_404 = `${B} tool wget-gnu
${B} begin 1
not here

${B} end 1 8
  HTTP/1.1 404 Not Found
  Content-Type: text/plain
  X-Version: v1
  Date: Tue, 01 Dec 2026 10:16:37 GMT
  Connection: keep-alive
  Keep-Alive: timeout=5
  Transfer-Encoding: chunked
http://127.0.0.1:18080/404:
2026-12-01 10:16:59 ERROR 404: Not Found.
${B} done 1
`;

const GNU_REFUSED = `${B} tool wget-gnu
${B} begin 1

${B} end 1 4
failed: Connection refused.
${B} done 1
${B} stop 1
`;

const BUSYBOX_404 = `${B} tool wget-busybox
${B} begin 1

${B} end 1 1
  HTTP/1.1 404 Not Found
wget: server returned error: HTTP/1.1 404 Not Found
${B} done 1
`;

const BUSYBOX_REDIRECT_FOLLOWED = `${B} tool wget-busybox
${B} begin 1
hello from web.example.com GET

${B} end 1 0
  HTTP/1.1 308 Permanent Redirect
  Location: /
  HTTP/1.1 200 OK
  Content-Type: text/plain
  X-Version: v1
  Connection: close
  Transfer-Encoding: chunked
  
${B} done 1
`;

const BUSYBOX_TIMEOUT = `${B} tool wget-busybox
${B} begin 1

${B} end 1 143
Terminated
${B} done 1
${B} stop 1
`;

describe('parseHttpRun on recorded client output', () => {
  it('given curl with a 200, then status, headers (CRLF stripped) and the body byte for byte', () => {
    const run = parseHttpRun(CURL_200, B);
    expect(run?.tool).toBe('curl');
    expect(run?.samples).toHaveLength(1);
    const reply = replyOf(run!.samples[0]!, 'curl');
    expect(reply).toMatchObject({ kind: 'response', status: 200, reason: 'OK', body: { text: 'hello from web.example.com GET\n' }, followed: false });
    if (reply.kind !== 'response') throw new Error('unreachable');
    expect(headerValue(reply.headers, 'x-version')).toBe('v1');
    expect(headerValue(reply.headers, 'X-Host')).toBe('web.example.com');
    expect(headerValue(reply.headers, 'X-Missing')).toBeUndefined();
  });

  it('given a body without a trailing newline, then the body is exactly what the server sent', () => {
    const run = parseHttpRun(CURL_404_NO_NEWLINE_BODY, B);
    expect(replyOf(run!.samples[0]!, 'curl')).toMatchObject({ status: 404, body: { text: 'not here' } });
  });

  it('given curl errors, then no response, a timeout told apart from a refusal', () => {
    const refused = parseHttpRun(CURL_REFUSED, B)!;
    expect(refused.stop).toEqual({ kind: 'no-response', at: 1 });
    expect(replyOf(refused.samples[0]!, 'curl')).toEqual({ kind: 'no-response', timedOut: false, message: "curl: (7) Failed to connect to 127.0.0.1 port 18081 after 0 ms: Couldn't connect to server" });
    expect(replyOf(parseHttpRun(CURL_TIMEOUT, B)!.samples[0]!, 'curl')).toMatchObject({ kind: 'no-response', timedOut: true });
    expect(replyOf(parseHttpRun(BUSYBOX_TIMEOUT, B)!.samples[0]!, 'wget-busybox')).toMatchObject({ kind: 'no-response', timedOut: true });
    expect(replyOf(parseHttpRun(GNU_REFUSED, B)!.samples[0]!, 'wget-gnu')).toMatchObject({ kind: 'no-response', timedOut: false, message: 'failed: Connection refused.' });
  });

  it('given GNU wget on a 404, then the body of the error response and its headers, and wget chatter is not a header', () => {
    const reply = replyOf(parseHttpRun(GNU_404, B)!.samples[0]!, 'wget-gnu');
    expect(reply).toMatchObject({ kind: 'response', status: 404, body: { text: 'not here\n' } });
    if (reply.kind !== 'response') throw new Error('unreachable');
    expect(reply.headers.map(([n]) => n)).toEqual(['Content-Type', 'X-Version', 'Date', 'Connection', 'Keep-Alive', 'Transfer-Encoding']);
  });

  it('given BusyBox wget on a 404, then the status, no header named "wget", and the body is unavailable rather than empty', () => {
    const reply = replyOf(parseHttpRun(BUSYBOX_404, B)!.samples[0]!, 'wget-busybox');
    expect(reply).toMatchObject({ kind: 'response', status: 404, reason: 'Not Found', headers: [] });
    if (reply.kind !== 'response') throw new Error('unreachable');
    expect('unavailable' in reply.body).toBe(true);
  });

  it('given BusyBox wget that followed a redirect, then the first response is graded and its body is unavailable', () => {
    const reply = replyOf(parseHttpRun(BUSYBOX_REDIRECT_FOLLOWED, B)!.samples[0]!, 'wget-busybox');
    expect(reply).toMatchObject({ kind: 'response', status: 308, headers: [['Location', '/']], followed: true });
    if (reply.kind !== 'response') throw new Error('unreachable');
    expect('unavailable' in reply.body).toBe(true);
  });

  it('given a body that contains text looking like a marker of another run, then only this boundary splits', () => {
    const other = '@@kubedrill-ffffffffffff end 1 0';
    const text = `${B} tool curl\n${B} begin 1\n${other}\nmore\n${B} end 1 0\nHTTP/1.1 200 OK\r\n\r\n${B} done 1\n`;
    expect(replyOf(parseHttpRun(text, B)!.samples[0]!, 'curl')).toMatchObject({ body: { text: `${other}\nmore` } });
  });

  it('given output without the tool line (no sh in the image), then undefined', () => {
    expect(parseHttpRun('OCI runtime exec failed: exec: "sh": executable file not found', B)).toBeUndefined();
    expect(parseHttpRun(CURL_200, '@@kubedrill-000000000000')).toBeUndefined();
  });

  it('given several samples and a budget stop, then each sample and the stop', () => {
    const one = (i: number, body: string) => `${B} begin ${i}\n${body}\n${B} end ${i} 0\nHTTP/1.1 200 OK\r\n\r\n${B} done ${i}\n`;
    const run = parseHttpRun(`${B} tool curl\n${one(1, 'v1')}${one(2, 'v2')}${B} budget 2\n`, B)!;
    expect(run.samples.map((s) => s.body)).toEqual(['v1', 'v2']);
    expect(run.stop).toEqual({ kind: 'budget', at: 2 });
  });
});

describe('parseHeads', () => {
  it('given an interim 100 Continue, then the final response comes after it', () => {
    const { heads } = parseHeads('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /x\r\n\r\n');
    expect(heads.map((h) => h.status)).toEqual([100, 201]);
    expect(replyOf({ index: 1, exitCode: 0, heads, body: '', message: '' }, 'curl')).toMatchObject({ status: 201, followed: false });
  });

  it('given repeated headers, then their values are joined as HTTP reads them', () => {
    const { heads } = parseHeads('HTTP/1.1 200 OK\r\nVary: Accept\r\nvary: Origin\r\n\r\n');
    expect(headerValue(heads[0]!.headers, 'Vary')).toBe('Accept, Origin');
  });
});

describe('outsideBandChance', () => {
  it('given a 20 % split and a ±10 band, then few samples miss often and many almost never', () => {
    expect(outsideBandChance(20, 10, 30)).toBeGreaterThan(0.05);
    expect(outsideBandChance(200, 10, 30)).toBeLessThan(0.001);
  });

  it('given the exact binomial for a tiny case, then the sum matches by hand', () => {
    // n = 2, p = 0.5, band 50–50 %: only k = 1 is inside, P(k = 0) + P(k = 2) = 0.5.
    expect(outsideBandChance(2, 50, 50)).toBeCloseTo(0.5, 10);
  });

  it('given a band at 0 % or 100 %, then an all-or-nothing route never misses', () => {
    expect(outsideBandChance(10, 0, 0)).toBe(0);
    expect(outsideBandChance(10, 100, 100)).toBe(0);
  });
});

describe('newBoundary', () => {
  it('is fresh each time and never a regex hazard', () => {
    expect(newBoundary()).toMatch(/^@@kubedrill-[0-9a-f]{12}$/);
    expect(newBoundary()).not.toBe(newBoundary());
  });
});
