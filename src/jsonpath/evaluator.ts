/**
 * A port of client-go's `util/jsonpath/jsonpath.go` execution. `range`/`end` are not block
 * nodes there: a `range` identifier sets a counter, the rest of the template is re-run for each
 * item, and an `end` stops that inner run. We keep that state machine, because it defines what
 * kubectl prints for unbalanced templates (a `range` without `end` runs to the end of the
 * template and then the remaining actions run once more against the outer object).
 */
import type { ArrayNode, FieldNode, FilterNode, IdentifierNode, ListNode, Node, UnionNode } from './ast.js';
import { compare, ComparisonError } from './compare.js';
import { JsonPathError } from './errors.js';
import { formatV, GoNumber, INVALID, kindOf, printResult, sortedKeys, typeName, type GoValue } from './go-value.js';

type Values = GoValue[];

/**
 * An execution error plus the values client-go returns alongside it. Go's existence filter
 * ignores the error but still counts those values, so `[?(@.name[0])]` keeps an item whose
 * name is a string (evalArray fails and hands back its input).
 */
class ExecError extends JsonPathError {
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
function children(v: GoValue): Values {
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

/** `reflect.Value.Interface()` followed by `reflect.ValueOf`: a nil element becomes invalid. */
function reValue(v: GoValue): GoValue {
  return v === null || v === undefined ? INVALID : v;
}

/**
 * One compiled template with client-go's mutable execution state. As in Go, reusing an
 * instance (custom-columns does, across the items of a List) carries that state over.
 */
export class JsonPathProgram {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  /** client-go assigns `parser.Root.Nodes = nodes[i+1:]` when ranging and never restores it. */
  private rootStart = 0;

  constructor(
    private readonly root: ListNode,
    private readonly allowMissingKeys = true,
  ) {}

  /** Execute and render as `JSONPath.Execute` writes it. */
  execute(data: GoValue): string {
    let out = '';
    for (const results of this.findResults(data)) {
      for (let i = 0; i < results.length; i++) {
        out += printResult(results[i]);
        if (i !== results.length - 1) out += ' ';
      }
    }
    return out;
  }

  /** The result groups, one per top-level node (and per node per range item). */
  findResults(data: GoValue): Values[] {
    const nodes = this.root.nodes;
    const cur: Values = [data === undefined || data === null ? INVALID : data];
    const full: Values[] = [];
    for (let i = this.rootStart; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        this.rootStart = i + 1;
        if (results.length > 0) {
          for (const value of results) {
            this.rootStart = i + 1;
            for (const r of this.findResults(reValue(value))) full.push(r);
          }
        } else {
          // Even an empty range is walked once (results dropped) so `end` is found; errors count.
          this.findResults(INVALID);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: Values, node: Node): Values {
    switch (node.type) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node);
      case 'array':
        return evalArray(input, node);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => new GoNumber(node.value, 'int'));
      case 'float':
        return input.map(() => new GoNumber(node.value, 'float64'));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap((v) => (kindOf(v) === 'nil' ? [] : children(v)));
      case 'recursive':
        return evalRecursive(input);
      case 'union':
        return this.evalUnion(input, node);
      case 'identifier':
        return this.evalIdentifier(input, node);
    }
  }

  private evalList(input: Values, list: ListNode): Values {
    let cur = input;
    for (const node of list.nodes) cur = this.walk(cur, node);
    return cur;
  }

  private evalUnion(input: Values, node: UnionNode): Values {
    const result: Values = [];
    for (const branch of node.branches) {
      try {
        for (const v of this.evalList(input, branch)) result.push(v);
      } catch (err) {
        // Go's evalUnion hands back its input with the error.
        if (err instanceof ExecError) throw new ExecError(err.message, err.position, input);
        throw err;
      }
    }
    return result;
  }

  private evalIdentifier(input: Values, node: IdentifierNode): Values {
    switch (node.name) {
      case 'range':
        this.beginRange++;
        return input;
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return [];
        }
        throw new ExecError('not in range, nothing to end', node, []);
      default:
        throw new ExecError(`unrecognized identifier ${node.name}`, node, input);
    }
  }

  private evalField(input: Values, node: FieldNode): Values {
    const results: Values = [];
    for (const value of input) {
      if (kindOf(value) !== 'map') continue;
      const m = value as Record<string, unknown>;
      if (Object.hasOwn(m, node.name)) results.push(m[node.name]);
    }
    if (results.length === 0 && !this.allowMissingKeys && input.length > 0) {
      throw new ExecError(`${node.name} is not found`, node, []);
    }
    return results;
  }

  private evalFilter(input: Values, node: FilterNode): Values {
    const results: Values = [];
    for (const value of input) {
      if (kindOf(value) !== 'slice') {
        throw new ExecError(`${formatV(value)} is not array or slice and cannot be filtered`, node, input);
      }
      for (const item of value as Values) {
        const temp = [item];
        if (node.operator === 'exists') {
          // client-go ignores evaluation errors here: a failing path simply does not exist.
          let lefts: Values;
          try {
            lefts = this.evalList(temp, node.left);
          } catch (err) {
            if (!(err instanceof ExecError)) throw err;
            lefts = err.partial;
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const lefts = this.evalList(temp, node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new ExecError('can only compare one element at a time', node, input);
        const rights = this.evalList(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new ExecError('can only compare one element at a time', node, input);
        let pass: boolean;
        try {
          pass = compare(node.operator, lefts[0], rights[0]);
        } catch (err) {
          if (err instanceof ComparisonError) throw new ExecError(err.message, node, results);
          throw err;
        }
        if (pass) results.push(item);
      }
    }
    return results;
  }
}

function evalArray(input: Values, node: ArrayNode): Values {
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
function evalRecursive(input: Values): Values {
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
