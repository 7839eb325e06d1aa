import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it('is zero for equal strings and counts insertions, deletions and substitutions', () => {
    // Given pairs whose Levenshtein distance is known / When measured / Then it matches
    expect(editDistance('web', 'web')).toBe(0);
    expect(editDistance('resorce', 'resource')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('counts a transposition as two edits (Levenshtein, not Damerau)', () => {
    expect(editDistance('web', 'wbe')).toBe(2);
  });

  it('is symmetric', () => {
    expect(editDistance('deployment', 'deploy')).toBe(editDistance('deploy', 'deployment'));
  });
});
