import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt.js';

describe('excerpt', () => {
  it('flattens lines and trims the ends', () => {
    // Given multi-line output / When shortened / Then it reads as one line
    expect(excerpt('  active\n\n  running \n')).toBe('active ⏎ running');
  });

  it('cuts long text with an ellipsis, at most max characters in all', () => {
    const out = excerpt('x'.repeat(200), 10);
    expect(out).toBe(`${'x'.repeat(9)}…`);
    expect(out).toHaveLength(10);
    expect(excerpt('short', 10)).toBe('short');
  });
});
