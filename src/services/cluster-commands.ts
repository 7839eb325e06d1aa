// What the cluster commands (cluster up/down/status, doctor, ssh, edit) print around the
// cluster services (cluster.ts, doctor.ts).
import { DEFAULT_CLUSTER } from '../environments/index.js';
import { UsageError } from '../errors.js';
import type { CommandIO } from '../system/io.js';
import type { KindClusterStatus } from '../environments/kind/index.js';
import { readAddonRecord, type InstalledAddon } from '../environments/addons/install.js';
import { createKubectl } from '../environments/live/kubectl.js';
import { clusterDown, clusterDownAll, clusterStatus, clusterUp, editNodeFile, labClustersNotice, nodeShell, parseNodeName, runnerFor } from './cluster.js';
import { runDoctor, type Finding } from './doctor.js';

/** The options every cluster command takes: which kind cluster, and the debug log. */
export interface ClusterOptions {
  cluster?: string;
  debug?: string;
}

const runtime = (options: ClusterOptions, io: CommandIO) => ({ env: io.env, signal: io.signal, ...(options.debug ? { debugFile: options.debug } : {}) });

/** `kubedrill cluster up`: create (or reuse) the kind cluster with the topology tasks need. */
export async function runClusterUp(options: ClusterOptions & { workers?: number; image?: string }, io: CommandIO): Promise<number> {
  const ctx = { ...runtime(options, io), onProgress: (line: string) => io.stdout.write(`  ${line}\n`) };
  const cluster = await clusterUp(ctx, options.cluster ?? DEFAULT_CLUSTER, options.workers ?? 2, options.image ? { image: options.image } : {});
  io.stdout.write(`${cluster.created ? 'created' : 'using'} kind cluster ${cluster.name}: 1 control plane + ${cluster.workers} worker(s)\n`);
  io.stdout.write(`reach it from your terminal:\n  export KUBECONFIG=${cluster.kubeconfig}\n  kubectl config use-context ${cluster.context}\n`);
  return 0;
}

/** `kubedrill cluster down`: delete kubedrill's kind cluster (only the named one; idempotent); `--all` adds its lab clusters. */
export async function runClusterDown(options: ClusterOptions & { all?: true }, io: CommandIO): Promise<number> {
  const name = options.cluster ?? DEFAULT_CLUSTER;
  if (options.all) {
    const labs = await clusterDownAll(runtime(options, io), name);
    for (const lab of labs) io.stdout.write(`deleted lab cluster ${lab}\n`);
    if (labs.length === 0) io.stdout.write(`no lab clusters of ${name} existed\n`);
  } else await clusterDown(runtime(options, io), name);
  io.stdout.write(`deleted kind cluster ${name} (if it existed)\n`);
  return 0;
}

/**
 * `kubedrill cluster status`: exists? nodes Ready? CoreDNS? Then its lab clusters, if any. The
 * exit code is the main cluster's (1 when absent or unhealthy): lab clusters come and go with exams.
 */
export async function runClusterStatus(options: ClusterOptions & { json?: true }, io: CommandIO): Promise<number> {
  const ctx = runtime(options, io);
  const found = await clusterStatus(ctx, options.cluster ?? DEFAULT_CLUSTER);
  const status = { ...(await withAddons(found, ctx)), labs: await Promise.all(found.labs.map((lab) => withAddons(lab, ctx))) };
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ formatVersion: 1, ...status }, null, 2)}\n`);
    return status.healthy ? 0 : 1;
  }
  if (!status.exists) io.stdout.write(`kind cluster ${status.name} does not exist\n  create it: kubedrill cluster up --cluster ${status.name}\n`);
  else writeClusterHealth(status, io);
  for (const lab of status.labs) writeClusterHealth(lab, io, 'lab cluster');
  const notice = labClustersNotice(status.name, status.labs.map((lab) => lab.name));
  if (notice) io.stdout.write(`${notice}\n`);
  return status.healthy ? 0 : 1;
}

/** A cluster's status with the add-ons recorded on it (environments/addons/install.ts); none asked of an unreachable one. */
type StatusWithAddons = KindClusterStatus & { addons?: InstalledAddon[]; addonsProblem?: string };

async function withAddons(status: KindClusterStatus, ctx: ReturnType<typeof runtime>): Promise<StatusWithAddons> {
  if (!status.exists || status.health?.problem !== undefined) return status;
  const kubectl = createKubectl({ runner: runnerFor(ctx), target: { context: status.context, kubeconfig: status.kubeconfig } });
  try {
    return { ...status, addons: await readAddonRecord(kubectl) };
  } catch (error) {
    return { ...status, addonsProblem: (error as Error).message };
  }
}

function writeClusterHealth(status: StatusWithAddons, io: CommandIO, what = 'kind cluster'): void {
  io.stdout.write(`${what} ${status.name}: ${status.healthy ? 'healthy' : 'NOT healthy'} (context ${status.context})\n`);
  for (const node of status.health?.nodes ?? []) {
    io.stdout.write(`  ${node.ready ? 'Ready   ' : 'NotReady'}  ${node.name}${node.controlPlane ? ' (control plane)' : ''}\n`);
  }
  if (status.health?.problem) io.stdout.write(`  API server: ${status.health.problem}\n`);
  io.stdout.write(`  CoreDNS: ${status.health?.coreDnsAvailable ? 'available' : 'unavailable'}\n`);
  if (status.addons) io.stdout.write(`  add-ons: ${status.addons.length > 0 ? status.addons.map((a) => `${a.name} ${a.version}`).join(', ') : 'none'}\n`);
  else if (status.addonsProblem) io.stdout.write(`  add-ons: unknown (${status.addonsProblem})\n`);
  io.stdout.write(`  kubeconfig: ${status.kubeconfig}\n`);
}

const MARK: Record<Finding['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' };

/** `kubedrill doctor`: checks what live drills need; exit 1 when something needed is missing. */
export async function runDoctorReport(options: ClusterOptions & { json?: true; probe: boolean }, io: CommandIO): Promise<number> {
  const report = await runDoctor({
    runner: runnerFor({ env: io.env, ...(options.debug ? { debugFile: options.debug } : {}) }),
    env: io.env,
    cluster: options.cluster ?? DEFAULT_CLUSTER,
    probe: options.probe,
    ...(options.json ? {} : { onFinding: (f: Finding) => io.stdout.write(formatFinding(f)) }),
  });
  if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(report.failed ? '\nsomething kubedrill needs is missing: see the FAIL lines above\n' : '\nready for live drills\n');
  return report.failed ? 1 : 0;
}

function formatFinding(f: Finding): string {
  return `${MARK[f.status]}  ${f.title}: ${f.detail}\n${f.fix && f.status !== 'ok' ? `      fix: ${f.fix}\n` : ''}`;
}

/** `kubedrill ssh NODE`: an interactive shell in a kind node, like the exam's `ssh node01`. */
export function openNodeShell(node: string, options: ClusterOptions, io: CommandIO): Promise<number> {
  return nodeShell(runtime(options, io), options.cluster ?? DEFAULT_CLUSTER, parseNodeName(node), io.stdin.isTTY === true);
}

/** `kubedrill edit NODE:PATH`: edit a node's file in $EDITOR (kind nodes have no editor). */
export async function editOnNode(target: string, options: ClusterOptions, io: CommandIO): Promise<number> {
  const colon = target.indexOf(':');
  const path = target.slice(colon + 1);
  if (colon <= 0 || !path.startsWith('/')) throw new UsageError(`expected NODE:/absolute/path, got "${target}"`, ['kubedrill edit controlplane:/etc/kubernetes/manifests/etcd.yaml']);
  const node = parseNodeName(target.slice(0, colon));
  const result = await editNodeFile(runtime(options, io), options.cluster ?? DEFAULT_CLUSTER, node, path);
  io.stdout.write(result.changed ? `saved ${path} on ${node}\n` : `no changes; ${path} on ${node} left as it was\n`);
  return 0;
}
