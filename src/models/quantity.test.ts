import { describe, expect, it } from 'vitest';
import { canonicalQuantity, parseQuantity, sameQuantity } from './quantity.js';

const canonical = (text: string) => {
  const q = parseQuantity(text);
  if (!q) throw new Error(`not a quantity: ${text}`);
  return canonicalQuantity(q);
};

describe('quantities', () => {
  it.each([
    ['0.5', '500m'],
    ['500m', '500m'],
    ['1', '1'],
    ['1000m', '1'],
    ['1000', '1k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['512Ki', '512Ki'],
    ['1000Ki', '1000Ki'],
    ['100Mi', '100Mi'],
    ['0.1Gi', '107374182400m'],
    ['1e3', '1e3'],
    ['1500e-3', '1500e-3'],
    ['0.2', '200m'],
    ['.5', '500m'],
    ['0.0000000001', '1n'],
    ['0', '0'],
    ['0Gi', '0'],
    ['-0.5', '-500m'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['123Mi', '123Mi'],
  ])('given %s, when canonicalised like the API server, then %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it('given two spellings of the same amount, when compared, then they are the same; different amounts are not', () => {
    expect(sameQuantity('0.5', '500m')).toBe(true);
    expect(sameQuantity('1Gi', '1073741824')).toBe(true);
    expect(sameQuantity('1Gi', '1024Mi')).toBe(true);
    expect(sameQuantity('1G', '1Gi')).toBe(false);
    expect(sameQuantity('1M', '1Mi')).toBe(false);
    expect(sameQuantity('abc', 'abc')).toBe(false);
  });

  it('given text that is not a quantity, when parsed, then undefined', () => {
    for (const text of ['', 'Gi', '1.2.3', '1 Gi', '1gi', '1Kb', 'm']) expect(parseQuantity(text)).toBeUndefined();
  });
});
