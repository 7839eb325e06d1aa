/**
 * A model of the Go values client-go's JSONPath engine sees, and of how Go prints them.
 *
 * kubectl decodes objects into `map[string]interface{}` ("unstructured"): JSON integers become
 * int64, other numbers float64. Template literals add Go `int` and `float64`, ranging over a
 * string yields `uint8` bytes, and `reflect.ValueOf(nil)` is an *invalid* value that prints and
 * fails differently from a nil stored in a map. Plain JSON data is used as is; only those extra
 * cases get a wrapper, so evaluation over ordinary objects allocates nothing.
 */

/** Go's zero `reflect.Value` (what `reflect.ValueOf(nil)` returns). */
export const INVALID: unique symbol = Symbol('invalid reflect.Value');

/** A number whose Go type cannot be inferred from JSON: template literals and string bytes. */
export class GoNumber {
  constructor(
    readonly value: number,
    readonly type: 'int' | 'float64' | 'uint8',
  ) {}
}

/** Any value flowing through the evaluator. */
export type GoValue = unknown;

/** Go reflect kinds that matter to the engine. */
export type GoKind = 'invalid' | 'nil' | 'bool' | 'int' | 'uint' | 'float' | 'string' | 'map' | 'slice';

const INT64_LIMIT = 2 ** 63;

/** Whether a JSON number would have decoded to int64 (unstructured keeps integers as int64). */
function isInt64(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < INT64_LIMIT;
}

/** The reflect kind of a value, after unwrapping interfaces as `template.Indirect` does. */
export function kindOf(v: GoValue): GoKind {
  if (v === INVALID) return 'invalid';
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return isInt64(v) ? 'int' : 'float';
    default:
      break;
  }
  if (v instanceof GoNumber) return v.type === 'int' ? 'int' : v.type === 'uint8' ? 'uint' : 'float';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** The numeric payload of an int, uint or float value. */
export function numberOf(v: GoValue): number {
  return v instanceof GoNumber ? v.value : (v as number);
}

/** Go's name for the dynamic type of a value, as `reflect.Value.Type()` prints it. */
export function typeName(v: GoValue): string {
  if (v instanceof GoNumber) return v.type;
  switch (kindOf(v)) {
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'int':
      return 'int64';
    case 'float':
      return 'float64';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

/** Compare strings by code point, the order Go uses for UTF-8 map keys. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Sorted keys of a map: Go's fmt and encoding/json both sort, and we use that order elsewhere. */
export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(compareKeys);
}

/** `strconv.FormatFloat(f, 'g', -1, 64)`, which is what `fmt.Print` does with a float64. */
export function formatGoFloat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  // %v uses the shortest digits and switches to exponent form below 1e-4 or from 1e6 (eprec 6).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

/** How `fmt.Sprint` renders a value inside `%v` (custom-columns cells, error messages). */
export function formatV(v: GoValue): string {
  if (v === INVALID) return '<invalid reflect.Value>';
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof GoNumber) return v.type === 'float64' ? formatGoFloat(v.value) : String(v.value);
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return isInt64(v) ? intText(v) : formatGoFloat(v);
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  const m = v as Record<string, unknown>;
  return `map[${sortedKeys(m)
    .map((k) => `${k}:${formatV(m[k])}`)
    .join(' ')}]`;
}

/** Integers print in plain decimal, never in exponent form (JS would switch at 1e21). */
function intText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** encoding/json string quoting with HTML escaping on (Go's json.Marshal default). */
function quoteJson(s: string): string {
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      rep = JSON_SHORT_ESCAPES[s[i] ?? ''] ?? `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      rep = `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot be valid UTF-8; Go replaces invalid bytes with U+FFFD.
      const paired = c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (paired) i++;
      else rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return `${out}${s.slice(last)}"`;
}

/** `json.Marshal` of a decoded value: sorted keys, compact, Go's number and string forms. */
export function marshalJson(v: GoValue): string {
  if (v === null || v === undefined || v === INVALID) return 'null';
  if (v instanceof GoNumber) return String(v.value);
  switch (typeof v) {
    case 'string':
      return quoteJson(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      // encoding/json's float form ('f' between 1e-6 and 1e21, else 'e' with a trimmed
      // exponent) is exactly JavaScript's Number#toString; integers are plain decimal.
      return isInt64(v) ? intText(v) : String(v);
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(marshalJson).join(',')}]`;
  const m = v as Record<string, unknown>;
  return `{${sortedKeys(m)
    .map((k) => `${quoteJson(k)}:${marshalJson(m[k])}`)
    .join(',')}}`;
}

/** The text `PrintResults` writes for one result: JSON for maps and lists, else `fmt.Print`. */
export function printResult(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v === INVALID) return '<no value>';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object' && !(v instanceof GoNumber)) return marshalJson(v);
  return formatV(v);
}
