/**
 * Shortens command output or a pack value for evidence: one line (newlines shown as ` ⏎ `), at
 * most `max` characters. Evidence is printed in a single report row, so a tool's multi-line
 * chatter must not break the layout. Shared by the node-command, node-file, pod-status and
 * connectivity checkers; it lives in support so no checker imports another checker's module.
 */
export function excerpt(text: string, max = 120): string {
  const flat = text.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
