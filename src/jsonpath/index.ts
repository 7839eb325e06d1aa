/**
 * kubectl's JSONPath dialect (client-go `util/jsonpath`) and `-o custom-columns`, reproduced
 * so that graders print exactly what kubectl prints.
 */
import { JsonPathError } from './errors.js';
import { JsonPathProgram } from './evaluator.js';
import { parseJsonPath } from './parser.js';

export type * from './ast.js';
export { evaluateCustomColumns, parseCustomColumns, type CustomColumn, type CustomColumnsOptions } from './custom-columns.js';
export { JsonPathError, type JsonPathErrorPhase } from './errors.js';
export { parseJsonPath } from './parser.js';

/** Options for {@link evaluateJsonPath}. */
export interface JsonPathOptions {
  /** kubectl's `--allow-missing-template-keys` (default true: a missing key prints nothing). */
  allowMissingKeys?: boolean;
}

/**
 * Render `template` against `data` as `kubectl … -o jsonpath=<template>` prints it.
 * `data` is the object as decoded from JSON; for `kubectl get` of several objects pass
 * {@link kubectlList}(items), which is what kubectl evaluates against.
 * @throws {JsonPathError} for templates kubectl rejects (`phase: 'parse'`) and evaluations
 * kubectl aborts (`phase: 'execute'`, e.g. an index out of range).
 */
export function evaluateJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): string {
  // kubectl refuses `-o jsonpath=` before the engine sees it; a grader must fail the same way.
  if (template === '') throw new JsonPathError('template format specified but no template given', 0);
  return new JsonPathProgram(parseJsonPath(template), opts.allowMissingKeys ?? true).execute(data);
}

/**
 * The object `kubectl get` hands to the jsonpath printer when it prints more than one object
 * (a list, several names, a selector): a `v1 List` with an empty resourceVersion, whatever
 * the kind of list the server returned.
 */
export function kubectlList(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}
