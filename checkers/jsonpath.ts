import { z } from 'zod';
import { evaluateJsonPath, JsonPathError } from '../src/jsonpath/index.js';
import { defineChecker, errored, failed, parseQuantity, passed, sameQuantity } from '../src/models/index.js';
import { fieldLabel, safeFieldLabel } from '../src/models/check-fields.js';
import { pollable } from './support/live.js';
import { alignExpected, pairs, readFields, showValue, type FieldReading } from './support/fields.js';
import { jsonPathTemplateSchema, lookup, refSchema, regexSchema, shown, type Lookup } from './support/ref.js';

/** YAML authors write `equals: 3` or `equals: true`; kubectl prints them as text. */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const OPERATORS = ['equals', 'equalsQuantity', 'oneOf', 'contains', 'matches', 'empty'] as const;

const params = z
  .strictObject({
    ref: refSchema,
    namespace: z.string().min(1).optional().describe('default: default; cluster-scoped kinds ignore it'),
    path: jsonPathTemplateSchema.describe("kubectl JSONPath template, e.g. '{.spec.containers[0].image}'"),
    equals: scalar.optional(),
    equalsQuantity: scalar
      .refine((v) => parseQuantity(v) !== undefined, { message: 'not a Kubernetes quantity (e.g. 500m, 0.5, 1Gi)' })
      .optional()
      .describe('the value is a resource quantity equal to this one: 0.5 = 500m, 1Gi = 1024Mi = 1073741824'),
    oneOf: z.array(scalar).min(1).optional(),
    contains: z.string().min(1).optional(),
    matches: regexSchema.optional(),
    empty: z.boolean().optional(),
  })
  .refine((p) => OPERATORS.filter((op) => p[op] !== undefined).length === 1, {
    message: `give exactly one of ${OPERATORS.join(', ')}`,
  });

type Params = z.infer<typeof params>;

/** What the check wants, in words. */
function expectation(p: Params): string {
  if (p.equals !== undefined) return p.equals === '' ? '(empty)' : p.equals;
  if (p.equalsQuantity !== undefined) return `the quantity ${p.equalsQuantity}`;
  if (p.oneOf !== undefined) return `one of ${p.oneOf.map((v) => (v === '' ? '(empty)' : v)).join(', ')}`;
  if (p.contains !== undefined) return `contains "${p.contains}"`;
  if (p.matches !== undefined) return `matches /${p.matches}/`;
  return p.empty ? '(empty)' : 'a value (not empty)';
}

function satisfies(p: Params, output: string): boolean {
  if (p.equals !== undefined) return output === p.equals.trim();
  if (p.equalsQuantity !== undefined) return sameQuantity(output, p.equalsQuantity);
  if (p.oneOf !== undefined) return p.oneOf.some((v) => v.trim() === output);
  if (p.contains !== undefined) return output.includes(p.contains);
  if (p.matches !== undefined) return new RegExp(p.matches).test(output);
  return (output === '') === p.empty;
}

/** The object as the learner knows it: `deployment/web in namespace shop` (the namespace when the task names one). */
function targetOf(p: Params, found: Lookup): string {
  const namespace = 'object' in found ? found.object.metadata?.namespace : p.namespace;
  return p.namespace !== undefined && namespace !== undefined ? `${p.ref} in namespace ${namespace}` : p.ref;
}

/**
 * What is wrong without the expected value: the field(s) and what they hold now. A label key in a
 * field path is left out (safeFieldLabel): in a discovery task it is the answer.
 */
function summaryOf(target: string, named: readonly FieldReading[] | undefined, all: readonly FieldReading[]): string {
  const now = (f: FieldReading): string => (f.raw === '' ? 'not set' : f.shown);
  const field = (f: FieldReading): string => safeFieldLabel(f.label);
  const [one] = named ?? [];
  if (named && named.length === 1 && one) return `${target}: ${field(one)} is not what the task asks (now: ${now(one)})`;
  if (named && named.length > 1) {
    return `${target}: ${named.map(field).join(', ')} are not what the task asks (now: ${named.map((f) => `${field(f)} = ${now(f)}`).join(', ')})`;
  }
  return `${target}: ${all.map((f) => `${field(f)} = ${now(f)}`).join(', ')} — together not what the task asks`;
}

/** A kubectl JSONPath template on one object, compared with one operator. */
const jsonpathCheckerOnce = defineChecker({
  type: 'jsonpath',
  summary: 'kubectl JSONPath on one object, compared with equals | equalsQuantity | oneOf | contains | matches | empty',
  params,
  needs: [],
  async run(p, ctx) {
    const found = await lookup(ctx.cluster, p.ref, p.namespace);
    const target = targetOf(p, found);
    // Evidence names fields (`spec.replicas`), not the template (`{.spec.replicas}`).
    const label = fieldLabel(p.path);
    // Secret data is base64: the expected text reads decoded too.
    const secretData = /^secrets?\//i.test(p.ref) && /^\{\s*\.data[.[]/.test(p.path);
    const want = (decode = secretData): string =>
      p.equals !== undefined ? `${target}: ${label} = ${showValue(p.equals.trim(), decode)}` : `${target}: ${label}: ${expectation(p)}`;
    if ('missing' in found) return failed(want(), found.missing, { summary: found.missing });
    let output: string;
    try {
      output = evaluateJsonPath(p.path, found.object).trim();
    } catch (error) {
      // An execute error (an index past the end) is the object's shape: the learner's to fix.
      if (error instanceof JsonPathError && error.phase === 'execute') {
        const actual = `kubectl cannot evaluate ${label} on this object: ${error.message}`;
        return failed(want(), actual, { summary: `${target}: ${actual}` });
      }
      return errored(`JSONPath ${p.path}: ${(error as Error).message}`);
    }
    const read = readFields(p.path, found.object);
    const fields = read?.fields ?? [{ label, raw: output, shown: shown(output), secretData: false }];
    if (satisfies(p, output)) return passed(pairs(fields));

    // With `equals` the expected text splits along the template: name the fields that differ.
    const aligned = p.equals !== undefined && read ? alignExpected(p.equals.trim(), read.literals) : undefined;
    const wrong = aligned ? fields.filter((f, i) => f.raw !== aligned[i]) : fields.length === 1 ? fields : undefined;
    const named = wrong && wrong.length > 0 ? wrong : undefined;
    const expected = aligned
      ? `${target}: ${pairs(fields.map((f, i) => ({ label: f.label, shown: showValue(aligned[i] ?? '', f.secretData) })))}`
      : want(fields.length === 1 && fields[0]?.secretData === true);
    const actual = fields.length === 1 ? (fields[0]?.shown ?? shown(output)) : pairs(named ?? fields);
    return failed(expected, actual, { summary: summaryOf(target, named, fields) });
  },
});

/** With `live: true` (support/live.ts): unsupported offline, polled on a live cluster. */
export const jsonpathChecker = pollable(jsonpathCheckerOnce);
