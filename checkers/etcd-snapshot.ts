import { z } from 'zod';
import { defineChecker, errored, failed, nodeNameSchema, passed, shQuote } from '../src/models/index.js';
import { readMarks, SCRIPT_PRELUDE, toolMessage } from './support/etcd-script.js';

const params = z.strictObject({
  node: nodeNameSchema,
  path: z.string().startsWith('/', 'expected an absolute path'),
  sentinelKey: z.string().min(1).describe('an etcd key written at setup, before the learner takes the snapshot'),
});

/** Restoring and starting a small etcd takes a few seconds; a busy node gets some slack. */
const SCRIPT_TIMEOUT_MS = 90_000;

/**
 * The node script: status → restore into a scratch dir under /tmp → throwaway etcd on random
 * loopback ports (20000–29999: clear of etcd's 2379–2381, the kubelet's 10250s and NodePorts,
 * which kube-proxy would intercept on 127.0.0.1) → `etcdctl get KEY --keys-only`. The EXIT trap
 * stops that etcd and removes the scratch dir whatever happens; the learner's file is only read.
 * The member name and advertised peer URL are fixed: a single restored member never dials a peer.
 */
export function snapshotScript(path: string, key: string): string {
  return `${SCRIPT_PRELUDE}
f=${shQuote(path)}
key=${shQuote(key)}
ETCD=$(command -v etcd || true)
ETCDCTL=$(command -v etcdctl || true)
ETCDUTL=$(command -v etcdutl || true)
if [ -z "$ETCD" ] || [ -z "$ETCDCTL" ]; then
  kd tools-missing "etcd=\${ETCD:-absent} etcdctl=\${ETCDCTL:-absent} etcdutl=\${ETCDUTL:-absent}"
  exit 0
fi
if [ ! -e "$f" ]; then
  d=$(dirname "$f")
  if [ -d "$d" ]; then kd missing "$(ls -1A "$d" 2>/dev/null | head -n 20 | tr '\\n' ' ')"; else kd missing-dir "$d"; fi
  exit 0
fi
if [ ! -f "$f" ]; then kd not-a-file "$(stat -c %F "$f")"; exit 0; fi
kd size "$(wc -c < "$f" | tr -d ' ')"
scratch=$(mktemp -d /tmp/kubedrill-etcd-check.XXXXXX) || { kd script-error "mktemp failed"; exit 0; }
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
tool=\${ETCDUTL:-$ETCDCTL}
if "$tool" snapshot status "$f" -w json >"$scratch/status" 2>"$scratch/err"; then
  kd status "$(cat "$scratch/status")"
else
  kd bad-snapshot "$(kd_err "$scratch/err")"
  exit 0
fi
if ! "$tool" snapshot restore "$f" --data-dir "$scratch/data" --name kubedrill-check \\
    --initial-cluster kubedrill-check=http://127.0.0.1:2380 \\
    --initial-advertise-peer-urls http://127.0.0.1:2380 >"$scratch/restore" 2>&1; then
  kd restore-failed "$(kd_err "$scratch/restore")"
  exit 0
fi
port() { n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' '); echo $((20000 + n % 10000)); }
attempt=0
up=
while [ -z "$up" ] && [ $attempt -lt 5 ]; do
  attempt=$((attempt + 1))
  cport=$(port); pport=$(port)
  [ "$cport" = "$pport" ] && continue
  "$ETCD" --name kubedrill-check --data-dir "$scratch/data" \\
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \\
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls http://127.0.0.1:2380 \\
    --initial-cluster kubedrill-check=http://127.0.0.1:2380 >"$scratch/etcd.log" 2>&1 &
  pid=$!
  i=0
  while [ $i -lt 100 ]; do
    if "$ETCDCTL" --endpoints="http://127.0.0.1:$cport" --dial-timeout=1s endpoint health >/dev/null 2>&1; then up=1; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.2
    i=$((i + 1))
  done
  if [ -z "$up" ]; then
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
    grep -q 'address already in use' "$scratch/etcd.log" || break
  fi
done
if [ -z "$up" ]; then kd etcd-failed "$(kd_err "$scratch/etcd.log")"; exit 0; fi
if ! "$ETCDCTL" --endpoints="http://127.0.0.1:$cport" get "$key" --keys-only >"$scratch/get" 2>"$scratch/err"; then
  kd get-failed "$(kd_err "$scratch/err")"
  exit 0
fi
if grep -qxF -- "$key" "$scratch/get"; then kd key present; else kd key absent; fi
`;
}

interface SnapshotStatus {
  revision?: number;
  totalKey?: number;
  totalSize?: number;
}

function describeStatus(json: string | undefined): string {
  let s: SnapshotStatus = {};
  try {
    s = JSON.parse(json ?? '{}') as SnapshotStatus;
  } catch {
    // Older tools print extra text; the status line itself is optional evidence.
  }
  const parts = [
    s.revision !== undefined ? `revision ${s.revision}` : undefined,
    s.totalKey !== undefined ? `${s.totalKey} keys` : undefined,
    s.totalSize !== undefined ? `${s.totalSize} bytes` : undefined,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? `valid snapshot (${parts.join(', ')})` : 'valid snapshot';
}

/** The file on the node is a real etcd snapshot that restores and holds the setup's sentinel key. */
export const etcdSnapshotChecker = defineChecker({
  type: 'etcd-snapshot',
  summary: 'a file on a node is a valid etcd snapshot that restores and contains a sentinel key',
  params,
  needs: ['node-shell'],
  timeoutMs: () => SCRIPT_TIMEOUT_MS + 10_000,
  async run(p, ctx) {
    const where = `${p.path} on ${p.node}`;
    const expected = `${where} is an etcd snapshot containing ${p.sentinelKey}`;
    const result = await ctx.nodes.exec(p.node, snapshotScript(p.path, p.sentinelKey), { timeoutMs: SCRIPT_TIMEOUT_MS });
    const m = readMarks(result.stdout);
    const hint = 'Take it with `etcdctl snapshot save` against https://127.0.0.1:2379 with the certificates in /etc/kubernetes/pki/etcd/.';
    // What is wrong with the file is the learner's own state; the hint (how to take it) waits for the solution.
    const miss = (actual: string): ReturnType<typeof failed> => failed(expected, actual, { hint, summary: `${where}: ${actual}` });
    if (m.has('tools-missing')) {
      return errored(`cannot verify the snapshot: etcd tools are missing on ${p.node} (${m.get('tools-missing')}); the task's setup must provide etcd and etcdctl`);
    }
    if (m.has('missing')) {
      const seen = m.get('missing') ? `; the directory holds: ${m.get('missing')}` : '; the directory is empty';
      return miss(`no file at ${p.path}${seen}`);
    }
    if (m.has('missing-dir')) return miss(`no file at ${p.path}: directory ${m.get('missing-dir')} does not exist`);
    if (m.has('not-a-file')) return miss(`${p.path} is a ${m.get('not-a-file')}, not a file`);
    if (m.has('bad-snapshot')) {
      return miss(`not a valid etcd snapshot (${m.get('size') ?? '?'} bytes): ${toolMessage(m.get('bad-snapshot'))}`);
    }
    if (m.has('restore-failed')) {
      return miss(`the file does not restore (${m.get('size') ?? '?'} bytes): ${toolMessage(m.get('restore-failed'))}`);
    }
    if (m.has('etcd-failed')) return errored(`the snapshot restored, but a scratch etcd to read it did not start: ${toolMessage(m.get('etcd-failed'))}`);
    if (m.has('get-failed')) return errored(`could not read the restored snapshot: ${toolMessage(m.get('get-failed'))}`);
    const key = m.get('key');
    if (key === 'present') return passed(`${where}: ${describeStatus(m.get('status'))}; restored, it holds ${p.sentinelKey}`);
    if (key === 'absent') {
      return miss(`${describeStatus(m.get('status'))}, but ${p.sentinelKey} is not in it: taken before setup wrote it, or from another cluster?`);
    }
    if (m.has('script-error')) return errored(`snapshot check on ${p.node} failed: ${m.get('script-error')}`);
    throw new Error(`etcd snapshot check on ${p.node} ended without a verdict (exit ${result.exitCode}): ${result.stderr.trim().slice(-300)}`);
  },
});
