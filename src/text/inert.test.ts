import { describe, expect, it } from 'vitest';
import { CONTROL, HOSTILE } from '../../test/text/hostile-text.js';
import { inert, inertJson, inertLine } from './inert.js';

describe('inert', () => {
  it.each(Object.entries(HOSTILE))('Given pack text with %s control sequences, When made inert, Then nothing a terminal obeys is left', (_name, text) => {
    expect(inert(text)).not.toMatch(CONTROL);
    expect(inertLine(text)).not.toMatch(CONTROL);
  });

  it('Given an OSC 0 window title, When made inert, Then it reads as escaped text', () => {
    expect(inert(HOSTILE.title)).toBe('\\x1b]0;PWNED-BY-STATEMENT\\x07');
    expect(inert(HOSTILE.hidden)).toBe('visible \\x1b[8mhidden\\x1b[0m');
    expect(inert(HOSTILE.c1)).toBe('x\\x9b31mred\\x85next\\x9d0;t\\x9c');
    expect(inert(HOSTILE.bidi)).toBe('abc\\u202edcba\\u202c \\u2066iso\\u2069');
  });

  it('Given a multi-line statement with tabs, When made inert, Then lines and tabs stay and a carriage return is spelled out', () => {
    expect(inert('one\n\ttwo\r\nthree')).toBe('one\n\ttwo\\r\nthree');
  });

  it('Given a key with a newline that forges a FILE:LINE:COL line, When made inert as one line, Then it stays on one line', () => {
    expect(inertLine('task.yaml:3:1: key\nfake.yaml:1:1: ok\tx')).toBe('task.yaml:3:1: key\\nfake.yaml:1:1: ok\\tx');
  });

  it('Given plain text, unicode and backslashes, When made inert, Then it is unchanged', () => {
    const text = 'Créer un Pod `web` — 日本語 ✓ C:\\path\\x1b';
    expect(inert(text)).toBe(text);
    expect(inertLine(text)).toBe(text);
  });

  it('Given JSON with C1 and bidi characters, When made inert, Then they are \\u escapes and it parses to the same value', () => {
    const value = { title: HOSTILE.c1 + HOSTILE.bidi + '\u007f' };
    const json = inertJson(JSON.stringify(value));
    expect(json).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual(value);
  });
});
