// The one place that decides how output looks on the stream it goes to: colour and width.
// Commands, reporters and the screens ask here instead of reading NO_COLOR or `columns` each.

/** A stream as far as this module cares: whether it is a terminal, and how wide. */
export interface OutputStream {
  isTTY?: boolean;
  columns?: number;
}

/**
 * Whether to colour output on `stream`: FORCE_COLOR=0 (or `false`) and NO_COLOR (any non-empty
 * value, https://no-color.org) turn it off; FORCE_COLOR with another value turns it on even in a
 * pipe; else colour only on a terminal. The same spellings chalk and node use.
 */
export function colorFor(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (force !== undefined) return true;
  return stream.isTTY === true;
}

/** Columns to lay text out in: the terminal's width, or 80 when not a terminal (a pipe, a file). */
export function widthOf(stream: OutputStream): number {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
}
