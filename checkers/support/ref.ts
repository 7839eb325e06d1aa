import { z } from 'zod';
import { parseJsonPath } from '../../src/jsonpath/index.js';
import type { Cluster, K8sObject, ObjectRef } from '../../src/models/index.js';
import { parseRef } from '../../src/models/index.js';
import { describeMissing } from './missing.js';

/** `<kind>/<name>` as packs write refs: `pod/web`, `deployment.apps/api`, `node/{{nodes.worker1}}`. */
export const refSchema = z
  .string()
  .refine((text) => parseRef(text) !== undefined, { message: 'expected <kind>/<name>, e.g. pod/web' })
  .describe('<kind>/<name>, kind as kubectl accepts it');

/** A JSONPath template kubectl accepts, checked when the pack loads rather than at grading. */
export const jsonPathTemplateSchema = z.string().min(1).superRefine((template, ctx) => {
  try {
    parseJsonPath(template);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid JSONPath: ${(error as Error).message}` });
  }
});

/** A JavaScript regular expression, checked when the pack loads rather than at grading. */
export const regexSchema = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid JavaScript regular expression');

/** The object a check is about, or the learner-readable text saying why it is not there. */
export type Lookup = { object: K8sObject; ref: ObjectRef } | { missing: string; ref: ObjectRef };

/** Gets `<kind>/<name>` in `namespace` (default `default`), describing where it is when missing. */
export async function lookup(cluster: Cluster, refText: string, namespace?: string): Promise<Lookup> {
  const parsed = parseRef(refText, namespace ?? 'default');
  if (!parsed) throw new Error(`not a <kind>/<name> ref: ${refText}`);
  const object = await cluster.get(parsed);
  return object ? { object, ref: parsed } : { missing: await describeMissing(cluster, parsed), ref: parsed };
}

/** Output as a learner reads it in `actual`: `(empty)` rather than nothing at all. */
export function shown(text: string): string {
  return text === '' ? '(empty)' : text;
}
