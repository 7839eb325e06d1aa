/**
 * A condition on one object: a kubectl JSONPath template and one operator on its trimmed output.
 * The same shape and meaning as the `jsonpath` check's own (`path` + equals | equalsQuantity |
 * oneOf | contains | matches | empty), so a pack author writes a `collection` condition as they
 * write a `jsonpath` check. Used by `collection` for `where`, `every` and `none`.
 */
import { z } from 'zod';
import { evaluateJsonPath, JsonPathError } from '../../src/jsonpath/index.js';
import { fieldLabel } from '../../src/models/check-fields.js';
import { parseQuantity, sameQuantity } from '../../src/models/index.js';
import { jsonPathTemplateSchema, regexSchema } from './ref.js';

/** YAML authors write `equals: 3` or `equals: true`; kubectl prints them as text. */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const CONDITION_OPERATORS = ['equals', 'equalsQuantity', 'oneOf', 'contains', 'matches', 'empty'] as const;

export const conditionSchema = z
  .strictObject({
    path: jsonPathTemplateSchema.describe("kubectl JSONPath template on one item, e.g. '{.spec.priority}'"),
    equals: scalar.optional(),
    equalsQuantity: scalar
      .refine((v) => parseQuantity(v) !== undefined, { message: 'not a Kubernetes quantity (e.g. 500m, 0.5, 1Gi)' })
      .optional(),
    oneOf: z.array(scalar).min(1).optional(),
    contains: z.string().min(1).optional(),
    matches: regexSchema.optional(),
    empty: z.boolean().optional().describe('empty: false means the field is set'),
  })
  .refine((c) => CONDITION_OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: `give exactly one of ${CONDITION_OPERATORS.join(', ')}`,
  });

export type Condition = z.infer<typeof conditionSchema>;

/** The condition in words, with its value: for `expected` only (it may be the answer). */
export function describeCondition(c: Condition): string {
  const field = fieldLabel(c.path);
  if (c.equals !== undefined) return `${field} = ${c.equals === '' ? '(empty)' : c.equals.trim()}`;
  if (c.equalsQuantity !== undefined) return `${field} is the quantity ${c.equalsQuantity}`;
  if (c.oneOf !== undefined) return `${field} is one of ${c.oneOf.map((v) => (v === '' ? '(empty)' : v)).join(', ')}`;
  if (c.contains !== undefined) return `${field} contains "${c.contains}"`;
  if (c.matches !== undefined) return `${field} matches /${c.matches}/`;
  return c.empty ? `${field} is empty` : `${field} is set`;
}

/** Whether an output (already trimmed) meets the condition; the `jsonpath` check's comparison. */
export function conditionHolds(c: Condition, output: string): boolean {
  if (c.equals !== undefined) return output === c.equals.trim();
  if (c.equalsQuantity !== undefined) return sameQuantity(output, c.equalsQuantity);
  if (c.oneOf !== undefined) return c.oneOf.some((v) => v.trim() === output);
  if (c.contains !== undefined) return output.includes(c.contains);
  if (c.matches !== undefined) return new RegExp(c.matches).test(output);
  return (output === '') === c.empty;
}

/** What the template prints for one object, or why kubectl could not evaluate it there. */
export type Reading = { value: string } | { error: string };

/**
 * Evaluates the condition's template on one object. An execute error (an index past the end of
 * this object's list) is the object's shape, reported as a reading; it never meets the condition.
 */
export function readCondition(c: Condition, object: unknown): Reading {
  try {
    return { value: evaluateJsonPath(c.path, object).trim() };
  } catch (error) {
    if (error instanceof JsonPathError && error.phase === 'execute') return { error: error.message };
    throw error;
  }
}

export const holds = (c: Condition, reading: Reading): boolean => 'value' in reading && conditionHolds(c, reading.value);
