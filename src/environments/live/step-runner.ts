import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { durationMs, stepKind, type Nodes, type Step } from '../../models/index.js';
import { tail } from '../../system/index.js';
import { describeDamage, jsonWith, readStateFile, writeFileAtomic } from '../../system/state-file.js';
import { UserError } from '../../errors.js';
import { kubectlStepProblem, namespaceProblem, objectRefProblem } from '../../models/step-policy.js';
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

export interface LiveRunnerConfig {
  /** kubedrill's own kubectl: applies, deletes and waits whose arguments kubedrill builds. */
  kubectl: Kubectl;
  /** Where a pack's own `kubectl` steps run (never the learner's kubeconfig on the host). */
  packKubectl: PackKubectl;
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

/** The task state file's shape: what `remember` writes. */
const taskStateSchema = z.object({
  objects: z.array(z.object({ apiVersion: z.string().min(1), kind: z.string().min(1), name: z.string().min(1), namespace: z.string().min(1).optional() })),
});

const APPLY_TIMEOUT_MS = 120_000;
const KUBECTL_STEP_TIMEOUT_MS = 300_000;

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
    }
  }

  /** Moves the task's answers aside, deletes what its steps applied (namespaces last), then forgets them. */
  async function reset(): Promise<void> {
    await moveAnswersAside(config.answersDir, config.backupDir);
    const objects = await recalled();
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

  /** The objects earlier steps applied; a damaged state file is moved aside (so reset can go on) with a note. */
  async function recalled(): Promise<AppliedObject[]> {
    const read = await readStateFile(config.statePath, jsonWith(taskStateSchema));
    if (read.status === 'ok') return read.value.objects;
    if (read.status === 'damaged') config.onNotice?.(describeDamage('the task state', read, 'objects this task created earlier may stay in the cluster'));
    return [];
  }

  async function remember(objects: AppliedObject[]): Promise<void> {
    if (objects.length === 0) return;
    const known = await recalled();
    const key = (o: AppliedObject) => `${o.apiVersion}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
    const merged = [...new Map([...known, ...objects].map((o) => [key(o), o])).values()];
    // Atomic: a crash mid-write would otherwise forget every object, and reset would leave them behind.
    await writeFileAtomic(config.statePath, JSON.stringify({ objects: merged }, null, 2) + '\n');
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
