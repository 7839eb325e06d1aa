/**
 * Kubernetes resource quantities (`500m`, `0.5`, `1Gi`, `1e3`), as apimachinery's
 * `resource.Quantity` reads and writes them. Values are held exactly as integers of
 * nano-units; like the API server, precision below one nano-unit is rounded up.
 */

/** A parsed quantity: its exact value in nano-units and the notation it was written in. */
export interface Quantity {
  nanos: bigint;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const NANO = 1_000_000_000n;
const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const PATTERN = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Parses a quantity as the API server does; undefined when the text is not one. */
export function parseQuantity(text: string | number): Quantity | undefined {
  const match = PATTERN.exec(String(text).trim());
  if (!match) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  // mantissa × 10^-fraction.length, held as an integer.
  const mantissa = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  let multiplier = 1n;
  let format: Quantity['format'] = 'DecimalSI';
  if (suffix in BINARY) {
    multiplier = BINARY[suffix]!;
    format = 'BinarySI';
  } else if (/^[eE]/.test(suffix)) {
    exponent += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    exponent += DECIMAL[suffix]!;
  }
  // nanos = mantissa × multiplier × 10^(exponent + 9), rounded up (away from zero) like Quantity.
  const scale = exponent + 9;
  const scaled = mantissa * multiplier;
  let nanos: bigint;
  if (scale >= 0) {
    nanos = scaled * 10n ** BigInt(scale);
  } else {
    const divisor = 10n ** BigInt(-scale);
    nanos = scaled / divisor + (scaled % divisor === 0n ? 0n : 1n);
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

/** The canonical text the API server stores for a quantity (`0.5` → `500m`, `1024Mi` → `1Gi`). */
export function canonicalQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (q.format === 'BinarySI' && abs % NANO === 0n && abs / NANO >= 1024n) {
    let value = abs / NANO;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    let index = 0;
    while (index < suffixes.length - 1 && value % 1024n === 0n) {
      value /= 1024n;
      index += 1;
    }
    return `${sign}${value}${suffixes[index]}`;
  }
  // Decimal: the largest power of 1000 (from nano up) that keeps the mantissa whole.
  let exponent = -9;
  let value = abs;
  while (exponent < 18 && value % 1000n === 0n) {
    value /= 1000n;
    exponent += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${value}${exponent === 0 ? '' : `e${exponent}`}`;
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exponent)?.[0] ?? '';
  return `${sign}${value}${suffix}`;
}

/** True when both texts are quantities of the same value (`0.5` and `500m`, `1Gi` and `1024Mi`). */
export function sameQuantity(a: string, b: string): boolean {
  const left = parseQuantity(a);
  const right = parseQuantity(b);
  return left !== undefined && right !== undefined && left.nanos === right.nanos;
}
