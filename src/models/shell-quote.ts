/**
 * POSIX sh quoting, written once for every script kubedrill sends to a shell: the etcd and
 * static-pod checkers' node scripts, `cat` through a node's login shell, kubectl in the
 * control-plane node, and the debug log's copy-pasteable command lines. It lives in models
 * because checkers may import nothing else from src (the README, How the code is laid out); it is pure and zod-free, so
 * src/system can import this file directly without loading the schemas.
 */

/** Quotes a value for POSIX sh, always: `it's` → `'it'\''s'`. */
export function shQuote(value: string): string {
  // Inside single quotes nothing is special except `'` itself: close, escape it, reopen.
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes a value only when a reader could misread it (spaces, quotes, `$`, empty), so logged
 * command lines stay readable and still paste into a shell.
 */
export function shQuoteIfNeeded(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : shQuote(value);
}
