import { evaluateJsonPath } from '../../src/jsonpath/index.js';
import { fieldTemplate } from '../../src/models/check-fields.js';
import type { K8sObject } from '../../src/models/index.js';

/**
 * A JSONPath template read field by field, so reports say `spec.type = ClusterIP, spec.ports[0].port
 * = 80` instead of printing the template and one joined string, and can name the field that is
 * wrong. Secret data (`.data.*`, base64) is shown decoded when it is printable text.
 */
export interface FieldReading {
  /** The field path(s), `spec.replicas`. */
  label: string;
  /** What kubectl prints for this field, trimmed. */
  raw: string;
  /** As a learner reads it: `(empty)`, or Secret data decoded and marked. */
  shown: string;
  /** The field reads a Secret's `.data`: its expected text is decoded the same way. */
  secretData: boolean;
}

export interface FieldReadings {
  literals: string[];
  fields: FieldReading[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Base64 Secret data as text, when it is strict base64 of printable UTF-8; else undefined. */
export function decodeSecretData(value: string): string | undefined {
  if (value === '' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) return undefined;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  // Control characters other than line breaks and tabs mean binary (a key, a keystore): keep base64.
  // eslint-disable-next-line no-control-regex -- detecting control characters is the point
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/** A value as a report shows it: `(empty)` for nothing; Secret data decoded, marked `(decoded)`. */
export function showValue(raw: string, secretData: boolean): string {
  if (raw === '') return '(empty)';
  const decoded = secretData ? decodeSecretData(raw) : undefined;
  return decoded === undefined ? raw : `${decoded} (decoded)`;
}

const isDataPart = (part: string): boolean => /^\{\s*\.data[.[]/.test(part);

/**
 * Evaluates each field of `template` on its own. Undefined when a field cannot be evaluated alone
 * (the caller then shows the whole output): the split is for reading, never for grading.
 */
export function readFields(template: string, object: K8sObject): FieldReadings | undefined {
  const { literals, groups } = fieldTemplate(template);
  const secret = object.kind === 'Secret';
  try {
    const fields = groups.map((group): FieldReading => {
      const pieces = group.parts.map((part) => ({ value: evaluateJsonPath(part, object), data: secret && isDataPart(part) }));
      const raw = pieces.map((p) => p.value).join('').trim();
      const decoded = pieces.map((p) => (p.data ? decodeSecretData(p.value.trim()) : undefined));
      const anyDecoded = decoded.some((d) => d !== undefined);
      const text = pieces.map((p, i) => decoded[i] ?? p.value).join('').trim();
      return {
        label: group.label,
        raw,
        shown: raw === '' ? '(empty)' : anyDecoded ? `${text} (decoded)` : raw,
        secretData: pieces.some((p) => p.data),
      };
    });
    return { literals, fields };
  } catch {
    return undefined;
  }
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits an expected output along the template's literal text, one value per field. Undefined
 * when the split is ambiguous (a value holding a separator splits differently lazily and greedily)
 * or impossible: then no field is singled out.
 */
export function alignExpected(expected: string, literals: readonly string[]): string[] | undefined {
  if (literals.length < 2) return undefined;
  const last = literals.length - 1;
  const edge = (literal: string, i: number): string => (i === 0 ? literal.trimStart() : i === last ? literal.trimEnd() : literal);
  const pattern = (lazy: boolean): RegExp =>
    new RegExp(`^${literals.map((l, i) => escapeRegex(edge(l, i))).join(lazy ? '([\\s\\S]*?)' : '([\\s\\S]*)')}$`);
  const lazy = pattern(true).exec(expected);
  const greedy = pattern(false).exec(expected);
  if (!lazy || !greedy) return undefined;
  const values = lazy.slice(1).map((v) => v.trim());
  return values.every((v, i) => v === greedy[i + 1]?.trim()) ? values : undefined;
}

/** `a = x, b = y`: fields and values as a report line. */
export const pairs = (fields: readonly { label: string; shown: string }[]): string => fields.map((f) => `${f.label} = ${f.shown}`).join(', ');
