import { z } from 'zod';
import { defineChecker, failed, passed } from '../src/models/index.js';
import type { K8sObject } from '../src/models/index.js';
import { resolveResourceType } from '../src/models/api-resources.js';
import { fieldLabel, safeFieldLabel } from '../src/models/check-fields.js';
import { parseSelectorText } from '../src/models/label-selector.js';
import { conditionSchema, describeCondition, holds, readCondition, type Condition, type Reading } from './support/condition.js';
import { pollable } from './support/live.js';

const selectorText = z.string().min(1).superRefine((text, ctx) => {
  try {
    parseSelectorText(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const count = z
  .strictObject({
    equals: z.number().int().min(0).optional(),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .refine((c) => (c.equals !== undefined) !== (c.min !== undefined || c.max !== undefined), { message: 'give equals, or min and/or max' })
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, { message: 'min is above max' });

const params = z
  .strictObject({
    list: z.string().min(1).describe('the kind to list, as kubectl accepts it: pods, deploy, endpointslices.discovery.k8s.io'),
    namespace: z.string().min(1).optional().describe('default: default, as kubectl without -n; cluster-scoped kinds ignore it'),
    allNamespaces: z.boolean().default(false).describe('list across all namespaces, as kubectl -A'),
    labelSelector: selectorText.optional().describe('kubectl -l syntax'),
    where: conditionSchema.optional().describe('keep only the items meeting this condition'),
    count: count.optional(),
    every: conditionSchema.optional().describe('every item meets it (and there is at least one)'),
    none: conditionSchema.optional().describe('no item meets it'),
  })
  .refine((p) => !(p.allNamespaces && p.namespace !== undefined), { message: 'give namespace or allNamespaces, not both' })
  .refine((p) => p.count !== undefined || p.every !== undefined || p.none !== undefined, { message: 'give at least one of count, every, none' })
  .refine((p) => p.every === undefined || p.none === undefined, { message: 'give every or none, not both' });

type Params = z.infer<typeof params>;

const MAX_NAMES = 8;
const nameOf = (o: K8sObject, withNamespace: boolean): string =>
  withNamespace && o.metadata?.namespace !== undefined ? `${o.metadata.namespace}/${o.metadata.name ?? '?'}` : (o.metadata?.name ?? '?');
function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  return names.length > MAX_NAMES ? `${names.slice(0, MAX_NAMES).join(', ')}, … (+${names.length - MAX_NAMES} more)` : names.join(', ');
}

/** `pods labelled app=web in namespace prod`; `where` named in full (expected) or by its field only (summary). */
function setLabel(p: Params, namespaced: boolean, safe: boolean): string {
  const selector = p.labelSelector !== undefined ? ` labelled ${p.labelSelector}` : '';
  const where = p.where ? (safe ? ` meeting the check's condition on ${safeFieldLabel(fieldLabel(p.where.path))}` : ` where ${describeCondition(p.where)}`) : '';
  const scope = !namespaced ? '' : p.allNamespaces ? ' in all namespaces' : ` in namespace ${p.namespace ?? 'default'}`;
  return `${p.list}${selector}${where}${scope}`;
}

function countWant(c: NonNullable<Params['count']>): string {
  if (c.equals !== undefined) return `exactly ${c.equals}`;
  if (c.min !== undefined && c.max !== undefined) return `between ${c.min} and ${c.max}`;
  return c.min !== undefined ? `at least ${c.min}` : `at most ${c.max}`;
}
const countHolds = (c: NonNullable<Params['count']>, n: number): boolean =>
  c.equals !== undefined ? n === c.equals : (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);

const shownReading = (r: Reading): string => ('value' in r ? (r.value === '' ? '(empty)' : r.value) : `cannot evaluate: ${r.error}`);

/**
 * Objects of a kind (namespace, label selector, optional `where`): how many there are, or that
 * every one / none of them meets a condition. Reads only objects, so it grades offline too.
 */
const collectionCheckerOnce = defineChecker({
  type: 'collection',
  summary: 'objects of a kind (namespace, labels, where): their count, or every / none meets a JSONPath condition',
  params,
  needs: [],
  async run(p, ctx) {
    const listed = p.allNamespaces
      ? await ctx.cluster.list(p.list, p.labelSelector !== undefined ? { labelSelector: p.labelSelector } : {})
      : await ctx.cluster.list(p.list, { namespace: p.namespace ?? 'default', ...(p.labelSelector !== undefined ? { labelSelector: p.labelSelector } : {}) });
    // Scope from the kind table, else from the objects (custom resources); unknown and empty: namespaced.
    const namespaced = resolveResourceType(p.list)?.namespaced ?? (listed.length === 0 || listed.some((o) => o.metadata?.namespace !== undefined));
    const items = p.where ? listed.filter((o) => holds(p.where as Condition, readCondition(p.where as Condition, o))) : listed;
    const names = items.map((o) => nameOf(o, p.allNamespaces));
    const set = setLabel(p, namespaced, false);
    const safeSet = setLabel(p, namespaced, true);

    const wants: string[] = [];
    if (p.count) wants.push(`${countWant(p.count)}`);
    if (p.every) wants.push(`every one: ${describeCondition(p.every)}`);
    if (p.none) wants.push(`none: ${describeCondition(p.none)}`);
    const expected = `${set}: ${wants.join('; ')}`;

    // The count is the learner's own state; with `where`, the summary names only the condition's field.
    if (p.count && !countHolds(p.count, items.length)) {
      return failed(expected, `${items.length}: ${listNames(names)}`, { summary: `${items.length} ${safeSet}: not the number the task asks` });
    }
    const condition = p.every ?? p.none;
    if (condition) {
      const field = safeFieldLabel(fieldLabel(condition.path));
      const readings = items.map((o, i) => ({ name: names[i] ?? '?', reading: readCondition(condition, o) }));
      // `every` over nothing would pass an empty namespace: a deleted workload is not a compliant one.
      if (p.every && items.length === 0) {
        const none = `no ${set} to check`;
        return failed(expected, none, { summary: `no ${safeSet} to check` });
      }
      const wrong = readings.filter((r) => holds(condition, r.reading) === (p.none !== undefined));
      if (wrong.length > 0) {
        const shown = wrong.slice(0, MAX_NAMES).map((r) => `${r.name} (${fieldLabel(condition.path)} = ${shownReading(r.reading)})`);
        const more = wrong.length > MAX_NAMES ? `, … (+${wrong.length - MAX_NAMES} more)` : '';
        const verb = p.every ? 'do not meet it' : 'meet it';
        // Which items are wrong is often the puzzle (a hunt for privileged pods): only how many, before the solution.
        const summary = p.every
          ? `${wrong.length} of ${items.length} ${safeSet}: ${field} is not what the task asks`
          : `${wrong.length} of ${items.length} ${safeSet} still have a ${field} the task rules out`;
        return failed(expected, `${wrong.length} of ${items.length} ${verb}: ${shown.join(', ')}${more}`, { summary });
      }
    }
    const counted = `${items.length} ${set}${items.length > 0 ? `: ${listNames(names)}` : ''}`;
    const verdict = p.every ? ` — every one: ${describeCondition(p.every)}` : p.none ? ` — none: ${describeCondition(p.none)}` : '';
    return passed(`${counted}${verdict}`);
  },
});

/** With `live: true` (support/live.ts): unsupported offline, polled on a live cluster (pods only controllers make). */
export const collectionChecker = pollable(collectionCheckerOnce);
