import { parse } from 'yaml';

/**
 * Reading a kubeconfig the way kubectl does (client-go clientcmd): `current-context` (or a
 * named context) picks a context; the context names a cluster and a user by name in the
 * `clusters` and `users` lists. Only what identifies the user is read here.
 */

/** The `user` stanza of a kubeconfig entry, with the fields that say who it is. */
export interface KubeconfigUser {
  'client-certificate-data'?: string;
  'client-certificate'?: string;
  'client-key-data'?: string;
  'client-key'?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
}

export interface ResolvedContext {
  context: string;
  cluster: string | undefined;
  server: string | undefined;
  userName: string | undefined;
  user: KubeconfigUser | undefined;
}

type Named = { name?: unknown } & Record<string, unknown>;
const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const named = (list: unknown): Named[] => (Array.isArray(list) ? list.map(record).filter((e): e is Named => e !== undefined) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The context a kubeconfig selects, or the learner-readable reason it selects none. */
export function resolveContext(source: string, contextName?: string): ResolvedContext | { problem: string } {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (error) {
    return { problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const config = record(doc);
  if (config === undefined || (config.kind !== undefined && config.kind !== 'Config')) return { problem: 'not a kubeconfig (expected kind: Config with contexts, clusters and users)' };
  const contexts = named(config.contexts);
  const name = contextName ?? text(config['current-context']);
  const names = contexts.map((c) => text(c.name)).filter((n): n is string => n !== undefined);
  const list = names.length > 0 ? `contexts: ${names.join(', ')}` : 'it has no contexts';
  if (name === undefined) return { problem: `no current-context is set (${list})` };
  const entry = contexts.find((c) => c.name === name);
  if (entry === undefined) return { problem: `no context ${name} (${list})` };
  const ctx = record(entry.context) ?? {};
  const clusterName = text(ctx.cluster);
  const userName = text(ctx.user);
  const cluster = record(named(config.clusters).find((c) => c.name === clusterName)?.cluster);
  const user = record(named(config.users).find((u) => u.name === userName)?.user);
  return { context: name, cluster: clusterName, server: text(cluster?.server), userName, user: user as KubeconfigUser | undefined };
}

/** The claims of a JWT, decoded without verifying its signature; undefined when it is no JWT. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const header = record(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')));
    const claims = record(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
    return header?.alg !== undefined ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** `abcdef.0123456789abcdef`: a kubeadm bootstrap token (its id, then its secret). */
export const BOOTSTRAP_TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
