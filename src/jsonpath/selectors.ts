/**
 * The selection steps of client-go's jsonpath.go that need no evaluator state: indexes and
 * slices, unions, `*` children and `..` descent, plus the error type execution throws.
 */
import type { ArrayNode, Node } from './ast.js';
import { JsonPathError } from './errors.js';
import { GoNumber, kindOf, sortedKeys, typeName, type GoValue } from './go-value.js';

/** The values flowing between steps (Go's `[]reflect.Value`). */
export type Values = GoValue[];
/** A node compiled to a function of its input values. */
export type Step = (input: Values) => Values;

/** Shared empty result; results are never mutated after they are returned. */
export const EMPTY: Values = [];

/**
 * An execution error plus the values client-go returns alongside it. Go's existence filter
 * ignores the error but still counts those values, so `[?(@.name[0])]` keeps an item whose
 * name is a string (evalArray fails and hands back its input).
 */
export class ExecError extends JsonPathError {
  constructor(
    message: string,
    at: Node | number,
    readonly partial: Values,
  ) {
    super(message, typeof at === 'number' ? at : at.pos, 'execute');
  }
}

const utf8 = new TextEncoder();

/** The direct children `*` and `..` visit: map values (sorted keys), list items, string bytes. */
export function children(v: GoValue): Values {
  switch (kindOf(v)) {
    case 'map': {
      const m = v as Record<string, unknown>;
      return sortedKeys(m).map((k) => m[k]);
    }
    case 'slice':
      return v as Values;
    case 'string':
      return Array.from(utf8.encode(v as string), (b) => new GoNumber(b, 'uint8'));
    default:
      return [];
  }
}

export function evalUnion(input: Values, branches: Step[]): Values {
  const result: Values = [];
  for (const branch of branches) {
    try {
      for (const v of branch(input)) result.push(v);
    } catch (err) {
      // Go's evalUnion hands back its input with the error.
      if (err instanceof ExecError) throw new ExecError(err.message, err.position, input);
      throw err;
    }
  }
  return result;
}

export function evalArray(input: Values, node: ArrayNode): Values {
  const result: Values = [];
  for (const value of input) {
    const kind = kindOf(value);
    if (kind === 'nil') continue;
    if (kind === 'invalid') {
      // Go panics here (reflect: Type of a zero Value); report rather than crash.
      throw new ExecError('reflect: call of reflect.Value.Type on zero Value', node, input);
    }
    if (kind !== 'slice') throw new ExecError(`${typeName(value)} is not array or slice`, node, input);
    const list = value as Values;
    const len = list.length;
    const [p0, p1, p2] = node.params;
    let start = p0.known ? p0.value : 0;
    if (start < 0) start += len;
    let end = p1.known ? p1.value : len;
    if (end < 0 || (end === 0 && p1.derived)) end += len;
    if (end === start) return result; // client-go returns at once, skipping any further inputs
    if (start >= len || start < 0) {
      throw new ExecError(`array index out of bounds: index ${start}, length ${len}`, node, input);
    }
    if (end > len || end < 0) {
      throw new ExecError(`array index out of bounds: index ${end - 1}, length ${len}`, node, input);
    }
    if (start > end) {
      throw new ExecError(`starting index ${start} is greater than ending index ${end}`, node, input);
    }
    let step = 1;
    if (p2.known) {
      if (p2.value <= 0) throw new ExecError('step must be > 0', node, input);
      step = p2.value;
    }
    for (let i = start; i < end; i += step) result.push(list[i]);
  }
  return result;
}

/** Pre-order walk: each value with children, then its descendants; leaves are not listed. */
export function evalRecursive(input: Values): Values {
  const result: Values = [];
  for (const value of input) {
    if (kindOf(value) === 'nil') continue;
    const kids = children(value);
    if (kids.length === 0) continue;
    result.push(value);
    for (const v of evalRecursive(kids)) result.push(v);
  }
  return result;
}
