import { describe, expect, it } from 'vitest';
import { columnWidths, displayWidth, fitColumns, layoutColumns, padColumns, sliceColumns, truncateColumns } from './columns.js';

describe('display width', () => {
  it('Given wide, zero-width and ASCII text, When measured, Then the count is terminal columns', () => {
    expect(displayWidth('pods')).toBe(4);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👍🏽')).toBe(2);
  });

  it('Given a wide character at the edge, When sliced, Then it is not split and goes to the rest', () => {
    expect(sliceColumns('ab日本', 3)).toEqual(['ab', '日本']);
    expect(sliceColumns('ab日本', 4)).toEqual(['ab日', '本']);
    expect(sliceColumns('👍🏽ok', 1)).toEqual(['', '👍🏽ok']);
    expect(sliceColumns('abc', 0)).toEqual(['', 'abc']);
  });

  it('Given text wider than the room, When truncated, Then it ends in … within the width; text that fits is kept', () => {
    expect(truncateColumns('Init container prepares', 10)).toBe('Init cont…');
    expect(truncateColumns('日本語のタイトル', 7)).toBe('日本語…');
    expect(displayWidth(truncateColumns('日本語のタイトル', 7))).toBeLessThanOrEqual(7);
    expect(truncateColumns('short', 10)).toBe('short');
    expect(truncateColumns('short', 0)).toBe('');
    expect(truncateColumns('short', 1)).toBe('…');
  });

  it('Given cells, When padded or fitted, Then they take exactly the width, aligned left or right', () => {
    expect(padColumns('日本', 6)).toBe('日本  ');
    expect(padColumns('7', 3, 'right')).toBe('  7');
    expect(fitColumns('ConfigMap as environment', 8)).toBe('ConfigM…');
    expect(fitColumns('ok', 4, 'right')).toBe('  ok');
  });
});

describe('aligned columns', () => {
  const rows = [
    ['cka/drain-cordon', 'Drain one node, cordon another', 'cluster-architecture', '6m'],
    ['ckad/dns', 'Service and pod DNS records', 'services-networking', '4m'],
    ['cks/日本', '日本語のタイトル', 'security', '12m'],
  ];

  it('Given rows with a flexible title column, When laid out, Then every column starts at the same display column and no row is wider', () => {
    const lines = layoutColumns(rows, { width: 70, flex: 1, columns: [{}, {}, {}, { align: 'right' }] });
    expect(lines.every((l) => displayWidth(l) <= 70)).toBe(true);
    // The third column starts at the same display column in every row.
    const starts = lines.map((l, i) => displayWidth(l.slice(0, l.indexOf(rows[i]![2]!))));
    expect(new Set(starts).size).toBe(1);
    expect(lines[0]).toContain('  Drain one node, cordon a…  ');
    expect(lines[2]).toMatch(/security {14}12m$/);
    expect(lines[0]).toMatch(/cluster-architecture {3}6m$/);
  });

  it('Given enough room, When laid out, Then nothing is cut and the last column has no trailing spaces', () => {
    const lines = layoutColumns(rows, { width: 200 });
    expect(lines[0]).toBe('cka/drain-cordon  Drain one node, cordon another  cluster-architecture  6m');
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('Given a narrow width, When laid out, Then the other columns give up room (widest first, down to their minimum) before the flexible one vanishes', () => {
    const widths = columnWidths(rows, { width: 40 });
    expect(widths.reduce((a, b) => a + b, 0) + 2 * 3).toBeLessThanOrEqual(40);
    expect(widths[3]).toBe(3);
    const lines = layoutColumns(rows, { width: 24, gap: 1 });
    expect(lines.every((l) => displayWidth(l) <= 24)).toBe(true);
  });

  it('Given a max on a column and pack text with controls in a cell, When laid out, Then the column is capped and the control is shown inert', () => {
    const lines = layoutColumns([['id', 'a very long title that goes on'], ['x\u001b[2Jy', 'b']], { width: 80, columns: [{}, { max: 10 }] });
    expect(lines[0]).toBe('id         a very lo…');
    expect(lines[1]).toBe('x\\x1b[2Jy  b');
  });

  it('Given no rows, When laid out, Then there is nothing', () => {
    expect(layoutColumns([], { width: 80 })).toEqual([]);
    expect(columnWidths([], { width: 80 })).toEqual([]);
  });
});
