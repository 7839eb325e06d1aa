import { INSTALL_KIND } from './install.js';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../errors.js';
import { ExternalError, type ProcessRunner } from '../../system/index.js';
import { writeFileAtomic } from '../../system/state-file.js';
import { createKubectl, type Kubectl } from '../live/kubectl.js';
import { NODE_NAMES } from '../../models/index.js';
import { forgetBaseline, recordBaseline } from './baseline.js';
import { createDockerNodes } from './docker-nodes.js';
import { chooseNodeImage, type NodeImageChoice } from './node-image.js';
import { kindFailure, labClustersOf, listKindClusters } from './kind-cli.js';
import { kindContext, kindKubeconfigPath } from './paths.js';
import { pollUntilReady, readHealth, isHealthy, type ClusterHealth } from './readiness.js';

/** kind ≥ 0.24 ships kindnet with NetworkPolicy enforcement, which network tasks grade on. */
export const MIN_KIND_VERSION = [0, 24, 0] as const;

export interface KindProviderConfig {
  runner: ProcessRunner;
  dataDir: string;
  onProgress?: (line: string) => void;
  /** How long readiness may take after create (default 5 min). */
  readyTimeoutMs?: number;
  pollIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

export interface KindCluster {
  name: string;
  context: string;
  kubeconfig: string;
  workers: number;
  /** False when an existing healthy cluster was reused. */
  created: boolean;
}

export interface KindClusterStatus {
  name: string;
  exists: boolean;
  context: string;
  kubeconfig: string;
  health?: ClusterHealth;
  healthy: boolean;
}

/** kind's cluster config (kind.x-k8s.io/v1alpha4), passed on stdin with `--config -`. */
export function kindConfig(name: string, workers: number): string {
  const nodes = ['  - role: control-plane', ...Array.from({ length: workers }, () => '  - role: worker')];
  return ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', `name: ${name}`, 'nodes:', ...nodes, ''].join('\n');
}

/** Parses `kind v0.27.0 go1.23.4 linux/amd64` into [0, 27, 0]. */
export function parseKindVersion(text: string): [number, number, number] | undefined {
  const match = /v(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export const versionAtLeast = (v: readonly number[], min: readonly number[]): boolean => {
  for (let i = 0; i < min.length; i++) {
    if ((v[i] ?? 0) !== (min[i] ?? 0)) return (v[i] ?? 0) > (min[i] ?? 0);
  }
  return true;
};

/** Creates, reuses, inspects and deletes kubedrill's kind clusters. */
export function createKindProvider(config: KindProviderConfig) {
  const { runner } = config;
  const progress = config.onProgress ?? (() => {});
  const runKind = (args: string[], input?: string) =>
    runner.runOk('kind', args, { ...(input !== undefined ? { input } : {}), ...(config.signal ? { signal: config.signal } : {}) });
  const kubectlFor = (name: string): Kubectl =>
    createKubectl({ runner, target: { context: kindContext(name), kubeconfig: kindKubeconfigPath(config.dataDir, name) } });

  /** Refuses a kind too old for NetworkPolicy; returns `kind version`'s output (it picks the node image). */
  async function checkKindVersion(name: string): Promise<string> {
    const out = await runKind(['version']).catch((e: unknown) => {
      throw kindFailure(e, name);
    });
    const version = parseKindVersion(out.stdout);
    if (version && !versionAtLeast(version, MIN_KIND_VERSION)) {
      throw new UserError(`kind ${version.join('.')} is too old: NetworkPolicy needs kind ≥ 0.24`, [INSTALL_KIND]);
    }
    return out.stdout;
  }

  const list = (): Promise<string[]> => listKindClusters(runner, config.signal);
  const exists = async (name: string): Promise<boolean> => (await list()).includes(name);
  /** `main`'s lab clusters that exist (`listed`: `list()` already read). */
  const labClusters = async (main: string, listed?: string[]): Promise<string[]> => labClustersOf(main, listed ?? (await list()));

  /** Worker node containers of a cluster (`kind get nodes` lists every node; kubedrill's have one control plane). */
  async function workerContainers(name: string): Promise<number> {
    const out = await runKind(['get', 'nodes', '--name', name]);
    return out.stdout.split('\n').filter((line) => line.trim() !== '' && !line.trim().endsWith('-control-plane')).length;
  }

  async function writeKubeconfig(name: string): Promise<string> {
    const path = kindKubeconfigPath(config.dataDir, name);
    const out = await runKind(['get', 'kubeconfig', '--name', name]);
    // Atomic: kubectl (and the learner's shell) read this file while kubedrill rewrites it.
    await writeFileAtomic(path, out.stdout, { mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`cannot write kubedrill's kubeconfig ${path}: ${error.code ?? error.message}`, [`move ${path} out of the way (it is kubedrill's own file) and run again`]);
    });
    await chmod(path, 0o600);
    return path;
  }

  async function deleteCluster(name: string): Promise<void> {
    await runKind(['delete', 'cluster', '--name', name, '--kubeconfig', kindKubeconfigPath(config.dataDir, name)]).catch((e: unknown) => {
      throw kindFailure(e, name);
    });
    await rm(kindKubeconfigPath(config.dataDir, name), { force: true });
    await forgetBaseline(config.dataDir, name);
  }

  return {
    /**
     * Brings up `name` with at least `workers` workers, reusing a healthy one; polls readiness.
     * A new cluster gets `image` if given, else the node image pinned for this kind release.
     */
    async up(name: string, workers: number, options: { image?: string } = {}): Promise<KindCluster> {
      const image = chooseNodeImage(await checkKindVersion(name), options.image);
      const kubeconfig = kindKubeconfigPath(config.dataDir, name);
      if (await exists(name)) {
        // kind cannot change a running cluster's image: say so rather than ignore the learner's choice.
        if (options.image) progress(`cluster ${name} already exists: --image applies only when it is created (cluster down first)`);
        await writeKubeconfig(name);
        const health = await readHealth(kubectlFor(name));
        // With the API server down (a task restarting it) nodes are counted from kind, which asks Docker.
        const have = health.nodes.length > 0 ? health.nodes.filter((n) => !n.controlPlane).length : await workerContainers(name);
        if (have < workers) {
          throw new UserError(`cluster "${name}" has ${have} worker(s); the selected tasks need ${workers}`, [
            `kubedrill cluster down --cluster ${name}`,
            `kubedrill cluster up --cluster ${name} --workers ${workers}`,
          ]);
        }
        if (isHealthy(health, 1 + have)) {
          progress(`reusing healthy cluster ${name} (${1 + have} nodes)`);
          return { name, context: kindContext(name), kubeconfig, workers: have, created: false };
        }
        progress(`cluster ${name} exists but is not ready yet`);
        const polled = await pollUntilReady(kubectlFor(name), { ...pollOptions(), expectedNodes: 1 + have });
        if (!polled.ready) throw new UserError(`cluster "${name}" exists but is not healthy`, [`kubedrill doctor`, `kubedrill cluster down --cluster ${name}, then kubedrill cluster up`]);
        return { name, context: kindContext(name), kubeconfig, workers: have, created: false };
      }

      progress(`creating kind cluster ${name}: 1 control plane + ${workers} worker(s)`);
      progress(image.note);
      await mkdir(dirname(kubeconfig), { recursive: true });
      try {
        // --kubeconfig keeps kind away from the learner's ~/.kube/config; no --wait (it only covers the control plane).
        const imageArgs = image.image ? ['--image', image.image] : [];
        await runKind(['create', 'cluster', '--name', name, '--config', '-', '--kubeconfig', kubeconfig, ...imageArgs], kindConfig(name, workers));
      } catch (error) {
        const failure = kindFailure(error, name);
        // Never delete a cluster we did not create: "already exists" means someone else's.
        if (!(error instanceof ExternalError && /already exist/i.test(error.stderrTail))) await cleanup(name);
        throw failure;
      }
      await chmod(kubeconfig, 0o600).catch(() => undefined);
      const polled = await pollUntilReady(kubectlFor(name), { ...pollOptions(), expectedNodes: 1 + workers });
      if (!polled.ready) {
        await cleanup(name);
        throw new UserError(`cluster "${name}" did not become ready in ${Math.round((config.readyTimeoutMs ?? 300_000) / 1000)}s and was removed`, [
          'kubedrill doctor (free memory, Docker resources)',
          'run again with --debug FILE and attach the file to a bug report',
        ]);
      }
      // Before any task runs: what kind made is what every task starts from (baseline.ts).
      progress(`recording cluster ${name}'s baseline`);
      const present = NODE_NAMES.slice(0, 1 + workers);
      await recordBaseline({ cluster: name, dataDir: config.dataDir, kubectl: kubectlFor(name), nodes: createDockerNodes({ runner: config.runner, cluster: name }), present });
      return { name, context: kindContext(name), kubeconfig, workers, created: true };
    },

    /** Deletes the cluster (idempotent) and kubedrill's kubeconfig for it. */
    down: deleteCluster,

    /** What exists and whether it is healthy (does not create anything); `listed`: `list()` already read. */
    async status(name: string, listed?: string[]): Promise<KindClusterStatus> {
      const base = { name, context: kindContext(name), kubeconfig: kindKubeconfigPath(config.dataDir, name) };
      if (!(listed ?? (await list())).includes(name)) return { ...base, exists: false, healthy: false };
      await writeKubeconfig(name);
      const health = await readHealth(kubectlFor(name));
      return { ...base, exists: true, health, healthy: health.nodes.length > 0 && isHealthy(health, health.nodes.length) };
    },

    exists,
    list,
    labClusters,

    /** The node image `up` would create a cluster with (doctor shows it). */
    async nodeImage(override?: string): Promise<NodeImageChoice> {
      return chooseNodeImage(await checkKindVersion(''), override);
    },
  };

  function pollOptions() {
    return {
      timeoutMs: config.readyTimeoutMs ?? 300_000,
      onProgress: progress,
      ...(config.pollIntervalMs !== undefined ? { intervalMs: config.pollIntervalMs } : {}),
      ...(config.now ? { now: config.now } : {}),
      ...(config.sleep ? { sleep: config.sleep } : {}),
      ...(config.signal ? { signal: config.signal } : {}),
    };
  }

  async function cleanup(name: string): Promise<void> {
    progress(`cleaning up the failed cluster ${name}`);
    await deleteCluster(name).catch(() => undefined);
  }
}

export type KindProvider = ReturnType<typeof createKindProvider>;
