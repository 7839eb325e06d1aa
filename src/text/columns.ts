// Terminal columns, not string length: a CJK character or an emoji takes two columns, a
// combining accent none, so `padEnd`/`slice` misalign tables and cut text in the wrong place.
// Widths come from string-width (what ink itself measures with), so our layout and ink's agree.
// No ink or react here: the plain-text CLI output (list, history, help) uses this module too.
import stringWidth from 'string-width';
import { inertLine } from './inert.js';

// Printable ASCII is one column per code unit: the common case skips segmentation entirely.
const ASCII = /^[\x20-\x7e]*$/;

/** Columns `text` takes on a terminal (wide characters count 2, zero-width ones 0). */
export const displayWidth = (text: string): number => (ASCII.test(text) ? text.length : stringWidth(text));
let segmenter: Intl.Segmenter | undefined;

/**
 * Splits `text` after at most `width` columns, never inside a character (grapheme): a wide
 * character that would straddle the edge goes to the rest, so the head may be one column short.
 */
export function sliceColumns(text: string, width: number): [head: string, rest: string] {
  if (width <= 0) return ['', text];
  if (ASCII.test(text)) return [text.slice(0, width), text.slice(width)];
  // Created on first use, not at import: the home screen's first frame does not need it.
  segmenter ??= new Intl.Segmenter();
  let used = 0;
  let at = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width) break;
    used += w;
    at += segment.length;
  }
  return [text.slice(0, at), text.slice(at)];
}

/** Cuts `text` to at most `width` columns, ending in `…` when something was cut. */
export function truncateColumns(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const room = width - displayWidth(ellipsis);
  if (room < 0) return sliceColumns(ellipsis, width)[0];
  return sliceColumns(text, room)[0] + ellipsis;
}

/** Pads `text` with spaces to `width` columns (text already wider is returned as is). */
export function padColumns(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? pad + text : text + pad;
}

/** Exactly `width` columns: cut with an ellipsis when too wide, padded when too narrow. */
export const fitColumns = (text: string, width: number, align: 'left' | 'right' = 'left'): string => padColumns(truncateColumns(text, width), width, align);

/** How one column of a table behaves. */
export interface ColumnSpec {
  /** `right` for numbers and scores. */
  readonly align?: 'left' | 'right';
  /** Never wider than this (a long title should not push the other columns off the screen). */
  readonly max?: number;
  /** Never squeezed below this while another column can still give up room (default 4). */
  readonly min?: number;
}

export interface TableOptions {
  /** Columns available for the whole row (the terminal's width, or the panel's). */
  readonly width: number;
  /** Spaces between cells (default 2). */
  readonly gap?: number;
  /** Per-column behaviour, by position; missing entries are left-aligned with no max. */
  readonly columns?: readonly ColumnSpec[];
  /**
   * The column that takes whatever width is left, truncated with `…` when that is not enough
   * (default: the last). Usually the title; the others keep the width of their widest cell.
   */
  readonly flex?: number;
}

type Rows = readonly (readonly string[])[];

// Cells are pack text (ids, titles): made inert and one-line before measuring, so the widths
// computed here are the widths the terminal shows.
const cellsOf = (rows: Rows): string[][] => rows.map((row) => row.map((cell) => inertLine(cell)));

function widthsOf(cells: string[][], options: TableOptions): number[] {
  const count = Math.max(0, ...cells.map((row) => row.length));
  if (count === 0) return [];
  const gap = options.gap ?? 2;
  const flex = Math.min(Math.max(0, options.flex ?? count - 1), count - 1);
  const spec = (i: number): ColumnSpec => options.columns?.[i] ?? {};
  const natural = Array.from({ length: count }, (_, i) => {
    const widest = Math.max(0, ...cells.map((row) => displayWidth(row[i] ?? '')));
    return Math.min(widest, spec(i).max ?? Infinity);
  });
  const widths = [...natural];
  const total = Math.max(1, Math.floor(options.width));
  const rest = () => total - gap * (count - 1) - widths.reduce((sum, w, i) => (i === flex ? sum : sum + w), 0);
  // The flexible column wants at least a readable stub; the others give up room for it, the
  // widest first, down to their own minimum.
  const want = Math.min(natural[flex] ?? 0, Math.max(spec(flex).min ?? 10, 1));
  while (rest() < want) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (i !== flex && w > Math.min(natural[i] ?? 0, spec(i).min ?? 4) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  widths[flex] = Math.max(0, Math.min(natural[flex] ?? 0, rest()));
  return widths;
}

/**
 * The width of each column of `rows` within `options.width`: what screens use to draw cells in
 * their own colours (pad each cell with `fitColumns(cell, widths[i], align)`).
 */
export const columnWidths = (rows: Rows, options: TableOptions): number[] => widthsOf(cellsOf(rows), options);

/**
 * Lays `rows` out as aligned columns that fit `options.width`: cells padded by display width,
 * the flexible column (default: the last) truncated with `…`, no trailing spaces. A header is
 * just the first row.
 */
export function layoutColumns(rows: Rows, options: TableOptions): string[] {
  const cells = cellsOf(rows);
  const widths = widthsOf(cells, options);
  const gap = ' '.repeat(options.gap ?? 2);
  const total = Math.max(1, Math.floor(options.width));
  return cells.map((row) => {
    const line = widths.map((w, i) => fitColumns(row[i] ?? '', w, options.columns?.[i]?.align)).join(gap);
    // Only when even the minimums do not fit: the row is cut, never wider than the screen.
    return truncateColumns(line.trimEnd(), total);
  });
}
