import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { NODE_NAMES, type NodeName } from '../models/index.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { createDockerNodes, createKindProvider, kindNodeContainer, type KindCluster, type KindClusterStatus } from '../environments/kind/index.js';
import { runnerFor, type ClusterContext } from './lab-clusters.js';

// The context, the runner and the lab-cluster helpers live in lab-clusters.ts (no zod there).
export { labClusters, labClustersNotice, runnerFor, type ClusterContext } from './lab-clusters.js';

function provider(ctx: ClusterContext) {
  return createKindProvider({
    runner: runnerFor(ctx),
    dataDir: kubedrillDataDir(ctx.env),
    ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

/** `kubedrill cluster up`: create or reuse the kind cluster; `image` replaces the node image pinned for the installed kind. */
export const clusterUp = (ctx: ClusterContext, name: string, workers: number, options: { image?: string } = {}): Promise<KindCluster> =>
  provider(ctx).up(name, workers, options);

/** `kubedrill cluster down`: delete it (idempotent). */
export const clusterDown = (ctx: ClusterContext, name: string): Promise<void> => provider(ctx).down(name);

/**
 * `kubedrill cluster down --all`: deletes `main`'s lab clusters, then `main` itself (idempotent).
 * Returns the lab clusters deleted.
 */
export async function clusterDownAll(ctx: ClusterContext, main: string): Promise<string[]> {
  const kind = provider(ctx);
  const labs = await kind.labClusters(main);
  // One at a time: a failure names the cluster it stopped at, and those after it are left alone.
  for (const lab of labs) await kind.down(lab);
  await kind.down(main);
  return labs;
}

/** What `cluster status` reports: the main cluster, and each of its lab clusters that exists. */
export type ClusterStatusReport = KindClusterStatus & { labs: KindClusterStatus[] };

/** `kubedrill cluster status`: the main cluster and its lab clusters, from one `kind get clusters`. */
export async function clusterStatus(ctx: ClusterContext, name: string): Promise<ClusterStatusReport> {
  const kind = provider(ctx);
  const listed = await kind.list();
  const main = await kind.status(name, listed);
  const labs: KindClusterStatus[] = [];
  // One after another: a few clusters at most, and the output order stays the lab order.
  for (const lab of await kind.labClusters(name, listed)) labs.push(await kind.status(lab, listed));
  return { ...main, labs };
}

/** Reads `controlplane`, `worker1`, `worker2` (the names packs and statements use). */
export function parseNodeName(text: string): NodeName {
  if ((NODE_NAMES as readonly string[]).includes(text)) return text as NodeName;
  throw new UsageError(`unknown node "${text}"`, [`nodes are: ${NODE_NAMES.join(', ')}`]);
}

/** `kubedrill ssh NODE`: an interactive shell in the node container, like the exam's `ssh node01`. */
export async function nodeShell(ctx: ClusterContext, cluster: string, node: NodeName, interactiveTerminal: boolean): Promise<number> {
  const container = kindNodeContainer(cluster, node);
  await ensureNodeRunning(ctx, cluster, node);
  return runnerFor(ctx).interactive('docker', ['exec', interactiveTerminal ? '-it' : '-i', container, 'bash'], ctx.signal ? { signal: ctx.signal } : {});
}

/**
 * `kubedrill edit NODE:PATH`: kind nodes have no editor, so the file is copied out to a temp
 * file, opened in `$EDITOR` (fallback `vi`) on the learner's machine, and copied back only if it
 * changed. A missing file starts empty, like `vi newfile`.
 */
export async function editNodeFile(ctx: ClusterContext, cluster: string, node: NodeName, path: string): Promise<{ changed: boolean }> {
  const runner = runnerFor(ctx);
  const nodes = createDockerNodes({ runner, cluster });
  await ensureNodeRunning(ctx, cluster, node);
  const before = (await nodes.readFile(node, path)) ?? '';
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-edit-'));
  let keep = false;
  try {
    const local = join(dir, basename(path) || 'file');
    await writeFile(local, before, 'utf8');
    const [editor, ...editorArgs] = (ctx.env.VISUAL || ctx.env.EDITOR || 'vi').trim().split(/\s+/) as [string, ...string[]];
    const code = await runner.interactive(editor, [...editorArgs, local], ctx.signal ? { signal: ctx.signal } : {});
    if (code !== 0) throw new UserError(`${editor} exited with code ${code}; ${path} on ${node} was left unchanged`);
    const after = await readFile(local, 'utf8');
    if (after === before) return { changed: false };
    // `cat >` into the existing file keeps its owner and mode (static pod manifests, kubelet config).
    const result = await runner.run('docker', ['exec', '-i', kindNodeContainer(cluster, node), 'sh', '-c', 'cat > "$1"', 'sh', path], { input: after, timeoutMs: 30_000 });
    keep = result.exitCode !== 0;
    if (keep) throw new UserError(`could not write ${path} on ${node}: ${result.stderr.trim()}`, [`your edit is kept in ${local}`]);
    return { changed: true };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

async function ensureNodeRunning(ctx: ClusterContext, cluster: string, node: NodeName): Promise<void> {
  const container = kindNodeContainer(cluster, node);
  const result = await runnerFor(ctx).run('docker', ['inspect', '-f', '{{.State.Running}}', container], { timeoutMs: 15_000 });
  if (result.exitCode !== 0 || result.stdout.trim() !== 'true') {
    throw new UserError(`node ${node} (container ${container}) is not running`, [`kubedrill cluster status --cluster ${cluster}`, `kubedrill cluster up --cluster ${cluster}`]);
  }
}
