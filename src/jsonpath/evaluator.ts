/**
 * A port of client-go's `util/jsonpath/jsonpath.go` execution. `range`/`end` are not block
 * nodes there: a `range` identifier sets a counter, the rest of the template is re-run for each
 * item, and an `end` stops that inner run. We keep that state machine, because it defines what
 * kubectl prints for unbalanced templates (a `range` without `end` runs to the end of the
 * template and then the remaining actions run once more against the outer object).
 */
import type { FieldNode, FilterNode, IdentifierNode, ListNode, Node } from './ast.js';
import { compare, ComparisonError } from './compare.js';
import { children, EMPTY, evalArray, evalRecursive, evalUnion, ExecError, type Step, type Values } from './selectors.js';
import { formatV, GoNumber, INVALID, kindOf, printResult, type GoValue } from './go-value.js';

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
  private readonly steps: Step[];

  constructor(
    private readonly root: ListNode,
    private readonly allowMissingKeys = true,
  ) {
    this.steps = root.nodes.map((n) => this.compile(n));
  }

  /** Execute and render as `JSONPath.Execute` writes it. */
  execute(data: GoValue): string {
    const groups = this.findResults(data);
    let out = '';
    for (let g = 0; g < groups.length; g++) {
      const results = groups[g] as Values;
      for (let i = 0; i < results.length; i++) {
        if (i > 0) out += ' ';
        out += printResult(results[i]);
      }
    }
    return out;
  }

  /**
   * The result groups, one per top-level node (and per node per range item). Groups are
   * appended to `full`, so nested ranges do not allocate a list per item.
   */
  findResults(data: GoValue, full: Values[] = []): Values[] {
    const nodes = this.root.nodes;
    const cur: Values = [data === undefined || data === null ? INVALID : data];
    for (let i = this.rootStart; i < nodes.length; i++) {
      const results = (this.steps[i] as Step)(cur);
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
            this.findResults(reValue(value), full);
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

  /**
   * Turn a node into a closure once, so evaluating a range over many items does not re-dispatch
   * on node types (the Go code walks the tree each time; the results are the same).
   */
  private compile(node: Node): Step {
    switch (node.type) {
      case 'list': {
        const steps = node.nodes.map((n) => this.compile(n));
        const [only] = steps;
        if (steps.length === 1 && only) return only;
        return (input) => {
          let cur = input;
          for (let i = 0; i < steps.length; i++) cur = (steps[i] as Step)(cur);
          return cur;
        };
      }
      case 'text': {
        const result: Values = [node.text];
        return () => result;
      }
      case 'field':
        return (input) => this.evalField(input, node);
      case 'array':
        return (input) => evalArray(input, node);
      case 'filter': {
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        return (input) => this.evalFilter(input, node, left, right);
      }
      case 'int':
        return (input) => input.map(() => new GoNumber(node.value, 'int'));
      case 'float':
        return (input) => input.map(() => new GoNumber(node.value, 'float64'));
      case 'bool':
        return (input) => input.map(() => node.value);
      case 'wildcard':
        return (input) => input.flatMap((v) => (kindOf(v) === 'nil' ? [] : children(v)));
      case 'recursive':
        return evalRecursive;
      case 'union': {
        const branches = node.branches.map((b) => this.compile(b));
        return (input) => evalUnion(input, branches);
      }
      case 'identifier':
        return (input) => this.evalIdentifier(input, node);
    }
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
    const name = node.name;
    let results: Values | undefined;
    for (let i = 0; i < input.length; i++) {
      const value = input[i];
      // Only maps have fields; this is kindOf(value) === 'map', inlined for the hot path.
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof GoNumber) continue;
      if (!Object.hasOwn(value, name)) continue;
      (results ??= []).push((value as Record<string, unknown>)[name]);
    }
    if (results) return results;
    if (!this.allowMissingKeys && input.length > 0) throw new ExecError(`${name} is not found`, node, []);
    return EMPTY;
  }

  private evalFilter(input: Values, node: FilterNode, left: Step, right: Step): Values {
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
            lefts = left(temp);
          } catch (err) {
            if (!(err instanceof ExecError)) throw err;
            lefts = err.partial;
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const lefts = left(temp);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new ExecError('can only compare one element at a time', node, input);
        const rights = right(temp);
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

