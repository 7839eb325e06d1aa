import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { K8sObject } from '../../src/models/index.js';
import { decodeAccessReview } from './protobuf.js';
import { FAKE_RESOURCES, groupVersion, type FakeResource } from './resources.js';

/** A SelfSubjectAccessReview as kubectl sends it, with the impersonated user. */
export interface AccessAttributes {
  user: string | undefined;
  groups: string[];
  verb: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

/** A write kubectl sent with `dryRun=All` (server-side dry run), with the impersonated identity. */
export interface DryRunWrite {
  /** POST (create) or PATCH (server-side apply). */
  method: string;
  contentType: string;
  user: string | undefined;
  groups: string[];
  resource: string;
  namespace: string | undefined;
  /** From the path (PATCH) or the body's metadata.name (POST). */
  name: string | undefined;
  body: K8sObject;
  query: URLSearchParams;
}

/** How the fake answers a dry-run write: admitted (with optional warnings) or refused with a Status. */
export type DryRunVerdict =
  | { allowed: true; warnings?: string[] }
  | { allowed: false; code: number; reason: string; message: string; details?: Record<string, unknown> };

export interface FakeApiOptions {
  /** Resource names (plural) whose GETs answer 403 Forbidden. */
  forbidden?: string[];
  /** Resource names (plural) whose GETs answer only after this many milliseconds. */
  slow?: Record<string, number>;
  /** Answers `kubectl auth can-i` (default: always no). */
  canI?: (attrs: AccessAttributes) => boolean;
  /** Answers POST/PATCH with `dryRun=All` (default: admitted). Writes without dryRun=All are always refused: this server stores nothing. */
  dryRun?: (write: DryRunWrite) => DryRunVerdict;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeApiServer {
  url: string;
  requests: RecordedRequest[];
  /**
   * Writes a kubeconfig with context `context` pointing here and a *current* context pointing
   * at a dead address, so a kubectl call that forgets `--context` fails loudly.
   */
  writeKubeconfig(dir: string, context: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A small read-only Kubernetes API server for kubectl contract tests (the README, Tests, tier 2):
 * discovery (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`), object GETs and lists (label
 * selectors `a=b,c=d`), 404/403 Status bodies, slow routes, SelfSubjectAccessReview, and
 * server-side dry-run writes (POST/PATCH with `dryRun=All`, answered by `options.dryRun`).
 */
export async function startFakeApiServer(objects: readonly K8sObject[], options: FakeApiOptions = {}): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    void handle(req, res, objects, options).catch((error: unknown) => send(res, 500, status(500, 'InternalError', String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    async writeKubeconfig(dir, context) {
      const path = join(dir, 'kubeconfig');
      await writeFile(path, kubeconfig(url, context));
      return path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, objects: readonly K8sObject[], options: FakeApiOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (url.pathname === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (url.pathname === '/apis') return send(res, 200, groupList());
  if (url.pathname === '/openapi/v3') return send(res, 200, openApiIndex());
  if (url.pathname.startsWith('/openapi/v3/')) return send(res, 200, openApiDoc(url.pathname.slice('/openapi/v3/'.length)));
  const route = parseRoute(parts);
  if (!route) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  const { group, version, rest } = route;
  if (rest.length === 0) return send(res, 200, resourceList(group, version));

  let namespace: string | undefined;
  let tail = rest;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    tail = rest.slice(2);
  }
  const resource = FAKE_RESOURCES.find((r) => r.group === group && r.version === version && r.name === tail[0]);
  if (!resource) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  if (resource.name === 'selfsubjectaccessreviews' && req.method === 'POST') {
    return send(res, 201, await review(req, options));
  }
  if (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT') return write(req, res, url, resource, namespace, tail[1], options);
  const delay = options.slow?.[resource.name];
  if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
  if (res.destroyed) return undefined;
  if (options.forbidden?.includes(resource.name)) {
    const message = `${resource.name} is forbidden: User "fake" cannot list resource "${resource.name}" in API group "${group}"${namespace ? ` in the namespace "${namespace}"` : ''}`;
    return send(res, 403, status(403, 'Forbidden', message));
  }
  const matching = objects.filter((o) => o.kind === resource.kind && o.apiVersion === groupVersion(resource) && (namespace === undefined || o.metadata?.namespace === namespace));
  const name = tail[1];
  if (name === undefined) {
    const selected = matching.filter((o) => matchesSelector(o, url.searchParams.get('labelSelector')));
    return send(res, 200, { kind: `${resource.kind}List`, apiVersion: groupVersion(resource), metadata: { resourceVersion: '1' }, items: selected });
  }
  const found = matching.find((o) => o.metadata?.name === name);
  if (!found) return send(res, 404, status(404, 'NotFound', `${resource.name}${group ? `.${group}` : ''} "${name}" not found`, { name, kind: resource.name }));
  return send(res, 200, found);
}

function parseRoute(parts: string[]): { group: string; version: string; rest: string[] } | undefined {
  if (parts[0] === 'api' && parts[1] === 'v1') return { group: '', version: 'v1', rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts[1] !== undefined && parts[2] !== undefined) return { group: parts[1], version: parts[2], rest: parts.slice(3) };
  return undefined;
}

function groupList(): unknown {
  const groups = [...new Set(FAKE_RESOURCES.filter((r) => r.group !== '').map((r) => `${r.group}/${r.version}`))].map((gv) => {
    const [name, version] = gv.split('/') as [string, string];
    const preferred = { groupVersion: gv, version };
    return { name, versions: [preferred], preferredVersion: preferred };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/**
 * Just enough OpenAPI v3 for kubectl's default `--validate=strict` on writes: kubectl looks for a
 * PATCH operation of the kind that takes `fieldValidation`, then leaves validation to the server
 * (`fieldValidation=Strict`) instead of downloading the full schema, which this fake lacks.
 */
function openApiIndex(): unknown {
  const gvs = [...new Set(FAKE_RESOURCES.map((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`)))];
  return { paths: Object.fromEntries(gvs.map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}` }])) };
}

function openApiDoc(gvPath: string): unknown {
  const paths = FAKE_RESOURCES.filter((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`) === gvPath).map((r) => {
    const path = `/${gvPath}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.name}/{name}`;
    const patch = {
      'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
      parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }],
      responses: {},
    };
    return [path, { patch }] as const;
  });
  return { openapi: '3.0.0', info: { title: 'fake', version: 'v1' }, paths: Object.fromEntries(paths) };
}

function resourceList(group: string, version: string): unknown {
  const resources = FAKE_RESOURCES.filter((r) => r.group === group && r.version === version).map((r: FakeResource) => ({
    name: r.name,
    singularName: r.kind.toLowerCase(),
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
  }));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

async function review(req: IncomingMessage, options: FakeApiOptions): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const a = req.headers['content-type']?.includes('protobuf')
    ? decodeAccessReview(raw)
    : ((JSON.parse(raw.toString('utf8')) as { spec?: { resourceAttributes?: Record<string, string> } }).spec?.resourceAttributes ?? {});
  const attrs: AccessAttributes = {
    user: req.headers['impersonate-user'] as string | undefined,
    groups: impersonatedGroups(req),
    verb: a.verb ?? '',
    resource: a.resource ?? '',
    subresource: a.subresource ?? '',
    namespace: a.namespace ?? '',
    name: a.name ?? '',
  };
  const allowed = options.canI?.(attrs) ?? false;
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: { resourceAttributes: a }, status: { allowed } };
}

async function write(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  resource: FakeResource,
  namespace: string | undefined,
  pathName: string | undefined,
  options: FakeApiOptions,
): Promise<void> {
  if (url.searchParams.get('dryRun') !== 'All') {
    return send(res, 405, status(405, 'MethodNotAllowed', 'the fake API server stores nothing: only dryRun=All writes are answered'));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // kubectl sends JSON; server-side apply is typed apply-patch+yaml, and JSON is YAML.
  const body = parseYaml(Buffer.concat(chunks).toString('utf8')) as K8sObject;
  const writeRequest: DryRunWrite = {
    method: req.method ?? '',
    contentType: req.headers['content-type'] ?? '',
    user: req.headers['impersonate-user'] as string | undefined,
    groups: impersonatedGroups(req),
    resource: resource.name,
    namespace,
    name: pathName ?? body.metadata?.name,
    body,
    query: url.searchParams,
  };
  const verdict = options.dryRun?.(writeRequest) ?? { allowed: true };
  if (!verdict.allowed) return send(res, verdict.code, status(verdict.code, verdict.reason, verdict.message, verdict.details));
  const warnings = verdict.warnings ?? [];
  const stored = { ...body, metadata: { ...body.metadata, ...(namespace !== undefined ? { namespace } : {}), uid: 'dry-run-uid' } };
  if (res.destroyed) return undefined;
  res.writeHead(req.method === 'POST' ? 201 : 200, {
    'content-type': 'application/json',
    ...(warnings.length > 0 ? { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') } : {}),
  });
  res.end(JSON.stringify(stored));
}

/** One `Impersonate-Group` header per `--as-group` (Node joins repeated headers in `req.headers`). */
function impersonatedGroups(req: IncomingMessage): string[] {
  return req.headersDistinct['impersonate-group'] ?? [];
}

function matchesSelector(object: K8sObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=') as [string, string | undefined];
    return object.metadata?.labels?.[key] === value;
  });
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function kubeconfig(url: string, context: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: fake
    cluster: { server: "${url}" }
  - name: dead
    cluster: { server: "http://127.0.0.1:9" }
users:
  - name: fake
    user: {}
contexts:
  - name: ${context}
    context: { cluster: fake, user: fake }
  - name: learners-current
    context: { cluster: dead, user: fake }
current-context: learners-current
`;
}
