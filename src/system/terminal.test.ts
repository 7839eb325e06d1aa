import { describe, expect, it } from 'vitest';
import { colorFor, widthOf } from './terminal.js';

describe('terminal output', () => {
  it('Given a terminal, a pipe, NO_COLOR and FORCE_COLOR, When colour is decided, Then FORCE_COLOR turns it on in a pipe, NO_COLOR and FORCE_COLOR=0 turn it off, and a pipe has none by default', () => {
    expect(colorFor({ isTTY: true }, {})).toBe(true);
    expect(colorFor({ isTTY: false }, {})).toBe(false);
    expect(colorFor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('Given a terminal and a pipe, When the width is asked, Then the terminal gives its columns and a pipe 80', () => {
    expect(widthOf({ isTTY: true, columns: 132 })).toBe(132);
    expect(widthOf({ isTTY: false, columns: 132 })).toBe(80);
    expect(widthOf({})).toBe(80);
  });
});
