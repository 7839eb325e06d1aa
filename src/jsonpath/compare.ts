/**
 * Filter comparisons, ported from the `eq`/`lt` functions client-go forks from Go's
 * text/template. They are strict: an int64 field against `80.0` or `"80"` is an error
 * ("incompatible types for comparison"), `<` on booleans is an error, and so is comparing a
 * null, a map or a list ("invalid type for comparison"). Filters stop at the first error.
 */
import { kindOf, numberOf, type GoKind, type GoValue } from './go-value.js';

/** Thrown by comparisons; the evaluator turns it into a JsonPathError at the filter. */
export class ComparisonError extends Error {}

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

type BasicKind = Exclude<GoKind, 'invalid' | 'nil' | 'map' | 'slice'>;

function basicKind(v: GoValue): BasicKind {
  const k = kindOf(v);
  if (k === 'invalid' || k === 'nil' || k === 'map' || k === 'slice') throw new ComparisonError(BAD_TYPE);
  return k;
}

function isSignedUnsignedPair(k1: BasicKind, k2: BasicKind): boolean {
  return (k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int');
}

function eq(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    // Go allows int against uint (a byte from ranging over a string) and nothing else.
    if (isSignedUnsignedPair(k1, k2)) return numberOf(a) === numberOf(b);
    throw new ComparisonError(INCOMPATIBLE);
  }
  if (k1 === 'bool' || k1 === 'string') return a === b;
  return numberOf(a) === numberOf(b);
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if (isSignedUnsignedPair(k1, k2)) return numberOf(a) < numberOf(b);
    throw new ComparisonError(INCOMPATIBLE);
  }
  if (k1 === 'bool') throw new ComparisonError(BAD_TYPE);
  // Go compares strings bytewise; for UTF-16 this equals code point order except with
  // surrogates, which object fields practically never contain.
  if (k1 === 'string') return (a as string) < (b as string);
  return numberOf(a) < numberOf(b);
}

/** Apply a filter operator; throws ComparisonError with Go's message on a type mismatch. */
export function compare(operator: string, left: GoValue, right: GoValue): boolean {
  switch (operator) {
    case '==':
      return eq(left, right);
    case '!=':
      return !eq(left, right);
    case '<':
      return lt(left, right);
    case '<=':
      return lt(left, right) || eq(left, right);
    case '>':
      return !(lt(left, right) || eq(left, right));
    case '>=':
      return !lt(left, right);
    default:
      throw new ComparisonError(`unrecognized filter operator ${operator}`);
  }
}
