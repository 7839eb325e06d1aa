import { describe, expect, it } from 'vitest';
import { lastLine, parseJsonOr, tail } from './output.js';

describe('lastLine', () => {
  it('is the last non-blank line of the output, trimmed at the ends', () => {
    // Given stderr with a trailing blank line and whitespace / Then the reason line is picked
    expect(lastLine('Creating cluster…\nERROR: failed to create cluster\n\n  \n')).toBe('ERROR: failed to create cluster');
    expect(lastLine('only line')).toBe('only line');
  });

  it('is the fallback when there is no output at all', () => {
    expect(lastLine('')).toBe('');
    expect(lastLine(' \n\n', 'no error output')).toBe('no error output');
    expect(lastLine('', 'exit 1')).toBe('exit 1');
  });
});

describe('tail', () => {
  it('keeps the last lines, and the last characters of a long one', () => {
    expect(tail('1\n2\n3\n', 2)).toBe('2\n3');
    expect(tail('abcdef', 10, 3)).toBe('…def');
  });
});

describe('parseJsonOr', () => {
  it('parses JSON and falls back on anything else', () => {
    expect(parseJsonOr('{"items":[]}', {})).toEqual({ items: [] });
    expect(parseJsonOr('', {})).toEqual({});
    expect(parseJsonOr('{"cut', undefined)).toBeUndefined();
  });
});
