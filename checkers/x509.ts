import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { defineChecker, failed, passed } from '../src/models/index.js';
import type { Capability, CheckContext } from '../src/models/index.js';
import { canonicalDns, canonicalIp, certFacts, day, keyMatchesCertificate, parseCertificates, type CertFacts } from './support/certificates.js';
import { fileSourceFields, fileSourceOf, NODE_PATH_MESSAGE, nodePathPaired, readSource, type FileSource } from './support/file-source.js';
import { lookup } from './support/ref.js';
import { secretBytes, secretKeys } from './support/secret-data.js';

const DAY_MS = 86_400_000;

/** Where the private key is: a key of the same Secret, an answer file, or a file on a node. */
const keySourceSchema = z
  .strictObject({
    key: z.string().min(1).optional().describe('a key of the same Secret, e.g. tls.key'),
    ...fileSourceFields,
  })
  .refine((k) => [k.key, k.file, k.node].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of key, file or node + path' })
  .refine(nodePathPaired, { message: NODE_PATH_MESSAGE });

const params = z
  .strictObject({
    secret: z.string().min(1).optional().describe('a Secret holding the certificate under `key`'),
    namespace: z.string().min(1).optional().describe("the Secret's namespace; default: default"),
    key: z.string().min(1).optional().describe('the Secret key holding the certificate; default tls.crt'),
    ...fileSourceFields,
    commonName: z.string().min(1).optional().describe('subject CN'),
    organizations: z.array(z.string().min(1)).min(1).optional().describe('subject O values, as a set (order does not matter)'),
    dnsNames: z.array(z.string().min(1)).optional().describe('DNS SANs, as a set, case-insensitive'),
    ipAddresses: z
      .array(z.string().refine((ip) => isIP(ip.replace(/^\[|\]$/g, '')) !== 0, { message: 'not an IP address' }))
      .optional()
      .describe('IP SANs, as a set (::1 = 0:0:0:0:0:0:0:1)'),
    allowOtherSans: z.boolean().default(false).describe('SANs of a listed type beyond those listed are allowed'),
    issuerCommonName: z.string().min(1).optional().describe('issuer CN (the CA that signed it)'),
    notExpired: z.boolean().optional().describe('true: valid now; false: expired (or not yet valid)'),
    validForDaysAtLeast: z.number().int().positive().optional().describe('valid now and for at least this many more days'),
    keyMatches: keySourceSchema.optional().describe("the certificate's public key belongs to this private key"),
  })
  .refine((p) => [p.secret, p.file, p.node].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of secret, file or node + path' })
  .refine(nodePathPaired, { message: NODE_PATH_MESSAGE })
  .refine((p) => p.secret !== undefined || (p.namespace === undefined && p.key === undefined), { message: 'namespace and key go with secret' })
  .refine((p) => p.keyMatches?.key === undefined || p.secret !== undefined, { message: 'keyMatches.key names a key of the same Secret: give secret' });

type Params = z.infer<typeof params>;
type Read = { bytes: Buffer; where: string } | { missing: string; where: string };

const secretWhere = (p: Params): string => `secret/${p.secret} in namespace ${p.namespace ?? 'default'}`;

async function readSecretKey(p: Params, key: string, ctx: CheckContext): Promise<Read> {
  const found = await lookup(ctx.cluster, `secret/${p.secret}`, p.namespace);
  const where = `${secretWhere(p)}, key ${key}`;
  if ('missing' in found) return { missing: found.missing, where };
  const bytes = secretBytes(found.object, key);
  if (bytes !== undefined) return { bytes, where };
  const keys = secretKeys(found.object);
  // The Secret's own keys are the learner's state; which key the check reads is in its params.
  return { missing: `${secretWhere(p)} has no key ${key} (${keys.length > 0 ? `its keys: ${keys.join(', ')}` : 'it holds no data'})`, where };
}

async function readFileBytes(source: FileSource, ctx: CheckContext): Promise<Read> {
  const read = await readSource(source, ctx);
  return 'missing' in read ? read : { bytes: Buffer.from(read.text, 'utf8'), where: read.where };
}

/** What the check wants, in words (full evidence: may hold the expected names). */
function wants(p: Params): string[] {
  const list: string[] = [];
  const set = (values: readonly string[]): string => `{${values.join(', ')}}`;
  const sans = p.allowOtherSans ? ' (at least)' : '';
  if (p.commonName !== undefined) list.push(`CN=${p.commonName}`);
  if (p.organizations !== undefined) list.push(`O ${set(p.organizations)}`);
  if (p.dnsNames !== undefined) list.push(`DNS SANs ${set(p.dnsNames)}${sans}`);
  if (p.ipAddresses !== undefined) list.push(`IP SANs ${set(p.ipAddresses)}${sans}`);
  if (p.issuerCommonName !== undefined) list.push(`issuer CN=${p.issuerCommonName}`);
  if (p.notExpired !== undefined) list.push(p.notExpired ? 'valid now' : 'expired');
  if (p.validForDaysAtLeast !== undefined) list.push(`valid for at least ${p.validForDaysAtLeast} more days`);
  if (p.keyMatches !== undefined) list.push('its private key matching');
  return list;
}

/** The certificate as evidence shows it: all of it is the learner's own. */
function describeCert(f: CertFacts, now: Date): string {
  const parts = [`CN=${f.commonName ?? '(none)'}`];
  if (f.organizations.length > 0) parts.push(`O ${f.organizations.join(', ')}`);
  const sans = [...f.dnsNames.map((d) => `DNS:${d}`), ...f.ipAddresses.map((i) => `IP:${i}`)];
  parts.push(sans.length > 0 ? `SANs ${sans.join(', ')}` : 'no SANs');
  parts.push(`issuer CN=${f.issuerCommonName ?? '(none)'}`);
  const left = Math.floor((f.notAfter.getTime() - now.getTime()) / DAY_MS);
  parts.push(now > f.notAfter ? `expired ${day(f.notAfter)}` : now < f.notBefore ? `not valid before ${day(f.notBefore)}` : `valid until ${day(f.notAfter)} (${left} days left)`);
  return parts.join(', ');
}

/** Set comparison after canonicalising: which are missing, which are extra. */
function compareSet(want: readonly string[], have: readonly string[], canon: (v: string) => string): { missing: string[]; extra: string[] } {
  const w = new Set(want.map(canon));
  const h = new Set(have.map(canon));
  return { missing: [...w].filter((v) => !h.has(v)), extra: [...h].filter((v) => !w.has(v)) };
}

interface Problem {
  /** With expected values: shown after the reveal. */
  full: string;
  /** Only the learner's own values: shown before. */
  safe: string;
}

/** Every way the certificate differs from what the check wants. */
function problemsOf(p: Params, f: CertFacts, now: Date): Problem[] {
  const problems: Problem[] = [];
  const none = (values: readonly string[]): string => (values.length > 0 ? values.join(', ') : 'none');
  if (p.commonName !== undefined && f.commonName !== p.commonName) {
    problems.push({ full: `CN is ${f.commonName ?? '(none)'}, not ${p.commonName}`, safe: `subject CN is not what the task asks (now: ${f.commonName ?? 'none'})` });
  }
  if (p.organizations !== undefined) {
    const d = compareSet(p.organizations, f.organizations, (v) => v);
    if (d.missing.length > 0 || d.extra.length > 0) {
      problems.push({ full: `O is {${f.organizations.join(', ')}}; missing ${none(d.missing)}, extra ${none(d.extra)}`, safe: `subject O is not what the task asks (now: ${none(f.organizations)})` });
    }
  }
  const sanSets = [
    { label: 'DNS SANs', want: p.dnsNames, have: f.dnsNames, canon: canonicalDns },
    { label: 'IP SANs', want: p.ipAddresses, have: f.ipAddresses, canon: canonicalIp },
  ];
  for (const s of sanSets) {
    if (s.want === undefined) continue;
    const d = compareSet(s.want, s.have, s.canon);
    const extra = p.allowOtherSans ? [] : d.extra;
    if (d.missing.length > 0 || extra.length > 0) {
      problems.push({ full: `${s.label} are {${s.have.join(', ')}}; missing ${none(d.missing)}, extra ${none(extra)}`, safe: `${s.label} are not what the task asks (now: ${none(s.have)})` });
    }
  }
  if (p.issuerCommonName !== undefined && f.issuerCommonName !== p.issuerCommonName) {
    problems.push({ full: `issuer CN is ${f.issuerCommonName ?? '(none)'}, not ${p.issuerCommonName}`, safe: `issuer CN is not what the task asks (now: ${f.issuerCommonName ?? 'none'})` });
  }
  const validNow = f.notBefore <= now && now <= f.notAfter;
  const validity = validNow ? `valid until ${day(f.notAfter)}` : now > f.notAfter ? `expired ${day(f.notAfter)}` : `not valid before ${day(f.notBefore)}`;
  if (p.notExpired !== undefined && validNow !== p.notExpired) {
    problems.push({ full: `it is ${validity}`, safe: `its validity is not what the task asks (it is ${validity})` });
  }
  if (p.validForDaysAtLeast !== undefined && !(validNow && f.notAfter.getTime() - now.getTime() >= p.validForDaysAtLeast * DAY_MS)) {
    const left = Math.floor((f.notAfter.getTime() - now.getTime()) / DAY_MS);
    const state = validNow ? `${validity}, ${left} days left` : validity;
    problems.push({ full: `it is ${state}, not valid for ${p.validForDaysAtLeast} more days`, safe: `its lifetime is not what the task asks (it is ${state})` });
  }
  return problems;
}

/** The private key check, as a problem when it fails. */
async function keyProblem(p: Params, cert: X509Certificate, ctx: CheckContext): Promise<Problem | undefined> {
  const k = p.keyMatches;
  if (k === undefined) return undefined;
  const source = fileSourceOf(k);
  const read = k.key !== undefined ? await readSecretKey(p, k.key, ctx) : source !== undefined ? await readFileBytes(source, ctx) : undefined;
  if (read === undefined) throw new Error('keyMatches names no source (the schema should have refused it)');
  if ('missing' in read) return { full: `private key: ${read.missing}`, safe: `the private key is not there: ${read.missing}` };
  const match = keyMatchesCertificate(cert, read.bytes);
  if (match === true) return undefined;
  const why = match === false ? `${read.where} is the key of another certificate` : `${read.where}: ${match.problem}`;
  return { full: why, safe: why };
}

/** A certificate in a Secret, an answer file or a node file: subject, SANs, issuer, validity, its key. */
export const x509Checker = defineChecker({
  type: 'x509',
  summary: 'an X.509 certificate (Secret key, answer file or node file): subject CN/O, SANs, issuer, validity, matching private key',
  params,
  needs: [],
  needsFor(p): readonly Capability[] {
    return p.node !== undefined || p.keyMatches?.node !== undefined ? ['node-shell'] : [];
  },
  async run(p, ctx) {
    const source = fileSourceOf(p);
    const read = p.secret !== undefined ? await readSecretKey(p, p.key ?? 'tls.crt', ctx) : source !== undefined ? await readFileBytes(source, ctx) : undefined;
    if (read === undefined) throw new Error('the check names no certificate source (the schema should have refused it)');
    const wanted = wants(p);
    const expected = `${read.where}: a certificate${wanted.length > 0 ? ` with ${wanted.join(', ')}` : ''}`;
    if ('missing' in read) return failed(expected, read.missing, { summary: read.missing });
    const parsed = parseCertificates(read.bytes);
    if ('problem' in parsed) {
      const actual = `${read.where} is not a certificate: ${parsed.problem}`;
      return failed(expected, actual, { summary: actual });
    }
    // A bundle (leaf, then intermediates) is what servers send: the first certificate is the one described.
    const leaf = parsed.certs[0]!;
    const now = new Date();
    const facts = certFacts(leaf);
    const problems = problemsOf(p, facts, now);
    const key = await keyProblem(p, leaf, ctx);
    if (key !== undefined) problems.push(key);
    const bundle = parsed.certs.length > 1 ? ` (first of ${parsed.certs.length} certificates)` : '';
    if (problems.length === 0) return passed(`${read.where}${bundle}: ${describeCert(facts, now)}${p.keyMatches ? '; private key matches' : ''}`);
    return failed(expected, `${problems.map((x) => x.full).join('; ')} — ${describeCert(facts, now)}`, {
      summary: `${read.where}${bundle}: ${problems.map((x) => x.safe).join('; ')}`,
    });
  },
});
