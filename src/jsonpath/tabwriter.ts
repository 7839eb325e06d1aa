/**
 * The column layout kubectl prints with: github.com/liggitt/tabwriter (a fork of Go's
 * text/tabwriter) configured as in cli-runtime's GetNewTabWriter: minwidth 6, padding 3,
 * padchar ' ', RememberWidths. Cells end at '\t', lines at '\n'; a line with a single cell
 * flushes what came before, so values containing newlines lay out exactly as kubectl's do.
 */

interface Cell {
  readonly text: string;
  /** Width in runes: tabwriter counts UTF-8 runes, not display columns. */
  readonly width: number;
}

const MIN_WIDTH = 6;
const PADDING = 3;

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private out = '';
  private widths: number[] = [];
  /** RememberWidths: a column never shrinks below a width it had in an earlier flush. */
  private readonly maxWidths: number[] = [];

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const cells = this.terminateCell();
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || cells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  flush(): string {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
    return this.out;
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1] ?? [];
    line.push({ text: this.cell, width: runeCount(this.cell) });
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= (this.lines[row]?.length ?? 0) - 1) continue;
      // A column block starts here: every following line that has a cell in this column.
      this.writeLines(line0, row);
      line0 = row;
      let width = MIN_WIDTH;
      for (; row < line1; row++) {
        const line = this.lines[row] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column]?.width ?? 0) + PADDING);
      }
      if (this.maxWidths.length < this.widths.length) this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
      const remembered = this.maxWidths[column];
      if (remembered === undefined) this.maxWidths.push(width);
      else if (remembered > width) width = remembered;
      else this.maxWidths[column] = width;

      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] ?? [];
      line.forEach((c, j) => {
        this.out += c.text;
        const w = this.widths[j];
        if (w !== undefined) this.out += ' '.repeat(w - c.width);
      });
      if (i + 1 !== this.lines.length) this.out += '\n';
    }
  }
}

/** Lay out tab-separated, newline-terminated rows as kubectl's tabwriter does. */
export function tabulate(text: string): string {
  const w = new TabWriter();
  w.write(text);
  return w.flush();
}
