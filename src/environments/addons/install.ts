// Installs add-ons on a cluster once: applies each pinned, hash-checked manifest, waits until it
// is usable, and records it on the cluster itself, so the next task (or `cluster status`) knows.
//
// Why a ConfigMap (kube-system/kubedrill-addons) and not a file in the data dir: the record lives
// and dies with the cluster (a recreated cluster has no stale record), every kubedrill on the
// machine reads the same one, and `cluster status` reads it with the kubectl it already has.
// kube-system is never swept by a task's reset (protected-namespaces.ts); the record and every
// applied object carry the add-on label, which the kind baseline keeps across resets too.
import { parseAllDocuments } from 'yaml';
import { UserError } from '../../errors.js';
import { conditionTrue, type K8sObject } from '../../models/index.js';
import { lastLine, parseJsonOr } from '../../system/index.js';
import { ADDON_LABEL } from '../kind/baseline-objects.js';
import type { Kubectl } from '../live/kubectl.js';
import { readAddonManifest } from './manifests.js';
import { ADDON_NAMES, findAddon, type AddonSpec, type Readiness } from './registry.js';

export const RECORD_NAMESPACE = 'kube-system';
export const RECORD_NAME = 'kubedrill-addons';
/** One field manager for everything kubedrill applies for add-ons (server-side apply). */
const FIELD_MANAGER = 'kubedrill-addons';

/** An add-on as recorded on a cluster. */
export interface InstalledAddon {
  name: string;
  version: string;
  sha256: string;
}

export interface AddonInstallOptions {
  onProgress?: (line: string) => void;
  /** How long one add-on may take to become ready after it is applied. Default 5 minutes (image pulls). */
  readyTimeoutMs?: number;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** Where the manifests are (tests). */
  manifestsDir?: string;
  /** Looks add-ons up here instead of the registry (tests). */
  registry?: readonly AddonSpec[];
}

export interface AddonInstallResult {
  name: string;
  version: string;
  outcome: 'installed' | 'already installed';
}

const DEFAULT_READY_TIMEOUT_MS = 300_000;
/** Applying ~600 KB of CRDs takes a few seconds; kubectl's own request timeout is per request. */
const APPLY_TIMEOUT_MS = 120_000;

/** The add-ons recorded on the cluster (none when the record does not exist yet). */
export async function readAddonRecord(kubectl: Kubectl): Promise<InstalledAddon[]> {
  const result = await kubectl.run(['get', 'configmap', RECORD_NAME, '-n', RECORD_NAMESPACE, '-o', 'json']);
  if (result.exitCode !== 0) {
    if (/\(NotFound\)/.test(result.stderr)) return [];
    throw new UserError(`cannot read the add-on record ${RECORD_NAMESPACE}/${RECORD_NAME}: ${lastLine(result.stderr)}`, ['kubedrill cluster status']);
  }
  const data = (parseJsonOr(result.stdout, {}) as { data?: Record<string, string> }).data ?? {};
  return Object.entries(data).flatMap(([name, value]) => {
    const entry = parseJsonOr(value, undefined) as { version?: unknown; sha256?: unknown } | undefined;
    return typeof entry?.version === 'string' && typeof entry.sha256 === 'string' ? [{ name, version: entry.version, sha256: entry.sha256 }] : [];
  });
}

/**
 * Installs `names` (in order, each once) on the cluster `kubectl` talks to. Every manifest is read
 * and hash-checked before anything is applied, so an unbundled or altered one changes nothing.
 * An add-on already recorded at the same version and still ready is skipped.
 */
export async function installAddons(kubectl: Kubectl, names: readonly string[], options: AddonInstallOptions = {}): Promise<AddonInstallResult[]> {
  const registry = options.registry;
  const lookup = (name: string) => (registry ? registry.find((a) => a.name === name) : findAddon(name));
  const specs = [...new Set(names)].map((name) => {
    const spec = lookup(name);
    if (!spec) throw new UserError(`unknown add-on "${name}"`, [`known add-ons: ${(registry?.map((a) => a.name) ?? ADDON_NAMES).join(', ')}`]);
    return spec;
  });
  const manifests = new Map<string, string>();
  for (const spec of specs) manifests.set(spec.name, await readAddonManifest(spec, options.manifestsDir));

  const record = new Map((await readAddonRecord(kubectl)).map((a) => [a.name, a]));
  const results: AddonInstallResult[] = [];
  for (const spec of specs) {
    options.signal?.throwIfAborted();
    const label = `add-on ${spec.name} ${spec.version}`;
    const recorded = record.get(spec.name);
    if (recorded?.version === spec.version && recorded.sha256 === spec.bundled?.sha256 && (await readinessNow(kubectl, spec.ready)).length === 0) {
      options.onProgress?.(`${label}: already installed`);
      results.push({ name: spec.name, version: spec.version, outcome: 'already installed' });
      continue;
    }
    options.onProgress?.(`${label}: applying`);
    await kubectl.runOk(['apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], {
      input: labelledList(manifests.get(spec.name) ?? '', spec.name),
      timeoutMs: APPLY_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await waitUntilReady(kubectl, spec, label, options);
    record.set(spec.name, { name: spec.name, version: spec.version, sha256: spec.bundled?.sha256 ?? '' });
    await writeRecord(kubectl, [...record.values()]);
    options.onProgress?.(`${label}: ready`);
    results.push({ name: spec.name, version: spec.version, outcome: 'installed' });
  }
  return results;
}

/**
 * The manifest's objects as one JSON List, each labelled as the add-on's, so a task's reset keeps
 * them (kind/baseline-objects.ts). JSON rather than edited YAML: nothing of the text is re-printed.
 */
export function labelledList(manifest: string, addon: string): string {
  const items: K8sObject[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    if (doc.errors.length > 0) throw new UserError(`add-on ${addon}: its manifest is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
    const object = doc.toJS() as K8sObject | null;
    if (object === null || typeof object !== 'object') continue;
    const metadata = object.metadata ?? {};
    items.push({ ...object, metadata: { ...metadata, labels: { ...(metadata.labels ?? {}), [ADDON_LABEL]: addon } } });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

async function writeRecord(kubectl: Kubectl, addons: readonly InstalledAddon[]): Promise<void> {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: RECORD_NAME, namespace: RECORD_NAMESPACE, labels: { [ADDON_LABEL]: 'record' } },
    data: Object.fromEntries(addons.map((a) => [a.name, JSON.stringify({ version: a.version, sha256: a.sha256 })])),
  };
  await kubectl.runOk(['apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], { input: JSON.stringify(configMap) });
}

async function waitUntilReady(kubectl: Kubectl, spec: AddonSpec, label: string, options: AddonInstallOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const deadline = now() + timeoutMs;
  let last = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const waiting = await readinessNow(kubectl, spec.ready);
    if (waiting.length === 0) return;
    const line = `${label}: waiting for ${waiting.join(', ')}`;
    if (line !== last) options.onProgress?.(line);
    last = line;
    if (now() >= deadline) {
      throw new UserError(`${label} was not ready after ${Math.round(timeoutMs / 1000)}s: still waiting for ${waiting.join(', ')}`, [
        'image pulls may be slow: try again (installing is idempotent)',
        'kubectl get events -A --sort-by=.lastTimestamp (with kubedrill\'s kubeconfig) shows why',
      ]);
    }
    await sleep(options.intervalMs ?? 2000);
  }
}

/** What of `ready` is not ready yet, one phrase each (empty: all ready). */
export async function readinessNow(kubectl: Kubectl, ready: readonly Readiness[]): Promise<string[]> {
  const waiting: string[] = [];
  for (const target of ready) {
    const { args, what } = readinessQuery(target);
    const result = await kubectl.run([...args, '-o', 'json']);
    if (result.exitCode !== 0) {
      waiting.push(`${what} (${/\(NotFound\)/.test(result.stderr) ? 'not created yet' : lastLine(result.stderr)})`);
      continue;
    }
    const object = parseJsonOr(result.stdout, {}) as K8sObject;
    if (!isReadyNow(target, object)) waiting.push(what);
  }
  return waiting;
}

function readinessQuery(target: Readiness): { args: string[]; what: string } {
  switch (target.kind) {
    case 'crd':
      return { args: ['get', 'customresourcedefinitions.apiextensions.k8s.io', target.name], what: `CRD ${target.name} Established` };
    case 'deployment':
      return { args: ['get', 'deployments.apps', target.name, '-n', target.namespace], what: `deployment ${target.namespace}/${target.name} Available` };
    case 'webhook-ca':
      return { args: ['get', 'validatingwebhookconfigurations.admissionregistration.k8s.io', target.name], what: `webhook ${target.name} CA bundle` };
  }
}

function isReadyNow(target: Readiness, object: K8sObject): boolean {
  if (target.kind === 'crd') return conditionTrue(object, 'Established');
  if (target.kind === 'deployment') return conditionTrue(object, 'Available');
  const webhooks = (object as { webhooks?: { clientConfig?: { caBundle?: string } }[] }).webhooks ?? [];
  return webhooks.length > 0 && webhooks.every((w) => (w.clientConfig?.caBundle ?? '') !== '');
}
