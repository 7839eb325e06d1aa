// Statements as screen rows: the small markdown subset pack authors write. Paragraph lines are
// joined before wrapping (wrapping each source line on its own left text ragged), list items hang
// under their text, code is kept verbatim. Inline markup and the wrapping itself are in
// text-wrap.ts, re-exported here so screens import one module.
import { parseInline, verbatim, wrapSpans, type Line } from './text-wrap.js';

export { lineText, para, parseInline, verbatim, wrapSpans, type Inline, type Line, type Span } from './text-wrap.js';

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const HARD_BREAK = /( {2,}|\\)$/;

/** A list item: the column of its marker and the column its text starts at. */
interface Item {
  marker: number;
  content: number;
}

/** A paragraph being collected: its first row's lead (bullet, indent), the hang of later rows, its lines. */
interface Paragraph {
  lead: string;
  hang: number;
  parts: string[];
}

/**
 * Lays out a statement (markdown) to `width` columns:
 * - paragraphs: lines joined, then word-wrapped; a line ending in two spaces or `\` breaks;
 * - lists (`-`, `*`, `+` shown as `•`; `1.`): later rows hang under the item's text; a line
 *   indented past the marker continues the item, an unindented one ends the list;
 * - fenced (```, ~~~) and indented code: verbatim in the code tone, long lines broken with a
 *   marked continuation, never re-wrapped, so YAML keeps its shape;
 * - headings bold, `---` a rule, `|` table rows one per row;
 * - inline `code`, **strong**, *em* or _em_, [label](url) as styled spans (text-wrap.ts).
 */
export function layoutMarkdown(text: string, width: number): Line[] {
  const out: Line[] = [];
  const source = text.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const items: Item[] = [];
  let para: Paragraph | undefined;
  let breakNext = false;
  const flush = () => {
    if (para) out.push(...wrapSpans([{ text: para.lead }, ...parseInline(para.parts.join(' '))], width, para.hang));
    para = undefined;
  };
  const blank = () => {
    if (out.length > 0 && out.at(-1)?.length !== 0) out.push([]);
  };
  const code = (line: string) => out.push(...(line.trim() === '' ? [[]] : verbatim(line, width, 'code', 2)));

  for (let i = 0; i < source.length; i++) {
    // Leading tabs count as four spaces, as markdown reads them.
    const raw = (source[i] ?? '').replace(/^\t+/, (tabs) => '    '.repeat(tabs.length));
    const indent = raw.length - raw.trimStart().length;
    const hardBreak = breakNext;
    breakNext = false;
    if (raw.trim() === '') {
      flush();
      blank();
      continue;
    }
    const fence = FENCE.exec(raw);
    if (fence && !(fence[2]?.startsWith('`') && fence[3]?.includes('`'))) {
      flush();
      const marks = fence[2] ?? '```';
      const close = new RegExp(`^ *${marks[0] === '`' ? '`' : '~'}{${marks.length},} *$`);
      // An unclosed fence runs to the end, as in CommonMark.
      for (i++; i < source.length && !close.test(source[i] ?? ''); i++) code(source[i] ?? '');
      continue;
    }
    const base = items.at(-1)?.content ?? 0;
    if (!para && indent >= base + 4) {
      code(raw.slice(base + 4));
      continue;
    }
    if (HEADING.test(raw) || RULE.test(raw) || raw.trimStart().startsWith('|')) {
      flush();
      items.length = 0;
      const heading = HEADING.exec(raw);
      if (heading) out.push(...wrapSpans(parseInline(heading[1] ?? '', { bold: true }), width));
      else if (RULE.test(raw)) out.push([{ text: '─'.repeat(Math.max(1, Math.min(width, 40))), tone: 'dim' }]);
      else out.push(...wrapSpans(parseInline(raw), width, indent));
      continue;
    }
    const item = ITEM.exec(raw);
    if (item) {
      flush();
      const marker = item[1]?.length ?? 0;
      const bullet = item[2] ?? '-';
      const gap = item[3] || ' ';
      while (items.length > 0 && (items.at(-1)?.marker ?? 0) >= marker) items.pop();
      items.push({ marker, content: marker + bullet.length + gap.length });
      para = { lead: ' '.repeat(marker) + (/^[-*+]$/.test(bullet) ? '•' : bullet) + gap, hang: marker + bullet.length + gap.length, parts: [raw.slice(item[0].length).trim()] };
    } else if (para && !hardBreak && !(items.length > 0 && indent <= (items.at(-1)?.marker ?? 0))) {
      para.parts.push(raw.trim());
    } else {
      // A new paragraph: after a blank line or a hard break, or an unindented line after a list
      // item (pack authors end a list that way, with no blank line).
      const hang = hardBreak && para ? para.hang : indent;
      flush();
      while (items.length > 0 && (items.at(-1)?.content ?? 0) > indent && !hardBreak) items.pop();
      para = { lead: ' '.repeat(hang), hang, parts: [raw.trim()] };
    }
    if (HARD_BREAK.test(raw)) {
      breakNext = true;
      const last = para.parts.length - 1;
      para.parts[last] = (para.parts[last] ?? '').replace(/\\$/, '');
    }
  }
  flush();
  return out;
}
