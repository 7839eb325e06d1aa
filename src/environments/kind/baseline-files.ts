// The node-file half of a kind cluster's baseline (baseline.ts): which paths inside the node
// containers a task may change, the scripts that list and restore them, and the pure diff between
// a baseline listing and the present one. Node containers are kubedrill's own (kind made them for
// kubedrill), so restoring their files never touches a file of the learner's host.
//
// What the scripts rely on in a kind node (kindest/node): Debian slim with systemd as PID 1 and
// the kubelet as `kubelet.service` (`systemctl restart kubelet` works), bash, GNU coreutils
// (`stat -c`, `sha256sum`), findutils and tar; kubeadm's layout (static pods in
// /etc/kubernetes/manifests, `staticPodPath` in /var/lib/kubelet/config.yaml, flags in
// /var/lib/kubelet/kubeadm-flags.env, certificates under /etc/kubernetes/pki). The scripts use
// only what BusyBox has too, so the Docker tests run them in a BusyBox container.
import { shQuote } from '../../models/shell-quote.js';

/**
 * Paths whose content is saved at baseline and put back when a task changed it: the kubelet's
 * configuration and flags, its drop-ins, static pod manifests and every file kubeadm wrote under
 * /etc/kubernetes (kubeconfigs, PKI, manifests). Files added under them are removed. All small
 * (well under a few MB on a kind node).
 */
export const RESTORED_PATHS = [
  '/etc/kubernetes',
  '/var/lib/kubelet/config.yaml',
  '/var/lib/kubelet/kubeadm-flags.env',
  '/var/lib/kubelet/seccomp',
  '/etc/default/kubelet',
  '/etc/systemd/system/kubelet.service.d',
  '/etc/kubelet.d',
] as const;

/**
 * Paths where tasks leave new files (backups, logs, restored etcd data, answer files a statement
 * names, AppArmor profiles, binaries a task installs): what was not there at baseline is removed;
 * what was there is left as it is (these may hold large binaries, so their content is not saved).
 */
export const SWEPT_PATHS = [
  '/opt',
  '/root',
  '/srv',
  '/tmp',
  '/var/log/app',
  '/var/log/kubernetes',
  '/var/lib/etcd-restore',
  '/etc/secret',
  '/etc/apparmor.d',
  '/usr/local/bin',
] as const;

/** Changes to these restart the kubelet after a restore (it reads them only when it starts). */
const KUBELET_FILES = [
  '/var/lib/kubelet/config.yaml',
  '/var/lib/kubelet/kubeadm-flags.env',
  '/etc/default/kubelet',
  '/etc/systemd/system/kubelet.service.d',
  '/etc/kubernetes/kubelet.conf',
] as const;

/** Where the saved content lives inside each node (outside every listed path, so never swept). */
export const NODE_BASELINE_DIR = '/var/lib/kubedrill';
export const NODE_BASELINE_TAR = `${NODE_BASELINE_DIR}/baseline.tar`;

/** One path in a node: its type, and for files under RESTORED_PATHS their mode and content hash. */
export interface NodeEntry {
  type: 'f' | 'd' | 'l';
  path: string;
  /** Octal permission bits of a restored file, or a symlink's target. */
  mode?: string;
  /** sha256 of a restored file's content. */
  hash?: string;
}

const isUnder = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);
const restored = (path: string): boolean => RESTORED_PATHS.some((root) => isUnder(path, root));

/**
 * Bash (kind nodes and busybox both run it) that prints one line per path: `f<TAB>mode<TAB>hash<TAB>path`,
 * `d<TAB>-<TAB>-<TAB>path` or `l<TAB>target<TAB>-<TAB>path`. Only files under RESTORED_PATHS are hashed.
 * Paths holding a tab or newline cannot be listed unambiguously and are left out (no task makes them).
 */
export function listScript(): string {
  const roots = (paths: readonly string[]) => paths.map(shQuote).join(' ');
  return [
    'set -u',
    'entry() {',
    '  case "$1" in *"$(printf \'\\t\')"*) return;; esac',
    '  if [ -L "$1" ]; then printf \'l\\t%s\\t-\\t%s\\n\' "$(readlink "$1")" "$1"',
    '  elif [ -d "$1" ]; then printf \'d\\t-\\t-\\t%s\\n\' "$1"',
    '  elif [ "$2" = hash ]; then printf \'f\\t%s\\t%s\\t%s\\n\' "$(stat -c %a "$1")" "$(sha256sum < "$1" | cut -d" " -f1)" "$1"',
    '  else printf \'f\\t-\\t-\\t%s\\n\' "$1"; fi',
    '}',
    'walk() { mode=$1; shift; for r in "$@"; do { [ -e "$r" ] || [ -L "$r" ]; } || continue; find "$r" -xdev 2>/dev/null | while IFS= read -r p; do entry "$p" "$mode"; done; done; }',
    `walk hash ${roots(RESTORED_PATHS)}`,
    `walk list ${roots(SWEPT_PATHS)}`,
  ].join('\n');
}

/** Parses `listScript`'s output; the same path listed twice (a swept path under a restored one) keeps the first. */
export function parseListing(output: string): NodeEntry[] {
  const seen = new Map<string, NodeEntry>();
  for (const line of output.split('\n')) {
    const [type, mode, hash, ...rest] = line.split('\t');
    const path = rest.join('\t');
    if ((type !== 'f' && type !== 'd' && type !== 'l') || !path.startsWith('/') || seen.has(path)) continue;
    seen.set(path, { type, path, ...(mode && mode !== '-' ? { mode } : {}), ...(hash && hash !== '-' ? { hash } : {}) });
  }
  return [...seen.values()];
}

/** Bash that saves the content of RESTORED_PATHS in the node (paths relative to /, so tar restores in place). */
export function recordScript(): string {
  const relative = RESTORED_PATHS.map((p) => p.slice(1));
  return [
    'set -eu',
    `mkdir -p ${NODE_BASELINE_DIR}`,
    'cd /',
    `set -- ; for p in ${relative.map(shQuote).join(' ')}; do { [ -e "$p" ] || [ -L "$p" ]; } && set -- "$@" "$p"; done`,
    `tar -cpf ${NODE_BASELINE_TAR}.new "$@"`,
    `mv ${NODE_BASELINE_TAR}.new ${NODE_BASELINE_TAR}`,
  ].join('\n');
}

/** What a restore does in one node. */
export interface FileRestorePlan {
  /** Baseline files (and the dirs above them) to take back from the saved content: changed, missing or re-moded. */
  restore: string[];
  /** Paths that were not there at baseline, topmost only (removing a directory removes what it holds). */
  remove: string[];
  /** Whether the kubelet must restart to read what changed. */
  restartKubelet: boolean;
}

/** The difference between a node's baseline listing and its present one, as what to put back and what to remove. */
export function planFileRestore(baseline: readonly NodeEntry[], now: readonly NodeEntry[]): FileRestorePlan {
  const before = new Map(baseline.map((e) => [e.path, e]));
  const present = new Map(now.map((e) => [e.path, e]));
  const restore: string[] = [];
  for (const entry of baseline) {
    if (!restored(entry.path)) continue;
    const current = present.get(entry.path);
    const same = current !== undefined && current.type === entry.type && current.mode === entry.mode && current.hash === entry.hash;
    // Directories come back with the files in them; only a missing or retyped one is named.
    if (!same && (entry.type !== 'd' || current === undefined || current.type !== 'd')) restore.push(entry.path);
  }
  const added = now.filter((e) => !before.has(e.path)).map((e) => e.path);
  // A path whose baseline type changed (a file replaced by a directory) goes, then comes back.
  const retyped = now.filter((e) => before.has(e.path) && before.get(e.path)?.type !== e.type).map((e) => e.path);
  const gone = [...new Set([...added, ...retyped])].sort();
  const remove = gone.filter((path) => !gone.some((other) => other !== path && isUnder(path, other)));
  const touched = [...restore, ...remove];
  const restartKubelet = touched.some((path) => KUBELET_FILES.some((k) => isUnder(path, k) || isUnder(k, path)));
  return { restore, remove, restartKubelet };
}

/**
 * Bash that carries out a plan: removes what was added, takes back what changed from the saved
 * content, then restarts the kubelet when its files changed or it is not running (a task may
 * have stopped it). Prints what it did, one line each.
 */
export function restoreScript(plan: FileRestorePlan): string {
  const lines = ['set -eu'];
  for (const path of plan.remove) lines.push(`rm -rf -- ${shQuote(path)} && echo ${shQuote(`removed ${path}`)}`);
  if (plan.restore.length > 0) {
    lines.push(`[ -f ${NODE_BASELINE_TAR} ] || { echo 'the saved baseline is missing from this node' >&2; exit 3; }`);
    // A directory tar restores whole would bring back files removed on purpose, so each path is named.
    lines.push(`cd / && tar -xpf ${NODE_BASELINE_TAR} ${plan.restore.map((p) => shQuote(p.slice(1))).join(' ')}`);
    for (const path of plan.restore) lines.push(`echo ${shQuote(`restored ${path}`)}`);
  }
  const restart = 'systemctl daemon-reload && systemctl restart kubelet && echo "restarted the kubelet"';
  if (plan.restartKubelet) lines.push(restart);
  else lines.push(`if command -v systemctl >/dev/null && ! systemctl is-active --quiet kubelet; then ${restart}; fi`);
  return lines.join('\n');
}
