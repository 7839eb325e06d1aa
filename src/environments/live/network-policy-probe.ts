import { join } from 'node:path';
import { z } from 'zod';
import { describeDamage, jsonWith, readStateFile, writeFileAtomic } from '../../system/state-file.js';
import type { Kubectl } from './kubectl.js';

/** A kubedrill-owned namespace: the probe creates its pods here and always removes it. */
export const PROBE_NAMESPACE = 'kubedrill-netpol-probe';

export interface ProbeResult {
  enforced: boolean;
  /** Why enforcement is not proven (absent capability's reason), or what was seen. */
  detail: string;
}

const PROBE_IMAGE = 'busybox:1.36';

/** Pods and the deny-all policy the probe uses (a server on 8080, a client). */
export function probeManifests(): { pods: string; denyAll: string } {
  const pod = (name: string, command: string) => `---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${PROBE_NAMESPACE}, labels: { app: ${name} } }
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: main
      image: ${PROBE_IMAGE}
      command: ["sh", "-c", ${JSON.stringify(command)}]
`;
  return {
    pods: `apiVersion: v1
kind: Namespace
metadata: { name: ${PROBE_NAMESPACE} }
${pod('server', 'while true; do echo ok | nc -l -p 8080; done')}${pod('client', 'sleep 3600')}`,
    denyAll: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: ${PROBE_NAMESPACE} }
spec: { podSelector: {}, policyTypes: [Ingress] }
`,
  };
}

/**
 * Proves NetworkPolicy enforcement: connect client → server (must work), apply deny-all, then
 * new connections must fail. Why a probe: kindnet enforces NetworkPolicy since kind v0.24
 * (kube-network-policies over nfqueue) but fails open — where nfqueue does not work (some WSL2
 * kernels) traffic silently passes. Why new connections: before a late-2025 fix, a changed
 * policy did not cut connections already established.
 */
export async function probeNetworkPolicy(kubectl: Kubectl, options: { sleep?: (ms: number) => Promise<void>; attempts?: number } = {}): Promise<ProbeResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { pods, denyAll } = probeManifests();
  const ns = ['-n', PROBE_NAMESPACE];
  try {
    // A probe moments ago leaves its namespace Terminating, and creating pods there would fail.
    await kubectl.run(['delete', 'namespace', PROBE_NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 100_000 });
    await kubectl.runOk(['apply', '-f', '-'], { input: pods, timeoutMs: 60_000 });
    await kubectl.runOk(['wait', '--for=condition=Ready', 'pod/server', 'pod/client', ...ns, '--timeout=180s'], { timeoutMs: 200_000 });
    const ip = (await kubectl.runOk(['get', 'pod', 'server', ...ns, '-o', 'jsonpath={.status.podIP}'])).stdout.trim();
    const connect = async () => (await kubectl.run(['exec', ...ns, 'client', '--', 'nc', '-z', '-w', '2', ip, '8080'], { timeoutMs: 30_000 })).exitCode === 0;
    if (!(await connect())) return { enforced: false, detail: 'the probe could not connect even without a policy, so enforcement could not be proven' };
    await kubectl.runOk(['apply', '-f', '-'], { input: denyAll, timeoutMs: 60_000 });
    for (let i = 0; i < (options.attempts ?? 10); i++) {
      if (!(await connect())) return { enforced: true, detail: 'a deny-all policy blocked a new connection' };
      await sleep(1000);
    }
    return { enforced: false, detail: 'network policies are not enforced here: a deny-all policy did not block traffic (kind ≥ 0.24 kindnet, or install Calico)' };
  } catch (error) {
    return { enforced: false, detail: `the NetworkPolicy probe failed: ${(error as Error).message}` };
  } finally {
    await kubectl.run(['delete', 'namespace', PROBE_NAMESPACE, '--ignore-not-found', '--wait=false'], { timeoutMs: 60_000 }).catch(() => undefined);
  }
}

const probeResultSchema = z.object({ enforced: z.boolean(), detail: z.string() });

/**
 * A kept probe result, or undefined (none, or unusable). A damaged cache (a crash mid-write in an
 * older version, a directory in its place) is moved aside with a note: the probe simply runs again.
 */
async function readProbeCache(file: string, onNotice?: (line: string) => void): Promise<ProbeResult | undefined> {
  const read = await readStateFile(file, jsonWith(probeResultSchema));
  if (read.status === 'ok') return read.value;
  if (read.status === 'damaged') onNotice?.(describeDamage('the NetworkPolicy probe cache', read, 'the probe runs again'));
  return undefined;
}

/** Keeps a probe result (atomically). A cache that cannot be written costs only a probe next time: a note, never an error. */
async function writeProbeCache(file: string, probe: ProbeResult, onNotice?: (line: string) => void): Promise<void> {
  try {
    await writeFileAtomic(file, JSON.stringify(probe) + '\n');
  } catch (error) {
    onNotice?.(`could not keep the NetworkPolicy probe result in ${file} (${(error as Error).message}); it runs again next time`);
  }
}

/**
 * The probe, at most once per cluster: it takes tens of seconds (two pods start), too slow for
 * every `check` or drill. A cluster that enforced NetworkPolicy keeps doing so, so a positive
 * result is kept below `dataDir` per cluster identity (the kube-system namespace's uid, new when
 * a cluster is re-created); a negative one is never kept, since it may come from a slow image
 * pull that later succeeds.
 */
export async function probeNetworkPolicyOnce(kubectl: Kubectl, dataDir: string, onProgress?: (line: string) => void): Promise<ProbeResult> {
  const uid = (await kubectl.run(['get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}']).catch(() => undefined))?.stdout.trim();
  const cacheFile = uid ? join(dataDir, 'probes', `network-policy-${uid.replace(/[^\w-]/g, '')}.json`) : undefined;
  if (cacheFile) {
    const cached = await readProbeCache(cacheFile, onProgress);
    if (cached?.enforced === true) return cached;
  }
  onProgress?.('checking that NetworkPolicy is enforced (deny-all probe, once per cluster)');
  const probe = await probeNetworkPolicy(kubectl);
  if (probe.enforced && cacheFile) await writeProbeCache(cacheFile, probe, onProgress);
  return probe;
}
