import { z } from 'zod';
import { evaluateJsonPath, JsonPathError } from '../src/jsonpath/index.js';
import { defineChecker, errored, failed, parseQuantity, passed, sameQuantity } from '../src/models/index.js';
import { jsonPathTemplateSchema, lookup, refSchema, regexSchema, shown } from './support/ref.js';

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

/** A kubectl JSONPath template on one object, compared with one operator. */
export const jsonpathChecker = defineChecker({
  type: 'jsonpath',
  summary: 'kubectl JSONPath on one object, compared with equals | equalsQuantity | oneOf | contains | matches | empty',
  params,
  needs: [],
  async run(p, ctx) {
    const found = await lookup(ctx.cluster, p.ref, p.namespace);
    const want = `${p.path} on ${p.ref}: ${expectation(p)}`;
    if ('missing' in found) return failed(want, found.missing);
    let output: string;
    try {
      output = evaluateJsonPath(p.path, found.object).trim();
    } catch (error) {
      // An execute error (an index past the end) is the object's shape: the learner's to fix.
      if (error instanceof JsonPathError && error.phase === 'execute') {
        return failed(want, `kubectl cannot evaluate ${p.path} on this object: ${error.message}`);
      }
      return errored(`JSONPath ${p.path}: ${(error as Error).message}`);
    }
    return satisfies(p, output) ? passed(`${p.path} = ${shown(output)}`) : failed(want, shown(output));
  },
});
