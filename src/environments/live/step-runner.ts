import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { durationMs, shQuote, stepKind, type BoundAssets, type FilesStep, type NodeName, type Nodes, type Step } from '../../models/index.js';
import { tail, type ProcessRunner } from '../../system/index.js';
import { describeDamage, jsonWith, readStateFile, writeFileAtomic } from '../../system/state-file.js';
import { UserError } from '../../errors.js';
import { ASSET_REF, assetRefs, helmRelease, helmStepProblem, kubectlStepProblem, kustomizeStepProblem, namespaceProblem, nodePathProblem, objectRefProblem } from '../../models/step-policy.js';
import { normalizeAsset, readAsset } from '../../packs/assets.js';
import { PROTECTED_NAMESPACES } from '../protected-namespaces.js';
import type { Kubectl } from './kubectl.js';

/**
 * Runs the argv of a pack's `kubectl` step (already checked against models/step-policy.ts). Pack
 * steps never run on the learner's host with the learner's kubeconfig, so each live environment
 * brings its own: kind runs them inside its control-plane node (kind/pack-kubectl.ts); a context
 * the learner named, against a copy of that one context that kubedrill writes
 * (context/pack-kubectl.ts).
 */
export type PackKubectl = (argv: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }) => Promise<void>;

/**
 * Where a pack's `helm` steps run. Helm has no way into a node container, so it runs on the
 * learner's machine — but only with the kubeconfig kubedrill wrote for its own cluster (kind's
 * file, or the one-context copy of a context the learner named, context/pack-kubectl.ts), never
 * the learner's default kubeconfig; the step policy refuses every flag that would pick another
 * cluster, identity or helm configuration, or read a file that is not a pack asset
 * (models/step-policy.ts). The step runs in an empty temporary directory holding copies of the
 * assets it names, with helm's own config, cache and plugin directories there too, so nothing of
 * the learner's helm setup (repositories, plugins, registry logins) takes part.
 */
export interface PackHelm {
  runner: ProcessRunner;
  kubeconfig: string;
  context: string;
}

export interface LiveRunnerConfig {
  /** kubedrill's own kubectl: applies, deletes and waits whose arguments kubedrill builds. */
  kubectl: Kubectl;
  /** Where a pack's own `kubectl` steps run (never the learner's kubeconfig on the host). */
  packKubectl: PackKubectl;
  /** Where a pack's `helm` steps run; absent, they are refused (see PackHelm). */
  packHelm?: PackHelm;
  nodes: Nodes;
  /** The task's answers directory on the learner's machine. */
  answersDir: string;
  /** Where applied objects are remembered so `reset` works in a later session too. */
  statePath: string;
  /** Where reset moves the learner's answer files (kubedrill never deletes a file it did not write). */
  backupDir: string;
  /** One-line notes for the learner (a damaged task state moved aside). */
  onNotice?: (line: string) => void;
}

/** An object a step applied: reset removes it (or its namespace) so setup can run again. */
interface AppliedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A helm release a step installed: reset uninstalls it. */
interface HelmRelease {
  name: string;
  namespace?: string;
}

/** The task state file's shape: what `remember` writes. */
const taskStateSchema = z.object({
  objects: z.array(z.object({ apiVersion: z.string().min(1), kind: z.string().min(1), name: z.string().min(1), namespace: z.string().min(1).optional() })),
  releases: z.array(z.object({ name: z.string().min(1), namespace: z.string().min(1).optional() })).optional(),
});
type TaskState = z.infer<typeof taskStateSchema>;

const APPLY_TIMEOUT_MS = 120_000;
const KUBECTL_STEP_TIMEOUT_MS = 300_000;
/** Marks the end of a base64 asset in a node script (base64 never contains `_`). */
const HEREDOC_END = 'KUBEDRILL_ASSET_END';

/**
 * Runs setup/solution steps against a live cluster — kind's or a named context's, the one step
 * runner of both (the offline workspace has its own, offline/index.ts, under the same
 * TaskWorld.runStep/reset contract). Pack steps never run on the learner's host:
 * objects go through `kubectl apply -f -`, scripts through the Nodes port (inside node
 * containers), and `answer` only writes a file in the task's answers directory.
 */
export function createLiveRunner(config: LiveRunnerConfig) {
  const { kubectl } = config;

  async function runStep(step: Step, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const base = signal ? { signal } : {};
    switch (stepKind(step)) {
      case 'apply': {
        const { apply } = step as { apply: string };
        await remember(appliedObjects(apply));
        await kubectl.runOk(['apply', '-f', '-'], { ...base, input: apply, timeoutMs: APPLY_TIMEOUT_MS });
        return;
      }
      case 'delete': {
        const s = step as { delete: string; namespace?: string };
        refuse(objectRefProblem(s.delete) ?? (s.namespace === undefined ? undefined : namespaceProblem(s.namespace)));
        await kubectl.runOk(['delete', s.delete, ...(s.namespace ? ['-n', s.namespace] : []), '--ignore-not-found'], { ...base, timeoutMs: APPLY_TIMEOUT_MS });
        return;
      }
      case 'node': {
        const s = step as { node: Parameters<Nodes['exec']>[0]; script: string; timeout?: string };
        const result = await config.nodes.exec(s.node, s.script, s.timeout ? { timeoutMs: durationMs(s.timeout) } : {});
        if (result.exitCode !== 0) {
          throw new Error(`script on node ${s.node} failed (exit ${result.exitCode}): ${tail(result.stderr || result.stdout, 5)}`);
        }
        return;
      }
      case 'kubectl': {
        const s = step as { kubectl: string[]; timeout?: string };
        refuse(kubectlStepProblem(s.kubectl, config.answersDir)?.message);
        await config.packKubectl(s.kubectl, { ...base, timeoutMs: s.timeout ? durationMs(s.timeout) : KUBECTL_STEP_TIMEOUT_MS });
        return;
      }
      case 'wait': {
        const { wait } = step as { wait: { for: string; ref: string; namespace?: string; timeout: string } };
        refuse(objectRefProblem(wait.ref) ?? (wait.namespace === undefined ? undefined : namespaceProblem(wait.namespace)));
        const args = ['wait', `--for=${wait.for}`, wait.ref, ...(wait.namespace ? ['-n', wait.namespace] : []), `--timeout=${wait.timeout}`];
        // kubectl enforces the wait's own deadline; the process deadline only catches a hung kubectl.
        await kubectl.runOk(args, { ...base, timeoutMs: durationMs(wait.timeout) + 30_000 });
        return;
      }
      case 'answer': {
        const { answer } = step as { answer: { path: string; content: string } };
        const target = insideAnswers(config.answersDir, answer.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, answer.content, 'utf8');
        return;
      }
      case 'files':
        await copyFiles(step as FilesStep & BoundAssets);
        return;
      case 'helm': {
        const s = step as { helm: string[]; timeout?: string } & BoundAssets;
        await runHelm(s.helm, s.assetsDir, s.timeout ? durationMs(s.timeout) : KUBECTL_STEP_TIMEOUT_MS, signal);
        return;
      }
      case 'kustomize': {
        const s = step as { kustomize: string[]; timeout?: string } & BoundAssets;
        refuse(kustomizeStepProblem(s.kustomize)?.message);
        await withStagedAssets(s.kustomize, s.assetsDir, async (argv) => {
          // kubectl's own kustomize (`kubectl kustomize DIR` = `kustomize build DIR`), with its default
          // load restrictor: only files below the copied directory are read.
          const built = await kubectl.runOk(['kustomize', argv[1] ?? ''], { ...base, timeoutMs: APPLY_TIMEOUT_MS });
          await remember(appliedObjects(built.stdout));
          await kubectl.runOk(['apply', '-f', '-'], { ...base, input: built.stdout, timeoutMs: s.timeout ? durationMs(s.timeout) : APPLY_TIMEOUT_MS });
        });
        return;
      }
    }
  }

  /** A `files` step: the asset's bytes into the answers directory or a node (a live cluster has no workspace). */
  async function copyFiles(step: FilesStep & BoundAssets): Promise<void> {
    const { asset, to, path, node } = step.files;
    if (to === 'workspace') {
      throw new UserError('this task needs an offline workspace: a files step with to: workspace copies into one', ['Run it with --offline.']);
    }
    const read = await readAsset(assetsDirOf(step.assetsDir), asset);
    if (to === 'answers') {
      const base = insideAnswers(config.answersDir, path ?? normalizeAsset(asset).split('/').at(-1) ?? asset);
      for (const file of read.files) {
        const target = file.relative === '' ? base : join(base, ...file.relative.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      return;
    }
    const base = path ?? `/root/${normalizeAsset(asset)}`;
    refuse(nodePathProblem(base));
    // The bytes go in base64 inside a quoted here-document on the script's stdin: no size limit
    // of an argument, and nothing in the file is read by the shell.
    const lines = ['set -e'];
    for (const file of read.files) {
      const target = file.relative === '' ? base : `${base.replace(/\/+$/, '')}/${file.relative}`;
      lines.push(`mkdir -p ${shQuote(dirname(target))}`, `base64 -d > ${shQuote(target)} <<'${HEREDOC_END}'`, ...(file.content.toString('base64').match(/.{1,76}/g) ?? []), HEREDOC_END);
    }
    const on: NodeName = node ?? 'controlplane';
    const result = await config.nodes.exec(on, lines.join('\n'), { timeoutMs: APPLY_TIMEOUT_MS });
    if (result.exitCode !== 0) throw new Error(`copying asset ${asset} into node ${on} failed (exit ${result.exitCode}): ${tail(result.stderr || result.stdout, 5)}`);
  }

  /** A `helm` step, on the host against kubedrill's own kubeconfig only (PackHelm); remembers its release for reset. */
  async function runHelm(argv: readonly string[], assetsDir: string | undefined, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    refuse(helmStepProblem(argv)?.message);
    const helm = config.packHelm;
    if (!helm) throw new UserError('this environment cannot run helm steps');
    const release = helmRelease(argv);
    if ((release.verb === 'install' || release.verb === 'upgrade') && release.release) {
      // Remembered first: a failed install can still leave a release behind.
      await rememberState({ releases: [{ name: release.release, ...(release.namespace ? { namespace: release.namespace } : {}) }] });
      if (release.createsNamespace && release.namespace) await remember([{ apiVersion: 'v1', kind: 'Namespace', name: release.namespace }]);
    }
    await withStagedAssets(argv, assetsDir, async (staged, dir) => {
      const result = await helm.runner.run('helm', [...staged, '--kubeconfig', helm.kubeconfig, '--kube-context', helm.context], {
        cwd: dir,
        env: helmEnv(dir, helm.kubeconfig),
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      if (result.exitCode !== 0) throw new Error(`helm ${argv.slice(0, 2).join(' ')} failed (exit ${result.exitCode}): ${tail(result.stderr || result.stdout, 5)}`);
    });
  }

  /** Moves the task's answers aside, uninstalls its helm releases, deletes what its steps applied (namespaces last), then forgets them. */
  async function reset(): Promise<void> {
    await moveAnswersAside(config.answersDir, config.backupDir);
    const state = await recalledState();
    for (const release of state.releases ?? []) await uninstall(release);
    const objects = state.objects;
    const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace' && !PROTECTED_NAMESPACES.has(o.name)).map((o) => o.name));
    const byNamespace = new Map<string, string[]>();
    for (const o of objects) {
      if (o.kind === 'Namespace' || o.kind === 'Node' || o.name.startsWith('system:')) continue;
      const ns = o.namespace ?? '';
      if (PROTECTED_NAMESPACES.has(ns) && ns !== 'default') continue;
      if (namespaces.has(ns)) continue; // goes with its namespace
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), `${qualifiedType(o)}/${o.name}`]);
    }
    for (const [ns, refs] of byNamespace) {
      const args = ['delete', ...(ns ? ['-n', ns] : []), '--ignore-not-found', ...refs];
      // A pod bound to a node whose kubelet is down (a troubleshooting task) never finishes
      // terminating; after a minute it is removed by force, as starting over means.
      const graceful = await kubectl.run([...args, '--wait=true', '--timeout=60s'], { timeoutMs: 75_000 });
      if (graceful.exitCode !== 0) await kubectl.runOk([...args, '--force', '--grace-period=0', '--wait=false'], { timeoutMs: APPLY_TIMEOUT_MS });
    }
    if (namespaces.size > 0) {
      // Waiting matters: applying setup into a Terminating namespace fails.
      await kubectl.runOk(['delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=true', '--timeout=180s'], { timeoutMs: 200_000 });
    }
    await rm(config.statePath, { force: true });
  }

  /** What earlier steps made; a damaged state file is moved aside (so reset can go on) with a note. */
  async function recalledState(): Promise<TaskState> {
    const read = await readStateFile(config.statePath, jsonWith(taskStateSchema));
    if (read.status === 'ok') return read.value;
    if (read.status === 'damaged') config.onNotice?.(describeDamage('the task state', read, 'objects this task created earlier may stay in the cluster'));
    return { objects: [] };
  }

  async function remember(objects: AppliedObject[]): Promise<void> {
    if (objects.length > 0) await rememberState({ objects });
  }

  async function rememberState(more: Partial<TaskState>): Promise<void> {
    const known = await recalledState();
    const key = (o: AppliedObject) => `${o.apiVersion}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
    const objects = [...new Map([...known.objects, ...(more.objects ?? [])].map((o) => [key(o), o])).values()];
    const releaseKey = (r: HelmRelease) => `${r.namespace ?? ''}|${r.name}`;
    const releases = [...new Map([...(known.releases ?? []), ...(more.releases ?? [])].map((r) => [releaseKey(r), r])).values()];
    // Atomic: a crash mid-write would otherwise forget every object, and reset would leave them behind.
    await writeFileAtomic(config.statePath, JSON.stringify({ objects, ...(releases.length > 0 ? { releases } : {}) }, null, 2) + '\n');
  }

  /** Removes a release a helm step installed (gone already: nothing to do). */
  async function uninstall(release: HelmRelease): Promise<void> {
    const helm = config.packHelm;
    if (!helm) {
      config.onNotice?.(`helm release ${release.name} may stay in the cluster: this environment cannot run helm`);
      return;
    }
    const argv = ['uninstall', release.name, ...(release.namespace ? ['-n', release.namespace] : []), '--ignore-not-found', '--wait', '--kubeconfig', helm.kubeconfig, '--kube-context', helm.context];
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-helm-'));
    try {
      const result = await helm.runner.run('helm', argv, { cwd: dir, env: helmEnv(dir, helm.kubeconfig), timeoutMs: APPLY_TIMEOUT_MS });
      if (result.exitCode !== 0) throw new Error(`helm uninstall ${release.name} failed (exit ${result.exitCode}): ${tail(result.stderr || result.stdout, 5)}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return { runStep, reset };
}

/** The objects a manifest stream names (namespace defaults to `default` for namespaced kinds kubectl would put there). */
export function appliedObjects(manifests: string): AppliedObject[] {
  const out: AppliedObject[] = [];
  for (const doc of parseAllDocuments(manifests)) {
    const value = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (!value?.kind || !value.apiVersion || !value.metadata?.name) continue;
    out.push({ apiVersion: value.apiVersion, kind: value.kind, name: value.metadata.name, ...(value.metadata.namespace ? { namespace: value.metadata.namespace } : {}) });
  }
  return out;
}

/** The assets directory the loader bound to a step (packs/assets.ts bindAssets). */
function assetsDirOf(assetsDir: string | undefined): string {
  if (assetsDir === undefined) throw new UserError('this step names a pack asset, but the task was not loaded from a pack directory');
  return assetsDir;
}

/**
 * Copies the assets an argv names (`{{asset:PATH}}`) into a fresh temporary directory, runs
 * `body` with the argv pointing at the copies and that directory, then removes it: a step reads
 * the assets as validated, and nothing else of the pack or the learner's files.
 */
async function withStagedAssets(argv: readonly string[], assetsDir: string | undefined, body: (staged: string[], dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-assets-'));
  try {
    const copies = new Map<string, string>();
    for (const asset of argv.flatMap(assetRefs)) {
      if (copies.has(asset)) continue;
      const read = await readAsset(assetsDirOf(assetsDir), asset);
      const target = join(dir, 'assets', ...normalizeAsset(asset).split('/'));
      for (const file of read.files) {
        const path = file.relative === '' ? target : join(target, ...file.relative.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      }
      copies.set(asset, target);
    }
    await body(argv.map((arg) => arg.replace(ASSET_REF, (_, asset: string) => copies.get(asset) ?? '')), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Helm's environment for a step: its config, cache and data (plugins, repositories, registry
 * logins) in the step's own directory, KUBECONFIG on kubedrill's file, and the HELM_KUBE*
 * variables a learner's shell may set (another API server, token or user) removed.
 */
function helmEnv(dir: string, kubeconfig: string): Record<string, string | undefined> {
  return {
    KUBECONFIG: kubeconfig,
    HELM_CONFIG_HOME: join(dir, '.helm', 'config'),
    HELM_CACHE_HOME: join(dir, '.helm', 'cache'),
    HELM_DATA_HOME: join(dir, '.helm', 'data'),
    HELM_PLUGINS: join(dir, '.helm', 'plugins'),
    HELM_REGISTRY_CONFIG: join(dir, '.helm', 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(dir, '.helm', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(dir, '.helm', 'repository'),
    HELM_KUBECONTEXT: undefined,
    HELM_KUBEAPISERVER: undefined,
    HELM_KUBETOKEN: undefined,
    HELM_KUBEASUSER: undefined,
    HELM_KUBEASGROUPS: undefined,
    HELM_KUBECAFILE: undefined,
    HELM_KUBEINSECURE_SKIP_TLS_VERIFY: undefined,
    HELM_KUBETLS_SERVER_NAME: undefined,
    HELM_NAMESPACE: undefined,
    HELM_POST_RENDERER: undefined,
    HELM_DRIVER: undefined,
  };
}

/** Runs the step policy again before a step runs (validation already did): packs may be edited since. */
function refuse(problem: string | undefined): void {
  if (problem !== undefined) throw new UserError(`refused: ${problem}`);
}

/**
 * Empties a task's answers directory by moving what is in it to `backupDir/<time>/`: the files
 * there are the learner's answers, and starting over must not lose them.
 */
async function moveAnswersAside(answersDir: string, backupDir: string): Promise<void> {
  const entries = await readdir(answersDir).catch(() => []);
  if (entries.length > 0) {
    const target = join(backupDir, new Date().toISOString().replaceAll(':', '-'));
    await mkdir(dirname(target), { recursive: true });
    await rename(answersDir, target);
  }
  await mkdir(answersDir, { recursive: true });
}

/** The object's resource type as kubectl takes it, unambiguous: `deployment.apps`, `networkpolicy.networking.k8s.io`, `pod`. */
function qualifiedType(o: AppliedObject): string {
  const slash = o.apiVersion.indexOf('/');
  return slash === -1 ? o.kind.toLowerCase() : `${o.kind.toLowerCase()}.${o.apiVersion.slice(0, slash)}`;
}

/** Resolves an answer path and refuses anything that would land outside the answers directory. */
export function insideAnswers(answersDir: string, path: string): string {
  const target = resolve(answersDir, path);
  const rel = relative(answersDir, target);
  // `..notes.txt` is a file name, not a way out: only a leading `..` segment leaves.
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`answer path ${path} leaves the answers directory`);
  return join(answersDir, rel);
}
