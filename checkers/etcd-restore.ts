import { parse } from 'yaml';
import { z } from 'zod';
import { defineChecker, errored, failed, nodeNameSchema, passed, shQuote } from '../src/models/index.js';
import { readMarks, SCRIPT_PRELUDE, toolMessage } from './support/etcd-script.js';

const KUBEADM_PKI = '/etc/kubernetes/pki/etcd';

/** etcd may still be starting from the restored directory: the query script retries for a while. */
const QUERY_TIMEOUT_MS = 45_000;

const params = z.strictObject({
  node: nodeNameSchema,
  dataDir: z.string().startsWith('/', 'expected an absolute path'),
  presentKey: z.string().min(1).describe('written before the snapshot: must be served'),
  absentKey: z.string().min(1).describe('written after the snapshot: must be gone'),
  // Overrides for non-kubeadm layouts (and tests against a plain-http etcd); kubeadm defaults.
  manifest: z.string().startsWith('/').default('/etc/kubernetes/manifests/etcd.yaml'),
  endpoint: z.url().default('https://127.0.0.1:2379').describe('TLS flags are only passed for https'),
  cacert: z.string().default(`${KUBEADM_PKI}/ca.crt`),
  cert: z.string().default(`${KUBEADM_PKI}/server.crt`),
  key: z.string().default(`${KUBEADM_PKI}/server.key`),
});
type Params = z.infer<typeof params>;

/** Where the etcd static pod really keeps its data on the host, read from its manifest. */
export interface ManifestDataDir {
  /** hostPath of the `etcd-data` volume. */
  hostPath?: string;
  /** `--data-dir` as the container sees it. */
  flag?: string;
  /** mountPath of the `etcd-data` volume in the etcd container. */
  mountPath?: string;
  /** The host directory etcd's data ends up in, when flag and mount agree. */
  effective?: string;
  problems: string[];
}

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

interface PodManifest {
  spec?: {
    volumes?: { name?: string; hostPath?: { path?: string } }[];
    containers?: { name?: string; command?: string[]; args?: string[]; volumeMounts?: { name?: string; mountPath?: string }[] }[];
  };
}

/**
 * Reads the etcd static pod manifest the kubeadm way: the `etcd-data` hostPath volume, the
 * etcd container's mount of it, and `--data-dir`. A `--data-dir` outside the mount would keep
 * data in the container's own filesystem, lost on restart — reported as a problem.
 */
export function manifestDataDir(text: string): ManifestDataDir {
  const out: ManifestDataDir = { problems: [] };
  let doc: PodManifest;
  try {
    doc = (parse(text) ?? {}) as PodManifest;
  } catch (e) {
    out.problems.push(`the manifest is not valid YAML (${(e as Error).message.split('\n')[0]})`);
    return out;
  }
  const volume = doc.spec?.volumes?.find((v) => v.name === 'etcd-data');
  if (volume?.hostPath?.path) out.hostPath = trimSlash(volume.hostPath.path);
  else out.problems.push('no etcd-data hostPath volume in the manifest');
  const container = doc.spec?.containers?.find((c) => c.name === 'etcd') ?? doc.spec?.containers?.[0];
  const argv = [...(container?.command ?? []), ...(container?.args ?? [])];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--data-dir=')) out.flag = trimSlash(arg.slice('--data-dir='.length));
    else if (arg === '--data-dir' && argv[i + 1] !== undefined) out.flag = trimSlash(argv[i + 1]!);
  }
  const mount = container?.volumeMounts?.find((m) => m.name === 'etcd-data')?.mountPath;
  if (mount) out.mountPath = trimSlash(mount);
  if (out.flag === undefined) out.problems.push('the etcd container has no --data-dir flag');
  else if (out.mountPath === undefined) out.problems.push('the etcd-data volume is not mounted in the etcd container');
  else if (out.flag !== out.mountPath && !out.flag.startsWith(`${out.mountPath}/`)) {
    out.problems.push(`--data-dir ${out.flag} is outside the etcd-data mount (${out.mountPath}): etcd would keep its data inside the container`);
  } else if (out.hostPath !== undefined) {
    out.effective = out.hostPath + out.flag.slice(out.mountPath.length);
  }
  return out;
}

/** Asks the running etcd on the node for both keys; a restarting etcd gets two tries, ~8 s, to answer. */
export function queryScript(p: Params): string {
  const tls = p.endpoint.startsWith('https:')
    ? ` --cacert=${shQuote(p.cacert)} --cert=${shQuote(p.cert)} --key=${shQuote(p.key)}`
    : '';
  return `${SCRIPT_PRELUDE}
ETCDCTL=$(command -v etcdctl || true)
if [ -z "$ETCDCTL" ]; then kd tools-missing "etcdctl"; exit 0; fi
err=$(mktemp /tmp/kubedrill-etcd-query.XXXXXX) || { kd script-error "mktemp failed"; exit 0; }
trap 'rm -f "$err"' EXIT
ctl() { "$ETCDCTL" --endpoints=${shQuote(p.endpoint)}${tls} --dial-timeout=2s --command-timeout=5s "$@"; }
n=0
until ctl endpoint health --command-timeout=3s >/dev/null 2>"$err"; do
  n=$((n + 1))
  if [ $n -ge 2 ]; then kd etcd-down "$({ grep -m1 'is unhealthy' "$err" || kd_err "$err"; } | cut -c1-300)"; exit 0; fi
  sleep 2
done
for which in present absent; do
  if [ $which = present ]; then k=${shQuote(p.presentKey)}; else k=${shQuote(p.absentKey)}; fi
  if ! out=$(ctl get "$k" --keys-only 2>"$err"); then kd get-failed "$(kd_err "$err")"; exit 0; fi
  if printf '%s\\n' "$out" | grep -qxF -- "$k"; then kd "$which-key" yes; else kd "$which-key" no; fi
done
`;
}

/** etcd runs from the restored data dir: manifest points there, old keys served, newer ones gone. */
export const etcdRestoreChecker = defineChecker({
  type: 'etcd-restore',
  summary: 'etcd serves a restored data dir: manifest hostPath, pre-snapshot key present, post-snapshot key absent',
  params,
  needs: ['node-shell'],
  timeoutMs: () => QUERY_TIMEOUT_MS + 10_000,
  async run(p, ctx) {
    const dataDir = trimSlash(p.dataDir);
    const expected = `etcd on ${p.node} serves ${dataDir}: ${p.presentKey} present, ${p.absentKey} absent`;
    const problems: string[] = [];

    const text = await ctx.nodes.readFile(p.node, p.manifest);
    let manifestNote = '';
    if (text === undefined) {
      problems.push(`no etcd manifest at ${p.manifest}`);
    } else {
      const m = manifestDataDir(text);
      problems.push(...m.problems);
      if (m.effective !== undefined && m.effective !== dataDir) {
        problems.push(`the manifest keeps etcd's data in ${m.effective}, not ${dataDir}`);
      }
      manifestNote = `etcd-data hostPath ${m.hostPath ?? '?'}`;
    }

    const result = await ctx.nodes.exec(p.node, queryScript(p), { timeoutMs: QUERY_TIMEOUT_MS });
    const marks = readMarks(result.stdout);
    if (marks.has('tools-missing')) {
      return errored(`cannot query etcd: etcdctl is missing on ${p.node}; the task's setup must provide it`);
    }
    if (marks.has('script-error')) return errored(`etcd query on ${p.node} failed: ${marks.get('script-error')}`);
    if (marks.has('etcd-down')) {
      problems.push(`etcd does not answer on ${p.endpoint} (${toolMessage(marks.get('etcd-down'))})`);
    } else if (marks.has('get-failed')) {
      return errored(`etcd answers but reading keys failed: ${toolMessage(marks.get('get-failed'))}`);
    } else if (marks.has('present-key') && marks.has('absent-key')) {
      if (marks.get('present-key') !== 'yes') problems.push(`${p.presentKey} is missing (not the restored data?)`);
      if (marks.get('absent-key') !== 'no') problems.push(`${p.absentKey} is still there (etcd still serves the old data)`);
    } else {
      throw new Error(`etcd query on ${p.node} ended without a verdict (exit ${result.exitCode}): ${result.stderr.trim().slice(-300)}`);
    }

    if (problems.length > 0) return failed(expected, problems.join('; '), { summary: `etcd on ${p.node}: ${problems.join('; ')}` });
    return passed(`${manifestNote}; etcd answers with ${p.presentKey} and without ${p.absentKey}`);
  },
});
