import { z } from 'zod';
import { defineChecker, errored, failed, passed } from '../src/models/index.js';
import type { Capability, CheckContext } from '../src/models/index.js';
import { certFacts, day, issuedBy, keyMatchesCertificate, parseCertificates } from './support/certificates.js';
import { fileSourceFields, fileSourceOf, NODE_PATH_MESSAGE, nodePathPaired, readBeside, readSource, type FileSource } from './support/file-source.js';
import { BOOTSTRAP_TOKEN, jwtClaims, resolveContext, type KubeconfigUser } from './support/kubeconfig.js';

const params = z
  .strictObject({
    ...fileSourceFields,
    context: z.string().min(1).optional().describe("the context to read; default the kubeconfig's current-context"),
    user: z.string().min(1).optional().describe('the user name the API server sees'),
    groups: z.array(z.string().min(1)).min(1).optional().describe('groups the user is in (each must be among them; others may be too)'),
    server: z.string().min(1).optional().describe("the context's cluster server URL"),
  })
  .refine((p) => (p.file === undefined) !== (p.node === undefined), { message: 'give exactly one of file or node + path' })
  .refine(nodePathPaired, { message: NODE_PATH_MESSAGE })
  .refine((p) => p.user !== undefined || p.groups !== undefined || p.server !== undefined, { message: 'give at least one of user, groups or server' });

type Params = z.infer<typeof params>;

/** Who the API server would take the user for, and how kubedrill knows. */
interface Identity {
  user: string;
  groups: string[];
  /** `client certificate`, `ServiceAccount token`… */
  how: string;
  /** What was and was not verified, for the evidence. */
  notes: string[];
}
/** An identity, a reason the credentials cannot authenticate (learner's to fix), or why kubedrill cannot tell. */
type IdentityResult = Identity | { rejected: string } | { unknown: string };

const AUTHENTICATED = 'system:authenticated';

/** The bytes of `<field>-data` (base64) or of the file `<field>` names beside the kubeconfig. */
async function credentialBytes(user: KubeconfigUser, field: 'client-certificate' | 'client-key', source: FileSource, ctx: CheckContext): Promise<Buffer | { rejected: string } | { unknown: string } | undefined> {
  const data = user[`${field}-data`];
  if (typeof data === 'string' && data !== '') return Buffer.from(data, 'base64');
  const path = user[field];
  if (typeof path !== 'string' || path === '') return undefined;
  const read = await readBeside(source, path, ctx);
  if ('outside' in read) return { unknown: `${field} ${read.outside} is outside the answers directory, where kubedrill cannot read it (embed it with --embed-certs, or keep it in the answers directory)` };
  if ('missing' in read) return { rejected: `${field} ${path}: ${read.missing}` };
  return Buffer.from(read.text, 'utf8');
}

/** The cluster's CA as Pods see it (the kube-root-ca.crt ConfigMap every namespace gets); kubeadm and kind sign client certificates with the same CA. */
async function clusterCa(ctx: CheckContext) {
  const cm = await ctx.cluster.get({ kind: 'configmap', name: 'kube-root-ca.crt', namespace: 'default' });
  const pem = (cm?.data as Record<string, unknown> | undefined)?.['ca.crt'];
  if (typeof pem !== 'string') return undefined;
  const parsed = parseCertificates(pem);
  return 'certs' in parsed ? parsed.certs : undefined;
}

async function certificateIdentity(user: KubeconfigUser, source: FileSource, ctx: CheckContext): Promise<IdentityResult | undefined> {
  const certBytes = await credentialBytes(user, 'client-certificate', source, ctx);
  if (certBytes === undefined) return undefined;
  if (!Buffer.isBuffer(certBytes)) return certBytes;
  const parsed = parseCertificates(certBytes);
  if ('problem' in parsed) return { rejected: `the client certificate is not a certificate: ${parsed.problem}` };
  const cert = parsed.certs[0]!;
  const facts = certFacts(cert);
  const now = new Date();
  if (now > facts.notAfter) return { rejected: `the client certificate (CN=${facts.commonName ?? 'none'}) expired ${day(facts.notAfter)}` };
  if (now < facts.notBefore) return { rejected: `the client certificate (CN=${facts.commonName ?? 'none'}) is not valid before ${day(facts.notBefore)}` };
  const keyBytes = await credentialBytes(user, 'client-key', source, ctx);
  if (keyBytes === undefined) return { rejected: 'the user has a client certificate but no client key (client-key-data or client-key): kubectl cannot present it' };
  if (!Buffer.isBuffer(keyBytes)) return keyBytes;
  const matches = keyMatchesCertificate(cert, keyBytes);
  if (matches !== true) return { rejected: matches === false ? 'the client key is not the key of the client certificate' : `the client key: ${matches.problem}` };
  const notes: string[] = [];
  const cas = await clusterCa(ctx);
  if (cas === undefined) notes.push('not checked against the cluster CA (no kube-root-ca.crt ConfigMap to read)');
  else if (!cas.some((ca) => issuedBy(cert, ca))) {
    return { rejected: `the client certificate (CN=${facts.commonName ?? 'none'}, issuer CN=${facts.issuerCommonName ?? 'none'}) is not signed by the cluster's CA: the API server rejects it` };
  } else notes.push("signed by the cluster's CA");
  notes.push(`valid until ${day(facts.notAfter)}`);
  if (facts.commonName === undefined) return { rejected: 'the client certificate has no CN, which is the user name' };
  // x509 authentication: CN is the user, each O a group (kube-apiserver --client-ca-file).
  return { user: facts.commonName, groups: [...facts.organizations, AUTHENTICATED], how: 'client certificate', notes };
}

async function serviceAccountIdentity(sub: string, claims: Record<string, unknown>, ctx: CheckContext): Promise<IdentityResult> {
  const [, , namespace = '', name = ''] = sub.split(':');
  const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  if (exp !== undefined && exp < new Date()) return { rejected: `the ServiceAccount token for ${namespace}/${name} expired ${exp.toISOString()}` };
  const sa = await ctx.cluster.get({ kind: 'serviceaccount', name, namespace });
  if (sa === undefined) return { rejected: `the token is for ServiceAccount ${namespace}/${name}, which does not exist: the API server rejects it` };
  const notes = ['signature not verified (kubedrill reads the claims only)', exp !== undefined ? `expires ${exp.toISOString()}` : 'no expiry (a long-lived Secret token)'];
  return { user: sub, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED], how: 'ServiceAccount token', notes };
}

/** kubeadm bootstrap tokens: user system:bootstrap:<id>, groups from the token's Secret in kube-system. */
async function bootstrapIdentity(id: string, secret: string, ctx: CheckContext): Promise<IdentityResult> {
  const object = await ctx.cluster.get({ kind: 'secret', name: `bootstrap-token-${id}`, namespace: 'kube-system' });
  const data = (object?.data ?? {}) as Record<string, string>;
  const field = (key: string): string | undefined => (data[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8'));
  if (object === undefined || field('token-secret') !== secret || field('usage-bootstrap-authentication') !== 'true') {
    return { rejected: `bootstrap token ${id} has no valid Secret bootstrap-token-${id} in kube-system: the API server rejects it` };
  }
  const extra = (field('auth-extra-groups') ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
  return { user: `system:bootstrap:${id}`, groups: ['system:bootstrappers', ...extra, AUTHENTICATED], how: 'bootstrap token', notes: [] };
}

async function tokenIdentity(user: KubeconfigUser, source: FileSource, ctx: CheckContext): Promise<IdentityResult | undefined> {
  let token = typeof user.token === 'string' && user.token !== '' ? user.token : undefined;
  if (token === undefined && typeof user.tokenFile === 'string' && user.tokenFile !== '') {
    const read = await readBeside(source, user.tokenFile, ctx);
    if ('outside' in read) return { unknown: `tokenFile ${read.outside} is outside the answers directory, where kubedrill cannot read it` };
    if ('missing' in read) return { rejected: `tokenFile ${user.tokenFile}: ${read.missing}` };
    token = read.text.trim();
  }
  if (token === undefined) return undefined;
  const claims = jwtClaims(token);
  const sub = typeof claims?.sub === 'string' ? claims.sub : undefined;
  if (sub !== undefined && /^system:serviceaccount:[^:]+:[^:]+$/.test(sub)) return serviceAccountIdentity(sub, claims ?? {}, ctx);
  const bootstrap = BOOTSTRAP_TOKEN.exec(token.trim());
  if (bootstrap) return bootstrapIdentity(bootstrap[1]!, bootstrap[2]!, ctx);
  if (claims !== undefined) return { unknown: `the token is a JWT from ${String(claims.iss ?? 'an unknown issuer')}, not a ServiceAccount's: who it is depends on the API server's OIDC settings` };
  return { unknown: "the token is no ServiceAccount JWT nor bootstrap token (a static token?): who it is is known only to the API server's token file" };
}

/** Who the context's user authenticates as. */
async function identityOf(user: KubeconfigUser | undefined, source: FileSource, ctx: CheckContext): Promise<IdentityResult> {
  if (user?.exec !== undefined) return { unknown: 'the user runs an exec credential plugin: who it is is decided when the plugin runs' };
  if (user?.['auth-provider'] !== undefined) return { unknown: 'the user has an auth-provider: who it is is decided by that provider' };
  // The API server tries x509 before bearer tokens: with both, the certificate decides.
  const fromCert = user ? await certificateIdentity(user, source, ctx) : undefined;
  if (fromCert !== undefined) return fromCert;
  const fromToken = user ? await tokenIdentity(user, source, ctx) : undefined;
  if (fromToken !== undefined) return fromToken;
  if (user?.username !== undefined || user?.password !== undefined) return { rejected: 'the user has a username and password: basic authentication was removed from Kubernetes in 1.19' };
  return { user: 'system:anonymous', groups: ['system:unauthenticated'], how: 'no credentials (anonymous)', notes: [] };
}

const normalizeServer = (url: string): string => url.trim().replace(/\/+$/, '').toLowerCase();

function wants(p: Params): string {
  const list: string[] = [];
  if (p.user !== undefined) list.push(`user ${p.user}`);
  if (p.groups !== undefined) list.push(`in groups ${p.groups.join(', ')}`);
  if (p.server !== undefined) list.push(`server ${p.server}`);
  return list.join(', ');
}

/** The kubeconfig's context authenticates as the expected user and groups, against the expected server. */
export const kubeconfigIdentityChecker = defineChecker({
  type: 'kubeconfig-identity',
  summary: "who a learner's kubeconfig authenticates as (client certificate CN/O, ServiceAccount or bootstrap token): user, groups, server",
  params,
  needs: [],
  needsFor(p): readonly Capability[] {
    return p.node !== undefined ? ['node-shell'] : [];
  },
  async run(p, ctx) {
    const source = fileSourceOf(p);
    if (source === undefined) throw new Error('the check names no kubeconfig (the schema should have refused it)');
    const read = await readSource(source, ctx);
    const which = p.context !== undefined ? `context ${p.context}` : 'its current context';
    const expected = `${read.where}, ${which}: ${wants(p)}`;
    if ('missing' in read) return failed(expected, read.missing, { summary: read.missing });
    const resolved = resolveContext(read.text, p.context);
    if ('problem' in resolved) {
      const actual = `${read.where}: ${resolved.problem}`;
      return failed(expected, actual, { summary: actual });
    }
    const where = `${read.where}, context ${resolved.context}`;
    const problems: { full: string; safe: string }[] = [];
    if (p.server !== undefined && normalizeServer(resolved.server ?? '') !== normalizeServer(p.server)) {
      const now = resolved.server ?? (resolved.cluster === undefined ? 'no cluster' : `cluster ${resolved.cluster} has no server`);
      problems.push({ full: `server is ${now}, not ${p.server}`, safe: `its server is not what the task asks (now: ${now})` });
    }
    let described = `server ${resolved.server ?? 'none'}`;
    if (p.user !== undefined || p.groups !== undefined) {
      if (resolved.user === undefined && resolved.userName !== undefined) {
        const actual = `${where}: no user ${resolved.userName} in users`;
        return failed(expected, actual, { summary: actual });
      }
      const identity = await identityOf(resolved.user, source, ctx);
      if ('unknown' in identity) return errored(`${where}: cannot tell who it authenticates as: ${identity.unknown}`);
      if ('rejected' in identity) {
        const actual = `${where}: ${identity.rejected}`;
        return failed(expected, actual, { summary: actual });
      }
      described = `${identity.how} → user ${identity.user}, groups ${identity.groups.join(', ')}${identity.notes.length > 0 ? ` (${identity.notes.join('; ')})` : ''}; ${described}`;
      const now = `${identity.user}, groups ${identity.groups.join(', ')}`;
      if (p.user !== undefined && identity.user !== p.user) problems.push({ full: `user is ${identity.user}, not ${p.user}`, safe: `it authenticates as another user than the task asks (now: ${now})` });
      const missingGroups = (p.groups ?? []).filter((g) => !identity.groups.includes(g));
      if (missingGroups.length > 0) problems.push({ full: `groups ${identity.groups.join(', ')} lack ${missingGroups.join(', ')}`, safe: `its groups are not what the task asks (now: ${now})` });
    }
    if (problems.length === 0) return passed(`${where}: ${described}`);
    return failed(expected, `${problems.map((x) => x.full).join('; ')} — ${described}`, { summary: `${where}: ${problems.map((x) => x.safe).join('; ')}` });
  },
});
