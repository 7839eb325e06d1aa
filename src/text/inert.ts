// Pack text (titles, statements, hints, ids, file names) comes from whoever wrote the pack. A
// terminal obeys control characters in it: OSC 0 retitles the window, OSC 52 fills the
// clipboard, ESC[8m hides text, CSI moves the cursor, C1 bytes act like ESC[, bidi overrides
// reorder what the reader sees, and a newline forges a `FILE:LINE:COL` line. Every output path
// passes such text through one of these helpers, so it is shown, never obeyed.

/** C0 (but tab and newline), DEL, C1, bidi embeddings/overrides/isolates/marks, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The same plus tab and newline, for text that must stay on one line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw but a terminal may still obey: DEL, C1, bidi, separators. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `\x1b`, `\x9b` for code points below 256 (as most tools print them), `\u202e` above. */
function visible(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Multi-line text as a terminal may print it: control characters, escape sequences and bidi
 * controls are spelled out (`ESC]0;t` becomes `\x1b]0;t`); newlines and tabs stay, because
 * statements, solutions and evidence are laid out in lines.
 */
export function inert(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One-line text (a title, an id, a `FILE:LINE:COL` problem): like `inert`, and newlines and tabs are spelled out too. */
export function inertLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

/**
 * JSON text for a terminal or a log: JSON.stringify already escapes C0 controls; this escapes
 * what it leaves raw (DEL, C1, bidi controls) as `\uXXXX`, which parses back to the same value.
 */
export function inertJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
