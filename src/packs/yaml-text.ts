/**
 * Checks on a YAML file's bytes and text that run before the YAML parser, so that input the
 * parser would misread (other encodings, old Mac line ends) or choke on (nesting deep enough to
 * overflow its recursion) gets a plain message instead. Everything here is one linear pass.
 */

/** Something wrong at a byte or character offset of the file. */
export interface TextFault {
  offset: number;
  message: string;
}

export type DecodeResult = { ok: true; text: string } | ({ ok: false } & TextFault);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Byte order marks of encodings that are not UTF-8, longest first (UTF-32 LE starts like UTF-16 LE). */
const FOREIGN_BOMS: ReadonlyArray<{ bytes: readonly number[]; name: string }> = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 (little-endian)' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 (big-endian)' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 (little-endian)' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 (big-endian)' },
];

const RESAVE = 'YAML files must be UTF-8: save it again as UTF-8';

/** The text of a YAML file's bytes, or why they are not UTF-8 text. A UTF-8 byte order mark is dropped. */
export function decodeYamlBytes(bytes: Uint8Array): DecodeResult {
  for (const bom of FOREIGN_BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { ok: false, offset: 0, message: `${bom.name} text; ${RESAVE}` };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // ASCII saved as UTF-16 without a byte order mark: every other byte is NUL.
    if (looksLikeUtf16(bytes)) return { ok: false, offset: 0, message: `UTF-16 text (no byte order mark); ${RESAVE}` };
    // Offset 0: the whole file is not text, whatever line the first NUL happens to be on.
    return { ok: false, offset: 0, message: `binary file, not YAML text (NUL byte at offset ${nul})` };
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { ok: false, offset, message: `not UTF-8 text (binary data or another encoding; first bad byte at offset ${offset}); ${RESAVE}` };
  }
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length - (bytes.length % 2), 64);
  if (n < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  return (evenNul === n / 2 && oddNul === 0) || (oddNul === n / 2 && evenNul === 0);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (approximate for overlongs). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let j = 1; j < length; j++) if (((bytes[i + j] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return 0;
}

/**
 * Limits on nesting, checked on the raw text: the `yaml` parser recurses once per level and
 * overflows the stack somewhere near 1,000 levels (and takes seconds to say so), and the
 * validators after it recurse too. Real tasks nest a dozen levels; these bounds are generous.
 */
export const MAX_FLOW_NESTING = 200;
/** Block nesting costs at least one column per level, so a deep block shows as deep indentation. */
export const MAX_INDENT = 400;

/** The first thing in `text` the parser would misread or choke on, or undefined. */
export function findTextFault(text: string, maxFlowNesting = MAX_FLOW_NESTING, maxIndent = MAX_INDENT): TextFault | undefined {
  const cr = loneCarriageReturn(text);
  if (cr >= 0) {
    return {
      offset: cr,
      message: 'line ends with a bare carriage return (old Mac style): the YAML reader sees one long line; save the file with LF (or CRLF) line ends',
    };
  }
  return deepFlow(text, maxFlowNesting) ?? deepIndent(text, maxIndent);
}

function loneCarriageReturn(text: string): number {
  let at = text.indexOf('\r');
  while (at >= 0) {
    if (text[at + 1] !== '\n') return at;
    at = text.indexOf('\r', at + 2);
  }
  return -1;
}

/**
 * Unclosed `[` and `{` anywhere in the text (quotes and block scalars are not told apart: their
 * brackets balance in practice, and only a deliberately deep file gets near the bound).
 */
function deepFlow(text: string, max: number): TextFault | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) return { offset: i, message: `nested more than ${max} levels deep ([ and { brackets); split the structure up` };
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** Indentation (spaces, and `- `/`? ` indicators that open a level on the same line) past `max` columns. */
function deepIndent(text: string, max: number): TextFault | undefined {
  let lineStart = 0;
  while (lineStart < text.length) {
    let i = lineStart;
    let indicators = false;
    for (;;) {
      const c = text[i];
      if (c === ' ') i++;
      else if ((c === '-' || c === '?') && (text[i + 1] === ' ' || text[i + 1] === '\n' || i + 1 === text.length)) {
        indicators = true;
        i++;
      } else break;
    }
    // A line of nothing but spaces opens no level (blank lines in block scalars may be long).
    const blank = !indicators && (i === text.length || text[i] === '\n' || text[i] === '\r');
    if (!blank && i - lineStart > max) return { offset: lineStart + max, message: `indented more than ${max} columns (nesting that deep is not a task); split the structure up` };
    const next = text.indexOf('\n', i);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return undefined;
}
