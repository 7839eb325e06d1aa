import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shQuote, shQuoteIfNeeded } from './shell-quote.js';

describe('shQuote', () => {
  it('wraps a value in single quotes and escapes embedded ones', () => {
    expect(shQuote('plain')).toBe(`'plain'`);
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('')).toBe(`''`);
  });

  it('survives a real sh unchanged, whatever the characters', () => {
    // Given a value full of shell syntax / When sh echoes it back / Then it is the same value
    const value = `a 'b' "c" $HOME \`id\` ; | & * \\ \n end`;
    expect(execFileSync('sh', ['-c', `printf '%s' ${shQuote(value)}`], { encoding: 'utf8' })).toBe(value);
  });
});

describe('shQuoteIfNeeded', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shQuoteIfNeeded('get')).toBe('get');
    expect(shQuoteIfNeeded('--kubeconfig=/tmp/k.yaml')).toBe('--kubeconfig=/tmp/k.yaml');
    expect(shQuoteIfNeeded('two words')).toBe(`'two words'`);
    expect(shQuoteIfNeeded("it's")).toBe(`'it'\\''s'`);
    expect(shQuoteIfNeeded('')).toBe(`''`);
  });
});
