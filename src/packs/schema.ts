import { z } from 'zod';
import { packSchema, taskSchema, type Checker } from '../models/index.js';

type JsonSchema = Record<string, unknown>;

/** JSON Schemas for editors (`# yaml-language-server: $schema=…`), generated from the zod models. */
export interface PackJsonSchemas {
  pack: JsonSchema;
  task: JsonSchema;
}

/** Input-side schemas: fields with defaults are optional, as authors write them. */
function toJson(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/**
 * The Pack and Task document schemas. A task's `checks` items are a `oneOf` over the registered
 * check types — `type` as a const, that type's params, and the common fields — so an editor
 * completes each check's own keys once `type` is typed.
 */
export function packJsonSchemas(checkers: readonly Checker[]): PackJsonSchemas {
  const pack = { ...toJson(packSchema), title: 'kubedrill Pack (pack.yaml)' };
  const task = toJson(taskSchema) as JsonSchema & { properties: Record<string, JsonSchema> };
  task.title = 'kubedrill Task';
  const base = toJson(taskSchema.shape.checks.element) as { properties: Record<string, JsonSchema> };
  const variants = [...checkers]
    .sort((a, b) => (a.type < b.type ? -1 : 1))
    .map((checker) => checkVariant(checker, base.properties));
  task.properties = {
    ...task.properties,
    checks: { ...task.properties.checks, items: variants.length > 0 ? { oneOf: variants } : base },
  };
  return { pack, task };
}

function checkVariant(checker: Checker, common: Record<string, JsonSchema>): JsonSchema {
  const params = toJson(checker.params) as { properties?: Record<string, JsonSchema>; required?: string[] };
  delete (params as JsonSchema).$schema;
  return {
    ...params,
    type: 'object',
    title: checker.type,
    description: checker.summary,
    properties: {
      id: common.id,
      type: { type: 'string', const: checker.type },
      points: common.points,
      description: common.description,
      ...params.properties,
    },
    required: ['id', 'type', 'points', ...(params.required ?? [])],
    additionalProperties: false,
  };
}
