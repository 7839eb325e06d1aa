// A kind cluster's baseline: its state as kind made it, recorded once, and restored before each
// task's setup (drill open and reset, exam preparation, self-test phases) so that what one task
// or its learner changed — a cordon, a taint, a node label, a kubelet flag, a moved static pod
// manifest, a pod made with `kubectl run`, a backup file on a node — cannot pass or fail the next.
//
// Only on kind clusters kubedrill made: every object and node file there was made by kind,
// kubedrill, a task or the learner practising, so "not in the baseline" means "made by practice".
// On a context the learner named, kubedrill removes only what its own steps applied (step-runner.ts).
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { K8sObject, NodeName, Nodes } from '../../models/index.js';
import { lastLine, parseJsonOr } from '../../system/index.js';
import { jsonWith, readStateFile, writeFileAtomic } from '../../system/state-file.js';
import type { Kubectl } from '../live/kubectl.js';
import { listScript, NODE_BASELINE_DIR, parseListing, planFileRestore, recordScript, restoreScript, type NodeEntry } from './baseline-files.js';
import { nodeState, planNodeRestore, type NodeState } from './baseline-nodes.js';
import { baselineKeys, planObjectSweep, SWEPT_RESOURCES } from './baseline-objects.js';
import { pollUntilReady } from './readiness.js';

/** Inside each node: which baseline its saved files belong to (a cluster made again has none, or another). */
const NODE_BASELINE_ID = `${NODE_BASELINE_DIR}/baseline-id`;

const baselineSchema = z.object({
  formatVersion: z.literal(1),
  cluster: z.string(),
  /** Also written into every node: files are restored only into nodes that hold the same id. */
  id: z.string().min(1),
  recordedAt: z.string(),
  nodes: z.array(z.object({ name: z.string(), unschedulable: z.boolean(), taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() })), labels: z.record(z.string(), z.string()) })),
  objects: z.array(z.string()),
  /** Logical node name → its listed paths. */
  files: z.record(z.string(), z.array(z.object({ type: z.enum(['f', 'd', 'l']), path: z.string(), mode: z.string().optional(), hash: z.string().optional() }))),
});
export type KindBaseline = z.infer<typeof baselineSchema>;

/** Where a cluster's baseline is kept on the learner's machine (with kubedrill's other per-cluster files). */
export const baselinePath = (dataDir: string, cluster: string): string => join(dataDir, 'baselines', `${cluster}.json`);

export interface BaselineDeps {
  cluster: string;
  dataDir: string;
  kubectl: Kubectl;
  nodes: Nodes;
  /** The cluster's nodes (the control plane first). */
  present: readonly NodeName[];
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** Tests shorten the waits. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const LIST_TIMEOUT_MS = 60_000;
/** After static pod manifests or the kubelet come back, the API server and nodes need this long at most. */
const READY_TIMEOUT_MS = 240_000;

/** Records the cluster's present state as its baseline: right after kind made it, or on first use of an older cluster. */
export async function recordBaseline(deps: BaselineDeps): Promise<KindBaseline> {
  const id = randomUUID();
  const files: Record<string, NodeEntry[]> = {};
  await Promise.all(
    deps.present.map(async (node) => {
      const saved = await deps.nodes.exec(node, `${recordScript()}\nprintf '%s' '${id}' > ${NODE_BASELINE_ID}`, { timeoutMs: LIST_TIMEOUT_MS });
      if (saved.exitCode !== 0) throw new Error(`could not save node ${node}'s files for the baseline: ${lastLine(saved.stderr || saved.stdout, 'no output')}`);
      files[node] = await listNode(deps, node);
    }),
  );
  const baseline: KindBaseline = {
    formatVersion: 1,
    cluster: deps.cluster,
    id,
    recordedAt: new Date((deps.now ?? Date.now)()).toISOString(),
    nodes: (await getList(deps.kubectl, ['nodes'])).map(nodeState),
    objects: baselineKeys(await getList(deps.kubectl, [...SWEPT_RESOURCES])),
    files,
  };
  await mkdir(dirname(baselinePath(deps.dataDir, deps.cluster)), { recursive: true });
  await writeFileAtomic(baselinePath(deps.dataDir, deps.cluster), JSON.stringify(baseline) + '\n');
  return baseline;
}

/** Forgets a cluster's baseline (the cluster was deleted). */
export async function forgetBaseline(dataDir: string, cluster: string): Promise<void> {
  await rm(baselinePath(dataDir, cluster), { force: true });
}

/**
 * Brings the cluster back to its baseline: node files first (a task may have stopped the API
 * server), then, once the API answers, Node objects and the objects made since. Returns one line
 * per thing it changed (empty when the cluster was clean). A cluster without a baseline (made by
 * an older kubedrill, or by hand) gets one recorded now, which the returned line says.
 */
export async function restoreBaseline(deps: BaselineDeps): Promise<string[]> {
  const read = await readStateFile(baselinePath(deps.dataDir, deps.cluster), jsonWith(baselineSchema));
  if (read.status !== 'ok') {
    await recordBaseline(deps);
    return [`recorded the baseline of cluster ${deps.cluster} now; what was made in it before stays (kubedrill cluster down, then up, starts clean)`];
  }
  const baseline = read.value;
  const done: string[] = [];
  const fileResults = await Promise.all(deps.present.map((node) => restoreNodeFiles(deps, baseline, node)));
  if (fileResults.some((r) => r === 'foreign')) {
    // The nodes are not the ones the baseline saw: the cluster was made again under this name.
    await recordBaseline(deps);
    return [`cluster ${deps.cluster} was made again since its baseline was recorded; recorded a new one`];
  }
  const changedFiles = fileResults.flatMap((r) => (r === 'foreign' ? [] : r));
  done.push(...changedFiles);
  if (changedFiles.length > 0) {
    deps.onProgress?.('waiting for the control plane and nodes after restoring their files');
    const ready = await pollUntilReady(deps.kubectl, {
      expectedNodes: deps.present.length,
      timeoutMs: READY_TIMEOUT_MS,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (!ready.ready) throw new Error(`cluster ${deps.cluster} did not come back after its files were restored: ${ready.health.problem ?? 'nodes not Ready'} (kubedrill cluster down, then up, makes it again)`);
  }
  for (const args of planNodeRestore(baseline.nodes as NodeState[], (await getList(deps.kubectl, ['nodes'])).map(nodeState))) {
    await deps.kubectl.runOk(args, { timeoutMs: 30_000 });
    done.push(`kubectl ${args.join(' ')}`);
  }
  done.push(...(await sweepObjects(deps, new Set(baseline.objects))));
  return done;
}

/** Lines of what changed in one node, or 'foreign' when the node does not hold this baseline's files. */
async function restoreNodeFiles(deps: BaselineDeps, baseline: KindBaseline, node: NodeName): Promise<string[] | 'foreign'> {
  const saved = baseline.files[node];
  if (!saved) return []; // a node added since (more workers): nothing to compare with
  const id = await deps.nodes.exec(node, `cat ${NODE_BASELINE_ID} 2>/dev/null || true`, { timeoutMs: LIST_TIMEOUT_MS });
  if (id.stdout.trim() !== baseline.id) return 'foreign';
  const plan = planFileRestore(saved, await listNode(deps, node));
  // Run even when no file differs: the script also restarts a kubelet a task stopped without touching a file.
  const result = await deps.nodes.exec(node, restoreScript(plan), { timeoutMs: LIST_TIMEOUT_MS });
  if (result.exitCode !== 0) throw new Error(`could not restore node ${node}'s files: ${lastLine(result.stderr || result.stdout, 'no output')}`);
  return result.stdout.split('\n').filter(Boolean).map((line) => `${node}: ${line}`);
}

async function listNode(deps: BaselineDeps, node: NodeName): Promise<NodeEntry[]> {
  const listed = await deps.nodes.exec(node, listScript(), { timeoutMs: LIST_TIMEOUT_MS });
  if (listed.exitCode !== 0) throw new Error(`could not list node ${node}'s files: ${lastLine(listed.stderr, 'no output')}`);
  return parseListing(listed.stdout);
}

/** Deletes what was made since the baseline (namespaces last, waiting for them: setup cannot apply into a Terminating one). */
async function sweepObjects(deps: BaselineDeps, baseline: ReadonlySet<string>): Promise<string[]> {
  const sweep = planObjectSweep(baseline, await getList(deps.kubectl, [...SWEPT_RESOURCES]));
  const done: string[] = [];
  for (const [ns, refs] of sweep.objects) {
    const args = ['delete', ...(ns ? ['-n', ns] : []), '--ignore-not-found', ...refs];
    // A pod bound to a node that no longer answers never finishes terminating: forced after a minute.
    const graceful = await deps.kubectl.run([...args, '--wait=true', '--timeout=60s'], { timeoutMs: 75_000 });
    if (graceful.exitCode !== 0) await deps.kubectl.runOk([...args, '--force', '--grace-period=0', '--wait=false'], { timeoutMs: 60_000 });
    done.push(`deleted ${refs.join(', ')}${ns ? ` in namespace ${ns}` : ''}`);
  }
  if (sweep.namespaces.length > 0) {
    await deps.kubectl.runOk(['delete', 'namespace', ...sweep.namespaces, '--ignore-not-found', '--wait=true', '--timeout=180s'], { timeoutMs: 200_000 });
    done.push(`deleted namespace${sweep.namespaces.length === 1 ? '' : 's'} ${sweep.namespaces.join(', ')}`);
  }
  return done;
}

/** `kubectl get TYPES -A -o json`'s items (a cluster-scoped type ignores -A). */
async function getList(kubectl: Kubectl, types: readonly string[]): Promise<K8sObject[]> {
  const result = await kubectl.runOk(['get', types.join(','), '--all-namespaces', '-o', 'json'], { timeoutMs: 60_000 });
  return (parseJsonOr(result.stdout, {}) as { items?: K8sObject[] }).items ?? [];
}
