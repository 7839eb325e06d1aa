// Styled spans and how they wrap: inline markdown, word wrap by terminal columns (string-width,
// wrap-ansi: what ink measures and wraps with), verbatim lines. Block markdown (paragraphs,
// lists, code) is in rich-text.ts, which re-exports all of this.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { inert } from '../text/inert.js';
import { sliceColumns } from '../text/columns.js';
import type { Tone } from './theme.js';

/** A run of text with one look. */
export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
  italic?: boolean;
}

/** One screen row: spans that together fit the width. */
export type Line = Span[];

type Style = Omit<Span, 'text'>;

/** How much markup inline text carries: full inline markdown, backtick code only, or none (evidence, values). */
export type Inline = 'markdown' | 'code' | 'none';

const sameStyle = (a: Style, b: Style): boolean => a.tone === b.tone && !a.bold === !b.bold && !a.italic === !b.italic;

function pushSpan(out: Span[], span: Span): void {
  if (span.text === '') return;
  const last = out.at(-1);
  if (last && sameStyle(last, span)) last.text += span.text;
  else out.push({ ...span });
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
// Emphasis only opens after a space or `(` and only closes before a space or punctuation, stricter
// than CommonMark on purpose: `[*]` in JSONPath, `["*"]` in RBAC, `*.yaml` and snake_case stay as written.
const opensAfter = (c: string | undefined): boolean => c === undefined || isSpace(c) || c === '(';
const closesBefore = (c: string | undefined): boolean => c === undefined || isSpace(c) || /[.,;:!?)]/.test(c);
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>~|]/;

/** Length of the run of `char` starting at `at`. */
function runLength(text: string, at: number, char: string): number {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
}

/** Where the code span opened by `n` backticks at `at` closes, or -1. */
function codeClose(text: string, at: number, n: number): number {
  for (let i = at + n; i < text.length; ) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    const run = runLength(text, i, '`');
    if (run === n) return i;
    i += run;
  }
  return -1;
}

/** Where the emphasis `delim` opened before `from` closes, skipping code spans and escapes, or -1. */
function emphasisClose(text: string, from: number, delim: string): number {
  const char = delim[0] ?? '*';
  for (let i = from; i < text.length; ) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '`') {
      const n = runLength(text, i, '`');
      const close = codeClose(text, i, n);
      i = close < 0 ? i + n : close + n;
    } else if (c === char) {
      const run = runLength(text, i, char);
      // A longer run (`***`) closes with its last characters, leaving the rest to the inner text.
      const at = i + run - delim.length;
      if (run >= delim.length && at > from && !isSpace(text[at - 1]) && closesBefore(text[at + delim.length])) return at;
      i += run;
    } else i++;
  }
  return -1;
}

function parseInto(out: Span[], text: string, style: Style, inline: Inline): void {
  let plain = '';
  const flush = () => {
    pushSpan(out, { text: plain, ...style });
    plain = '';
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] ?? '';
    if (inline === 'markdown' && c === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const n = runLength(text, i, '`');
      const close = codeClose(text, i, n);
      if (close < 0) {
        // An unclosed backtick is prose.
        plain += text.slice(i, i + n);
        i += n;
        continue;
      }
      flush();
      let code = text.slice(i + n, close);
      if (/^ .*\S.* $/.test(code)) code = code.slice(1, -1);
      pushSpan(out, { text: code, tone: 'code', bold: true });
      i = close + n;
      continue;
    }
    if (inline === 'markdown' && (c === '*' || c === '_')) {
      const delim = runLength(text, i, c) >= 2 ? c + c : c;
      const after = i + delim.length;
      if (opensAfter(text[i - 1]) && !isSpace(text[after]) && text[after] !== undefined) {
        const close = emphasisClose(text, after, delim);
        if (close > after) {
          flush();
          parseInto(out, text.slice(after, close), delim.length === 2 ? { ...style, bold: true } : { ...style, italic: true }, inline);
          i = close + delim.length;
          continue;
        }
      }
      plain += delim;
      i += delim.length;
      continue;
    }
    if (inline === 'markdown' && (c === '[' || c === '<')) {
      // [label](url) shows the label and the URL (a terminal cannot follow a hidden link);
      // <https://…> shows the URL. `<pod IP>` is not a link and stays as written.
      const link = c === '[' ? /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(text.slice(i)) : /^<(https?:\/\/[^>\s]+)>/.exec(text.slice(i));
      if (link) {
        flush();
        const [whole, label = '', url = label] = link;
        if (c === '[') parseInto(out, label, style, inline);
        if (c === '<' || url !== label) pushSpan(out, { text: c === '[' ? ` (${url})` : url, ...style, tone: style.tone ?? 'accent' });
        i += whole.length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
}

/**
 * Splits inline text into styled spans: `code` (code tone), **strong** (bold), *em* and _em_
 * (italic), [label](url). Delimiters that do not pair up stay as written. `inline: 'code'` reads
 * backticks only; `'none'` takes the text as is (evidence, values from the cluster).
 */
export function parseInline(text: string, base: Style = {}, inline: Inline = 'markdown'): Span[] {
  const out: Span[] = [];
  if (inline === 'none') pushSpan(out, { text, ...base });
  else parseInto(out, text, base, inline);
  return out;
}

/** Pack text as the terminal will show it (inert, composed), with tabs and newlines as spaces. */
const clean = (text: string): string => inert(text).normalize().replace(/[\t\n]/g, ' ');

/** Groups `text[from, to)` into spans by the style of each code unit. */
function spansOf(text: string, styleAt: readonly Style[], from: number, to: number): Line {
  const line: Line = [];
  for (let i = from; i < to; ) {
    const style = styleAt[i] ?? {};
    let end = i + 1;
    while (end < to && sameStyle(styleAt[end] ?? {}, style)) end++;
    pushSpan(line, { text: text.slice(i, end), ...style });
    i = end;
  }
  return line;
}

/**
 * Word-wraps spans to `columns` terminal columns; words wider than a row are cut. The first
 * `indent` columns of the text are its lead (a bullet, an indent): later rows hang under the
 * text after it. Runs of spaces after the lead collapse to one.
 */
export function wrapSpans(spans: readonly Span[], columns: number, indent = 0): Line[] {
  // A row holds at least one column, so cutting a long word always makes progress; the hang
  // leaves at least ten columns for the text.
  const width = Math.max(1, Math.floor(columns));
  const hang = Math.max(0, Math.min(Math.floor(indent), width - 10));
  let text = '';
  let started = false;
  const styleAt: Style[] = [];
  for (const span of spans) {
    const { text: raw, ...style } = span;
    for (const char of clean(raw)) {
      // Leading spaces are the author's indent; later runs collapse as markdown does.
      if (char === ' ' && started && text.endsWith(' ')) continue;
      started ||= char !== ' ';
      text += char;
      for (let k = 0; k < char.length; k++) styleAt.push(style);
    }
  }
  text = text.trimEnd();
  if (text.trim() === '') return [];
  const lead = sliceColumns(text, hang)[0].length;
  const body = text.slice(lead);
  const rows = wrapRows(body, width - hang);
  const pad: Line = hang > 0 ? [{ text: ' '.repeat(hang) }] : [];
  const lines: Line[] = [];
  let at = lead;
  rows.forEach((row, k) => {
    let from = k === 0 ? 0 : at;
    let to = at + row.length;
    at = to;
    if (k > 0) while (from < to && text[from] === ' ') from++;
    while (to > from && text[to - 1] === ' ') to--;
    if (k > 0 && from === to) return;
    lines.push(k === 0 ? spansOf(text, styleAt, 0, to) : [...pad.map((s) => ({ ...s })), ...spansOf(text, styleAt, from, to)]);
  });
  return lines;
}

// wrap-ansi measures with its own string-width 7, which builds its emoji regex again for every
// character: ~10 ms for a long statement. Screens lay the same text out on every frame (the
// timer ticks each second), so wrapped rows are remembered per text and width (a bounded memo,
// invisible to callers).
const wrapped = new Map<string, string[]>();
const WRAP_MEMO = 500;

/** `body` as wrap-ansi breaks it at `width` columns: rows that joined give `body` back. */
function wrapRows(body: string, width: number): string[] {
  if (stringWidth(body) <= width) return [body];
  const key = `${width}\u0000${body}`;
  let rows = wrapped.get(key);
  if (rows) {
    wrapped.delete(key);
  } else {
    rows = wrapAnsi(body, width, { hard: true, trim: false, wordWrap: true }).split('\n');
    // wrap-ansi only inserts breaks into text without escape codes (all made inert before);
    // should that ever not hold, cut by columns rather than misplace the styles.
    if (rows.join('') !== body) rows = cutRows(body, width);
    if (wrapped.size >= WRAP_MEMO) wrapped.delete(wrapped.keys().next().value ?? '');
  }
  wrapped.set(key, rows);
  return rows;
}

/** Plain cuts every `width` columns. */
function cutRows(text: string, width: number): string[] {
  const rows: string[] = [];
  let rest = text;
  while (rest !== '') {
    const [head] = sliceColumns(rest, Math.max(1, width));
    // A character wider than the row still has to go somewhere.
    const cut = head === '' ? ([...rest][0] ?? rest) : head;
    rows.push(cut);
    rest = rest.slice(cut.length);
  }
  return rows;
}

/** Tabs to spaces at stops of 8, as a terminal would show them (string-width counts a tab as 0). */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(8 - (stringWidth(out) % 8)) : char;
  return out;
}

/**
 * One verbatim line (YAML, a command) from column `indent`: broken, not cut, when wider than the
 * row, each continuation marked with `↪` so it reads as the same line.
 */
function verbatimRows(line: string, width: number, tone: Tone | undefined, indent: number): Line[] {
  const lead = ' '.repeat(indent);
  const styled = (text: string): Span => ({ text, ...(tone ? { tone } : {}) });
  if (indent + stringWidth(line) <= width) return [[{ text: lead }, styled(line)].filter((s) => s.text !== '')];
  const [first, rest] = sliceColumns(line, Math.max(1, width - indent));
  const rows: Line[] = [[{ text: lead }, styled(first)].filter((s) => s.text !== '')];
  for (const chunk of cutRows(rest, Math.max(1, width - indent - 2))) rows.push([{ text: lead }, { text: '↪ ', tone: 'dim' as const }, styled(chunk)].filter((s) => s.text !== ''));
  return rows;
}

/** Verbatim lines (YAML, logs) in one tone, broken at the width with marked continuations. */
export function verbatim(text: string, width: number, tone?: Tone, indent = 2): Line[] {
  return inert(text.replace(/\r\n?/g, '\n'))
    .replace(/\s+$/, '')
    .split('\n')
    .flatMap((l) => verbatimRows(expandTabs(l), width, tone, indent));
}

/** One wrapped paragraph of inline markdown (`inline` says how much markup the text carries). */
export const para = (text: string, width: number, span: Style = {}, indent = 0, inline: Inline = 'markdown'): Line[] =>
  wrapSpans([{ text: ' '.repeat(indent) }, ...parseInline(text, span, inline)], width, indent);

/** Plain text of a line (tests, widths). */
export const lineText = (line: Line): string => line.map((s) => s.text).join('');
