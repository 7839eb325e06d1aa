import type { Tone } from './theme.js';

/** A run of text with one look. */
export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/** One screen row: spans that together fit the width. */
export type Line = Span[];

/** Splits a prose line into spans: `code` spans get the code tone. */
export function parseInline(text: string, base: Omit<Span, 'text'> = {}): Span[] {
  const spans: Span[] = [];
  const parts = text.split('`');
  parts.forEach((part, i) => {
    if (part === '') return;
    // Odd parts sat between backticks; an unclosed backtick leaves the rest as prose.
    const isCode = i % 2 === 1 && i < parts.length - (parts.length % 2 === 0 ? 1 : 0);
    spans.push(isCode ? { text: part, tone: 'code', bold: true } : { text: part, ...base });
  });
  return spans;
}

/** Word-wraps spans to `columns`; words longer than a row are cut. Indent continues on wrapped rows. */
export function wrapSpans(spans: readonly Span[], columns: number, indent = 0): Line[] {
  // A row holds at least one column, so cutting a long word always makes progress.
  const width = Math.max(1, columns);
  const lines: Line[] = [];
  let line: Line = [];
  let used = 0;
  const pad = ' '.repeat(Math.min(indent, Math.max(0, width - 10)));
  const push = (span: Span) => {
    const last = line.at(-1);
    if (last && last.tone === span.tone && last.bold === span.bold) last.text += span.text;
    else line.push({ ...span });
    used += span.text.length;
  };
  const breakLine = () => {
    lines.push(line);
    line = pad ? [{ text: pad }] : [];
    used = pad.length;
  };
  for (const span of spans) {
    for (const token of span.text.split(/(\s+)/)) {
      if (token === '') continue;
      const space = /^\s+$/.test(token);
      if (space) {
        // Leading indentation of the first row is kept (nested bullets, indented access lines).
        if (lines.length === 0 && used === 0) push({ ...span, text: token.slice(0, Math.max(0, width - 10)) });
        else if (used > (lines.length > 0 ? pad.length : 0) && used + 1 <= width) push({ ...span, text: ' ' });
        continue;
      }
      let word = token;
      if (used + word.length > width && used > (lines.length > 0 ? pad.length : 0)) breakLine();
      while (word.length > width - used) {
        // Measure the room before push(), which advances `used`: slicing after it cut nothing
        // and looped forever on any word wider than the row (a workspace path in the exam's
        // statement pane froze the whole screen).
        const room = width - used;
        push({ ...span, text: word.slice(0, room) });
        word = word.slice(room);
        breakLine();
      }
      push({ ...span, text: word });
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l) => trimEnd(l));
}

function trimEnd(line: Line): Line {
  const last = line.at(-1);
  if (last && last.text.endsWith(' ')) last.text = last.text.trimEnd();
  return line.filter((s) => s.text !== '');
}

/**
 * Lays out a statement: prose paragraphs are wrapped with inline `code` highlighted, fenced
 * ``` blocks and indented lines are kept verbatim in the code tone (cut, not wrapped, so YAML
 * keeps its shape).
 */
export function layoutMarkdown(text: string, width: number): Line[] {
  const out: Line[] = [];
  let inFence = false;
  for (const raw of text.replace(/\s+$/, '').split('\n')) {
    if (raw.trimStart().startsWith('```')) {
      inFence = !inFence;
      continue;
    }
    if (inFence || /^( {4}|\t)/.test(raw)) {
      out.push([{ text: '  ' + raw.slice(0, Math.max(0, width - 2)), tone: 'code' }]);
      continue;
    }
    if (raw.trim() === '') {
      out.push([]);
      continue;
    }
    const bullet = /^(\s*(?:[-*]|\d+[.)])\s+)/.exec(raw)?.[1];
    out.push(...wrapSpans(parseInline(raw), width, bullet ? bullet.length : 0));
  }
  return out;
}

/** Verbatim lines (YAML, logs) in one tone, broken at the width. */
export function verbatim(text: string, width: number, tone?: Tone, indent = 2): Line[] {
  // Long lines are broken, not cut: a solution's command must be readable in full. Continuations
  // are indented two more columns so they read as one line.
  const lead = ' '.repeat(indent);
  const room = Math.max(1, width - indent - 2);
  const line = (t: string): Line => [{ text: t, ...(tone ? { tone } : {}) }];
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .flatMap((l) => {
      if (indent + l.length <= width) return [line(lead + l)];
      const first = l.slice(0, Math.max(1, width - indent));
      const rest: Line[] = [];
      for (let at = first.length; at < l.length; at += room) rest.push(line(`${lead}  ${l.slice(at, at + room)}`));
      return [line(lead + first), ...rest];
    });
}

/** One wrapped paragraph. */
export const para = (text: string, width: number, span: Omit<Span, 'text'> = {}, indent = 0): Line[] =>
  wrapSpans(parseInline(' '.repeat(indent) + text, span), width, indent);

/** Plain text of a line (tests, widths). */
export const lineText = (line: Line): string => line.map((s) => s.text).join('');
