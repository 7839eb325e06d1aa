/**
 * `kubectl get -o custom-columns=NAME:.metadata.name,…`, ported from kubectl's
 * pkg/cmd/get/customcolumn.go: the spec is split on every comma and the first colon, each
 * expression goes through RelaxedJSONPathExpression, cells are `%v` of each result joined by
 * commas (`<none>` when the first result set is empty), rows go through kubectl's tabwriter.
 */
import { JsonPathError } from './errors.js';
import { JsonPathProgram } from './evaluator.js';
import { formatV, kindOf } from './go-value.js';
import { parseJsonPath } from './parser.js';
import { tabulate } from './tabwriter.js';

/** One `HEADER:expression` pair, with the expression as kubectl rewrites it (`{.a.b}`). */
export interface CustomColumn {
  readonly header: string;
  readonly template: string;
  /** Offset of this column's expression in the spec, for error positions. */
  readonly specOffset: number;
}

/** Options for {@link evaluateCustomColumns}. */
export interface CustomColumnsOptions {
  /** `--no-headers`. */
  noHeaders?: boolean;
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`. */
function relaxed(expr: string, at: number): { template: string; prefix: number } {
  if (expr === '') return { template: '', prefix: 0 };
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
      at,
    );
  }
  const field = m[1] || m[2] || '';
  return { template: `{.${field}}`, prefix: expr.indexOf(field) };
}

/**
 * Parse a custom-columns spec as kubectl does (no trimming: `NAME: .x` keeps the space).
 * @throws {JsonPathError} with kubectl's message for a malformed spec or column expression.
 */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new JsonPathError('custom-columns format specified but no custom columns given', 0);
  const columns: CustomColumn[] = [];
  let offset = 0;
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`, offset);
    }
    const exprStart = offset + colon + 1;
    const { template, prefix } = relaxed(part.slice(colon + 1), exprStart);
    columns.push({ header: part.slice(0, colon), template, specOffset: exprStart + prefix - 2 });
    offset += part.length + 1;
  }
  return columns;
}

/**
 * Render `data` (one object, or a List with `items`) as `kubectl get -o custom-columns=<spec>`.
 * Output ends with a newline per row, as kubectl's does.
 * @throws {JsonPathError} for a bad spec, or when kubectl would fail evaluating a column.
 */
export function evaluateCustomColumns(spec: string, data: unknown, opts: CustomColumnsOptions = {}): string {
  const columns = parseCustomColumns(spec);
  const programs = columns.map((c) => {
    try {
      return new JsonPathProgram(parseJsonPath(c.template));
    } catch (err) {
      if (err instanceof JsonPathError) throw new JsonPathError(err.message, Math.max(0, c.specOffset + err.position));
      throw err;
    }
  });

  let text = '';
  if (!opts.noHeaders) text += `${columns.map((c) => c.header).join('\t')}\n`;
  const record = kindOf(data) === 'map' ? (data as Record<string, unknown>) : undefined;
  const items = record && Array.isArray(record.items) ? (record.items as unknown[]) : [data];
  // The same programs serve every item, as in kubectl, so client-go's range state carries over.
  for (const item of items) {
    const cells = programs.map((program) => {
      const groups = program.findResults(item);
      const values: string[] = groups.length === 0 || groups[0]?.length === 0 ? ['<none>'] : [];
      for (const group of groups) for (const v of group) values.push(formatV(v));
      return values.join(',');
    });
    text += `${cells.join('\t')}\n`;
  }
  return tabulate(text);
}
