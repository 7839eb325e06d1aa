import { z } from 'zod';
import { evaluateJsonPath, JsonPathError } from '../src/jsonpath/index.js';
import { fieldLabel } from '../src/models/check-fields.js';
import { defineChecker, errored, failed, passed } from '../src/models/index.js';
import type { CheckContext, K8sObject } from '../src/models/index.js';
import {
  coalesceValues,
  decodeReleaseSecret,
  HELM_RELEASE_SECRET_TYPE,
  HelmDecodeError,
  releaseOfSecret,
  type HelmRelease,
} from './support/helm-storage.js';
import { jsonPathTemplateSchema } from './support/ref.js';

/** Helm's release statuses (pkg/release/status.go). */
const HELM_STATUSES = ['deployed', 'failed', 'superseded', 'uninstalled', 'uninstalling', 'pending-install', 'pending-upgrade', 'pending-rollback', 'unknown'] as const;

/** YAML authors write `equals: 3` or `equals: true`; JSONPath prints them as text. */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const valueSchema = z.strictObject({
  path: jsonPathTemplateSchema.describe("kubectl JSONPath over the values, e.g. '{.image.tag}'"),
  equals: scalar,
  all: z
    .boolean()
    .default(false)
    .describe('false: the values the user supplied (helm get values); true: with the chart defaults under them (helm get values --all)'),
});

const revisionSchema = z.number().int().positive();

const params = z
  .strictObject({
    // Helm's own rule for release names (pkg/chartutil/validate_name.go); it also keeps the label selector well-formed.
    release: z
      .string()
      .max(53)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'not a Helm release name (lowercase letters, digits, - and ., at most 53)')
      .describe('the release name'),
    namespace: z.string().min(1).optional().describe('default: default, as helm without -n'),
    atRevision: revisionSchema.optional().describe('inspect this revision instead of the latest (what helm status shows)'),
    status: z.enum(HELM_STATUSES).optional(),
    chart: z.string().min(1).optional().describe("the chart's name (Chart.yaml name)"),
    chartVersion: scalar.optional().describe("the chart's version"),
    appVersion: scalar.optional().describe("the chart's appVersion"),
    revision: revisionSchema.optional().describe('the latest revision is this one'),
    minRevision: revisionSchema.optional().describe('the latest revision is at least this one (it was upgraded)'),
    values: z.array(valueSchema).min(1).optional(),
  })
  .refine((p) => p.atRevision === undefined || (p.revision === undefined && p.minRevision === undefined), {
    message: 'revision and minRevision are about the latest revision: not with atRevision',
  });

type Params = z.infer<typeof params>;

/** The Secrets of one release, newest revision first, as Helm finds them (`owner=helm,name=<release>`). */
async function revisionsOf(p: Params, ctx: CheckContext): Promise<{ secret: K8sObject; revision: number }[]> {
  const namespace = p.namespace ?? 'default';
  const secrets = await ctx.cluster.list('secrets', { namespace, labelSelector: `owner=helm,name=${p.release}` });
  return secrets
    .map((secret) => {
      const named = releaseOfSecret(secret);
      // Helm numbers revisions by the release's `version`, which it also writes to the `version` label and the name.
      const label = Number(secret.metadata?.labels?.version);
      return named && named.release === p.release ? { secret, revision: Number.isInteger(label) && label > 0 ? label : named.revision } : undefined;
    })
    .filter((r): r is { secret: K8sObject; revision: number } => r !== undefined)
    .sort((a, b) => b.revision - a.revision);
}

/** Where releases are when this one is not: the same name elsewhere, or the releases in the namespace. */
async function describeMissingRelease(p: Params, ctx: CheckContext): Promise<string> {
  const namespace = p.namespace ?? 'default';
  const base = `no Helm release ${p.release} in namespace ${namespace}`;
  let all: K8sObject[];
  try {
    all = await ctx.cluster.list('secrets', { labelSelector: 'owner=helm' });
  } catch {
    return base;
  }
  const releases = all.filter((s) => s.type === HELM_RELEASE_SECRET_TYPE).map((s) => ({ name: s.metadata?.labels?.name ?? releaseOfSecret(s)?.release ?? '', namespace: s.metadata?.namespace ?? '' }));
  const elsewhere = [...new Set(releases.filter((r) => r.name === p.release && r.namespace !== namespace).map((r) => r.namespace))];
  if (elsewhere.length > 0) return `${base}; found release ${p.release} in namespace ${elsewhere.slice(0, 3).join(', ')}`;
  const here = [...new Set(releases.filter((r) => r.namespace === namespace).map((r) => r.name))].sort();
  return here.length > 0 ? `${base} (releases there: ${here.slice(0, 5).join(', ')})` : `${base} (no Helm releases there)`;
}

interface Problem {
  full: string;
  safe: string;
}

/** What a values path reads: the text kubectl's JSONPath prints, trimmed. */
function readValue(release: HelmRelease, path: string, all: boolean): string {
  const supplied = release.config ?? {};
  const root = all ? coalesceValues(release.chart?.values ?? {}, supplied) : supplied;
  try {
    return evaluateJsonPath(path, root).trim();
  } catch (error) {
    // An index past the end of a list is the values' shape, the learner's to fix: shown, never equal.
    if (error instanceof JsonPathError && error.phase === 'execute') return `(cannot evaluate: ${error.message})`;
    throw error;
  }
}

const shownValue = (text: string): string => (text === '' ? 'not set' : text);

/** Every way the release differs from what the check wants. */
function problemsOf(p: Params, release: HelmRelease, latest: number): Problem[] {
  const problems: Problem[] = [];
  const differs = (what: string, now: string | undefined, want: string): void => {
    if (now === want) return;
    const shown = now === undefined || now === '' ? 'none' : now;
    problems.push({ full: `${what} is ${shown}, not ${want}`, safe: `${what} is not what the task asks (now: ${shown})` });
  };
  const meta = release.chart?.metadata;
  if (p.status !== undefined) differs('status', release.info?.status, p.status);
  if (p.chart !== undefined) differs('chart', meta?.name, p.chart);
  if (p.chartVersion !== undefined) differs('chart version', meta?.version, p.chartVersion);
  if (p.appVersion !== undefined) differs('app version', meta?.appVersion, p.appVersion);
  if (p.revision !== undefined) differs('revision', String(latest), String(p.revision));
  if (p.minRevision !== undefined && latest < p.minRevision) {
    problems.push({ full: `revision is ${latest}, less than ${p.minRevision}`, safe: `revision is not what the task asks (now: ${latest})` });
  }
  for (const v of p.values ?? []) {
    const label = `${v.all ? 'value (with chart defaults)' : 'value'} ${fieldLabel(v.path)}`;
    const now = readValue(release, v.path, v.all);
    if (now !== v.equals.trim()) problems.push({ full: `${label} is ${shownValue(now)}, not ${v.equals}`, safe: `${label} is not what the task asks (now: ${shownValue(now)})` });
  }
  return problems;
}

/** The release as evidence shows it (the learner's own state). */
function describeRelease(release: HelmRelease, revision: number, p: Params): string {
  const meta = release.chart?.metadata;
  const parts = [`revision ${release.version ?? revision}`, release.info?.status ?? 'no status', `chart ${meta?.name ?? '?'}-${meta?.version ?? '?'}${meta?.appVersion ? ` (app ${meta.appVersion})` : ''}`];
  const values = (p.values ?? []).map((v) => `${fieldLabel(v.path)} = ${shownValue(readValue(release, v.path, v.all))}`);
  return `${parts.join(', ')}${values.length > 0 ? `; values ${values.join(', ')}` : ''}`;
}

function wants(p: Params): string {
  const list: string[] = [];
  if (p.status !== undefined) list.push(`status ${p.status}`);
  if (p.chart !== undefined) list.push(`chart ${p.chart}`);
  if (p.chartVersion !== undefined) list.push(`chart version ${p.chartVersion}`);
  if (p.appVersion !== undefined) list.push(`app version ${p.appVersion}`);
  if (p.revision !== undefined) list.push(`revision ${p.revision}`);
  if (p.minRevision !== undefined) list.push(`revision ≥ ${p.minRevision}`);
  for (const v of p.values ?? []) list.push(`${fieldLabel(v.path)} = ${v.equals}${v.all ? ' (with chart defaults)' : ''}`);
  return list.length > 0 ? ` with ${list.join(', ')}` : '';
}

/** A Helm 3 release, read from its release Secrets: status, chart, versions, revision, values. */
export const helmReleaseChecker = defineChecker({
  type: 'helm-release',
  summary: "a Helm release (read from Helm's release Secrets): status, chart, chart/app version, revision, values",
  params,
  needs: [],
  async run(p, ctx) {
    const namespace = p.namespace ?? 'default';
    const name = `release ${p.release} in namespace ${namespace}`;
    const expected = `${name}${p.atRevision !== undefined ? ` at revision ${p.atRevision}` : ''}${wants(p)}`;
    const revisions = await revisionsOf(p, ctx);
    if (revisions.length === 0) {
      const missing = await describeMissingRelease(p, ctx);
      return failed(expected, missing, { summary: missing });
    }
    const latest = revisions[0]!;
    const chosen = p.atRevision === undefined ? latest : revisions.find((r) => r.revision === p.atRevision);
    if (chosen === undefined) {
      const have = `${name} has revisions ${revisions.map((r) => r.revision).reverse().join(', ')}`;
      return failed(expected, have, { summary: `${name}: the revision the task asks about is not there (${have.slice(name.length + 1)})` });
    }
    let release: HelmRelease;
    try {
      release = decodeReleaseSecret(chosen.secret);
    } catch (error) {
      // A format kubedrill does not read is its own limit, not the learner's mistake: not graded.
      if (error instanceof HelmDecodeError) return errored(`cannot read Helm release Secret ${chosen.secret.metadata?.name} in namespace ${namespace}: ${error.message}`);
      throw error;
    }
    const problems = problemsOf(p, release, latest.revision);
    const at = `${name} (revision ${chosen.revision})`;
    const described = describeRelease(release, chosen.revision, p);
    if (problems.length === 0) return passed(`${name}: ${described}`);
    return failed(expected, `${problems.map((x) => x.full).join('; ')} — ${described}`, { summary: `${at}: ${problems.map((x) => x.safe).join('; ')}` });
  },
});
