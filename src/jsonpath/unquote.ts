/**
 * client-go's `UnquoteExtend`: Go's `strconv.Unquote` rules, but for both `"…"` and `'…'`.
 * Go builds bytes (`\xff` is a raw byte, not U+00FF); we do the same and decode the bytes as
 * UTF-8 at the end, which is also how kubectl's output reads once it reaches a terminal.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Unquote a quoted literal including its quotes; returns `undefined` where Go says "invalid syntax". */
export function unquoteExtend(quoted: string): string | undefined {
  const quote = quoted[0];
  if (quoted.length < 2 || quote !== quoted[quoted.length - 1] || (quote !== '"' && quote !== "'")) {
    return undefined;
  }
  const s = quoted.slice(1, -1);
  if (!s.includes('\\') && !s.includes(quote)) return s;

  const bytes: number[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === quote) return undefined;
    if (c !== '\\') {
      const cp = s.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length;
      continue;
    }
    if (i + 1 >= s.length) return undefined;
    const e = s[i + 1] ?? '';
    i += 2;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      continue;
    }
    const n = HEX_DIGITS[e];
    if (n !== undefined) {
      const digits = s.slice(i, i + n);
      if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
      i += n;
      const v = parseInt(digits, 16);
      if (e === 'x') {
        bytes.push(v);
        continue;
      }
      // utf8.ValidRune: no surrogates, nothing past U+10FFFF.
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      bytes.push(...encoder.encode(String.fromCodePoint(v)));
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = s.slice(i, i + 2);
      if (!/^[0-7]{2}$/.test(digits)) return undefined;
      i += 2;
      const v = parseInt(e + digits, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      continue;
    }
    // An escaped quote is only allowed for the quote character in use.
    if ((e === "'" || e === '"') && e === quote) {
      bytes.push(e.charCodeAt(0));
      continue;
    }
    return undefined;
  }
  return decoder.decode(new Uint8Array(bytes));
}
