/**
 * Building blocks for the POSIX sh scripts the etcd checkers run on a node through the Nodes
 * port. Scripts report through `@kubedrill KEY VALUE` lines on stdout, so a tool's own chatter
 * (etcd logs JSON, Go panics print pages of stack) never confuses the parser.
 */

/** Marker lines a script printed, by key (the last one wins). */
export function readMarks(stdout: string): Map<string, string> {
  const marks = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^@kubedrill (\S+) ?(.*)$/.exec(line);
    if (m) marks.set(m[1]!, m[2]!.trim());
  }
  return marks;
}

/**
 * Shell functions every etcd script starts with:
 * - `kd KEY VALUE` prints a marker line;
 * - `kd_err FILE` condenses a tool's error output to one line: the first `Error:`, Go
 *   `fatal error`/`panic`, or zap error entry (a truncated db makes etcdctl crash with SIGBUS
 *   and a long goroutine dump), else the first line.
 * The PATH gains /usr/local/bin, where tasks provision etcd binaries on kind nodes.
 */
export const SCRIPT_PRELUDE = String.raw`
PATH="$PATH:/usr/local/bin:/usr/local/sbin"
export ETCDCTL_API=3
kd() { printf '@kubedrill %s %s\n' "$1" "$(printf '%s' "$2" | tr '\n' ' ')"; }
kd_err() {
  line=$(grep -m1 -E '^(Error|error|fatal error|panic)|"level":"(error|fatal|panic)"|unexpected fault' "$1" 2>/dev/null)
  [ -n "$line" ] || line=$(grep -m1 -v '^[[:space:]]*$' "$1" 2>/dev/null)
  printf '%s' "$line" | cut -c1-300
}
`;

/** The condensed tool message inside a marker value, for `actual`. */
export function toolMessage(value: string | undefined): string {
  const text = (value ?? '').trim().replace(/^Error: /, '');
  // zap JSON lines: show their "msg"/"error" rather than the raw JSON.
  if (text.startsWith('{')) {
    try {
      const entry = JSON.parse(text) as { msg?: unknown; error?: unknown };
      return [entry.msg, entry.error].filter((x) => typeof x === 'string').join(': ') || text;
    } catch {
      return text;
    }
  }
  return text || 'no message';
}
