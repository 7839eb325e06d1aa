import { z } from 'zod';
import { defineChecker, errored, failed, parseRef, passed } from '../src/models/index.js';
import type { K8sObject } from '../src/models/index.js';
import {
  formatRequirements,
  matchesLabelMap,
  matchesLabelSelector,
  matchesRequirements,
  parseSelectorText,
  selectorRequirements,
  SelectorError,
} from '../src/models/label-selector.js';
import type { LabelSelector } from '../src/models/label-selector.js';
import { candidateByName, podCandidates } from './support/pod-candidates.js';
import type { PodCandidate } from './support/pod-candidates.js';
import { lookup, refSchema } from './support/ref.js';

/** The kinds whose selector picks pods, by every name kubectl accepts for them, and their API group. */
const SELECTING_KINDS: readonly { kind: string; group: string; names: readonly string[] }[] = [
  { kind: 'Service', group: '', names: ['service', 'services', 'svc'] },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', names: ['networkpolicy', 'networkpolicies', 'netpol'] },
  { kind: 'Deployment', group: 'apps', names: ['deployment', 'deployments', 'deploy'] },
  { kind: 'ReplicaSet', group: 'apps', names: ['replicaset', 'replicasets', 'rs'] },
  { kind: 'StatefulSet', group: 'apps', names: ['statefulset', 'statefulsets', 'sts'] },
  { kind: 'DaemonSet', group: 'apps', names: ['daemonset', 'daemonsets', 'ds'] },
  { kind: 'Job', group: 'batch', names: ['job', 'jobs'] },
  { kind: 'PodDisruptionBudget', group: 'policy', names: ['poddisruptionbudget', 'poddisruptionbudgets', 'pdb'] },
  { kind: 'ReplicationController', group: '', names: ['replicationcontroller', 'replicationcontrollers', 'rc'] },
];

/** The selecting kind a ref's kind text names (`svc`, `deployments.apps`, `netpol.v1.networking.k8s.io`), if any. */
export function selectingKind(text: string): string | undefined {
  const lower = text.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot === -1 ? lower : lower.slice(0, dot);
  // `deployments.v1.apps` names a version before the group.
  const group = dot === -1 ? undefined : lower.slice(dot + 1).replace(/^v\d[a-z0-9]*\./, '');
  return SELECTING_KINDS.find((k) => k.names.includes(name) && (group === undefined || group === k.group))?.kind;
}

const selectorText = z.string().min(1).superRefine((text, ctx) => {
  try {
    parseSelectorText(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const params = z.strictObject({
  ref: refSchema.refine((text) => selectingKind(parseRef(text)?.kind ?? '') !== undefined, {
    message: `the object must be one whose selector picks pods: ${SELECTING_KINDS.map((k) => k.kind).join(', ')}`,
  }),
  namespace: z.string().min(1).default('default'),
  expect: z
    .strictObject({
      labels: selectorText.optional().describe('the expected pods: those in the namespace with these labels (kubectl -l syntax)'),
      pods: z.array(z.string().min(1)).min(1).optional().describe('the expected pods by name'),
    })
    .refine((e) => (e.labels === undefined) !== (e.pods === undefined), { message: 'give exactly one of labels or pods' }),
});

/** What an object's selector picks: a test on candidates and how to show it, or why it picks none. */
type Picker = { picks: (c: PodCandidate) => boolean; shows: string } | { none: string };

const asMap = (v: unknown): Record<string, string> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined;

function labelSelectorPicker(selector: LabelSelector): Picker {
  const requirements = selectorRequirements(selector);
  return { picks: (c) => matchesLabelSelector(selector, c.labels), shows: formatRequirements(requirements) };
}

function mapPicker(map: Record<string, string>): Picker {
  return { picks: (c) => matchesLabelMap(map, c.labels), shows: formatRequirements(Object.entries(map).map(([key, value]) => ({ key, op: 'eq', value }))) };
}

/**
 * The selector semantics of each kind: a Service's map (none = no pods), a NetworkPolicy's
 * podSelector (`{}` = every pod), workloads' and PDBs' LabelSelector, an RC's map (defaulting to
 * its template's labels, as the API server fills it in). Throws SelectorError for a malformed one.
 */
function pickerOf(kind: string, object: K8sObject): Picker {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const name = object.metadata?.name ?? '?';
  switch (kind) {
    case 'Service': {
      const map = asMap(spec.selector);
      if (!map || Object.keys(map).length === 0) return { none: 'has no selector (a Service without selector picks no pods)' };
      return mapPicker(map);
    }
    case 'ReplicationController': {
      const map = asMap(spec.selector);
      const template = asMap((spec.template as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels);
      const effective = map && Object.keys(map).length > 0 ? map : template;
      return effective && Object.keys(effective).length > 0 ? mapPicker(effective) : { none: 'has no selector' };
    }
    case 'NetworkPolicy':
      // podSelector is a struct, not a pointer: omitted is `{}`, every pod in the namespace.
      return labelSelectorPicker((asMap(spec.podSelector) ?? {}) as LabelSelector);
    case 'Job':
      // The API server generates a Job's selector (controller-uid) unless manualSelector is set;
      // offline, with none written, the Job picks exactly the pods it would create.
      if (!asMap(spec.selector)) return { picks: (c) => c.workload?.kind === 'Job' && c.workload.name === name, shows: `its own pods` };
      return labelSelectorPicker(spec.selector as LabelSelector);
    default: {
      // Workloads and PodDisruptionBudgets: a LabelSelector where absent picks nothing and `{}` everything.
      const selector = asMap(spec.selector);
      return selector ? labelSelectorPicker(selector as LabelSelector) : { none: 'has no selector' };
    }
  }
}

const MAX_NAMES = 8;

/** `a, b, c` or `a, b, … (+3 more)`; `no pods` for none. */
export function namesOf(candidates: readonly PodCandidate[]): string {
  if (candidates.length === 0) return 'no pods';
  const shown = candidates.slice(0, MAX_NAMES).map((c) => c.label);
  return candidates.length > MAX_NAMES ? `${shown.join(', ')}, … (+${candidates.length - MAX_NAMES} more)` : shown.join(', ');
}

/** The pods an object's selector picks, compared with the pods the task expects: meaning, not spelling. */
export const selectsChecker = defineChecker({
  type: 'selects',
  summary: "an object's selector picks exactly the expected pods (Service, NetworkPolicy, workload, PDB)",
  params,
  needs: [],
  // Offline there are no controller-made pods: workloads stand for theirs through their template.
  modelsOffline: true,
  async run(p, ctx) {
    const found = await lookup(ctx.cluster, p.ref, p.namespace);
    const refLabel = `${found.ref.kind}/${found.ref.name}`;
    const wanted = p.expect.labels !== undefined ? `the pods labelled ${p.expect.labels}` : `pods ${p.expect.pods?.join(', ')}`;
    const expectedHead = `${refLabel} in namespace ${p.namespace} picks exactly ${wanted}`;
    if ('missing' in found) return failed(expectedHead, found.missing, { summary: found.missing });

    const candidates = await podCandidates(ctx.cluster, p.namespace, ctx.offline);
    let expectedSet: PodCandidate[];
    const absent: string[] = [];
    if (p.expect.labels !== undefined) {
      const requirements = parseSelectorText(p.expect.labels);
      expectedSet = candidates.filter((c) => matchesRequirements(requirements, c.labels));
      if (expectedSet.length === 0) {
        return errored(`no pod in namespace ${p.namespace} carries ${p.expect.labels}: the check's expected set is empty, so it cannot tell a right selector from a wrong one`);
      }
    } else {
      expectedSet = [];
      for (const name of p.expect.pods ?? []) {
        const c = candidateByName(candidates, name);
        if (!c) absent.push(name);
        else if (!expectedSet.includes(c)) expectedSet.push(c);
      }
    }
    const expected = `${expectedHead}: ${[...expectedSet.map((c) => c.label), ...absent].join(', ')}`;

    const kind = kindOf(found.object) ?? selectingKind(found.ref.kind) ?? '';
    let picker: Picker;
    try {
      picker = pickerOf(kind, found.object);
    } catch (error) {
      if (error instanceof SelectorError) {
        const invalid = `${refLabel} has an invalid selector: ${error.message}`;
        return failed(expected, invalid, { summary: invalid });
      }
      throw error;
    }
    const picked = 'none' in picker ? [] : candidates.filter(picker.picks);
    const missing = [...expectedSet.filter((c) => !picked.includes(c)).map((c) => c.label), ...absent.map((n) => `${n} (no such pod)`)];
    const extra = picked.filter((c) => !expectedSet.includes(c));
    const how = 'none' in picker ? picker.none : `selector ${picker.shows}`;
    if (missing.length === 0 && extra.length === 0) return passed(`${refLabel} (${how}) picks ${namesOf(picked)}`);

    const diff = [missing.length > 0 ? `missing: ${missing.join(', ')}` : undefined, extra.length > 0 ? `extra: ${namesOf(extra)}` : undefined]
      .filter((x) => x !== undefined)
      .join('; ');
    const expectedNames = [...expectedSet.map((c) => c.label), ...absent].join(', ');
    // Before the solution: what the selector picks and which of those are wrong, but only how
    // many expected pods it misses — their names would tell which labels to select.
    const summary = [
      `${refLabel} in namespace ${p.namespace} (${how}) picks ${namesOf(picked)}`,
      missing.length > 0 ? `it misses ${missing.length} pod${missing.length === 1 ? '' : 's'} the task asks for` : undefined,
      extra.length > 0 ? `${namesOf(extra)} should not be picked` : undefined,
    ]
      .filter((x) => x !== undefined)
      .join('; ');
    return failed(expected, `${refLabel} (${how}) picks ${namesOf(picked)}; expected ${expectedNames} (${diff})`, { summary });
  },
});

/** The kind an object carries, when it is one whose selector picks pods. */
function kindOf(object: K8sObject): string | undefined {
  return SELECTING_KINDS.find((k) => k.kind === object.kind)?.kind;
}
