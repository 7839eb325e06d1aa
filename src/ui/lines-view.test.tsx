import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { fitShortcuts, HelpBar, type Shortcut } from './help-bar.js';
import { clampOffset, LinesView, scrollStatus, visibleRows } from './lines-view.js';
import type { Line } from './rich-text.js';

afterEach(() => cleanup());

const lines = (n: number): Line[] => Array.from({ length: n }, (_, i) => [{ text: `row ${i + 1}` }]);

describe('scrolling view', () => {
  it('Given more lines than the view, When shown at the top, middle and end, Then a position line says which lines show and where more is', () => {
    const top = render(<LinesView lines={lines(85)} offset={0} height={30} />);
    expect(top.lastFrame()?.split('\n')).toHaveLength(30);
    expect(top.lastFrame()).toContain('row 29');
    expect(top.lastFrame()).not.toContain('row 30');
    expect(top.lastFrame()?.split('\n').at(-1)).toBe('lines 1–29 of 85 · ↓ more');
    const middle = render(<LinesView lines={lines(85)} offset={11} height={30} />);
    expect(middle.lastFrame()?.split('\n').at(-1)).toBe('lines 12–40 of 85 · ↑↓ more');
    // Past the end, the view stops at the last line: it stays reachable.
    const end = render(<LinesView lines={lines(85)} offset={500} height={30} />);
    expect(end.lastFrame()).toContain('row 85');
    expect(end.lastFrame()?.split('\n').at(-1)).toBe('lines 57–85 of 85 · ↑ more');
  });

  it('Given lines that fit, When shown, Then there is no position line', () => {
    const view = render(<LinesView lines={lines(3)} height={5} />);
    expect(view.lastFrame()).toBe('row 1\nrow 2\nrow 3');
    // fill keeps what follows at the bottom.
    const filled = render(<LinesView lines={lines(3)} height={5} fill />);
    expect(filled.lastFrame()?.split('\n')).toHaveLength(5);
  });

  it('Given the screens clamp their offset with the same height, When scrolled to the end, Then the last line shows above the position line', () => {
    expect(visibleRows(85, 30)).toBe(29);
    expect(visibleRows(10, 30)).toBe(30);
    expect(clampOffset(500, 85, 30)).toBe(56);
    expect(clampOffset(-3, 85, 30)).toBe(0);
    expect(clampOffset(4, 10, 30)).toBe(0);
    expect(scrollStatus(0, 42, 17, 'tasks')).toBe('tasks 1–16 of 42 · ↓ more');
    expect(scrollStatus(0, 10, 17)).toBeUndefined();
  });

  it('Given styled spans, When shown without color, Then text is intact and controls in it are inert', () => {
    const view = render(<LinesView lines={[[{ text: 'a ', italic: true }, { text: 'b\u001b]0;x\u0007', bold: true }]]} />);
    expect(view.lastFrame()).toContain('a b\\x1b]0;x\\x07');
  });
});

describe('help bar', () => {
  const keys: Shortcut[] = [
    ['c', 'check'],
    ['h', 'hint'],
    ['s', 'solution'],
    ['r', 'reset'],
    ['n/p', 'next/prev'],
    ['↑↓', 'scroll'],
    ['?', 'keys'],
    ['q', 'quit'],
  ];

  it('Given a narrow terminal, When the keys do not all fit, Then whole shortcuts are dropped from the end, keeping ? and the last', () => {
    expect(fitShortcuts(keys, 200)).toEqual(keys);
    expect(fitShortcuts(keys, 42).map(([k]) => k)).toEqual(['c', 'h', '?', 'q']);
    expect(fitShortcuts(keys, 10).map(([k]) => k)).toEqual(['?', 'q']);
    const view = render(<HelpBar keys={keys} width={43} />);
    expect(view.lastFrame()).toBe('c check  h hint  s solution  ? keys  q quit');
  });
});
