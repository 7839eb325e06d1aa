import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { BoundAssets, Capability, FilesStep, K8sObject, Nodes, Ports, Step, TemplateVars } from '../../models/index.js';
import { needsLiveCluster, parseRef, stepKind, UnsupportedOperationError } from '../../models/index.js';
import { normalizeAsset, readAsset } from '../../packs/assets.js';
import { PROTECTED_NAMESPACES } from '../protected-namespaces.js';
import type { Environment, TaskTerminal, TaskWorld } from '../types.js';
import { WorkspaceJournal } from './journal.js';
import { formatWorkspaceProblem } from './manifests.js';
import { createObjectCluster, isNamespaced, isOfResourceType, placeObject } from './object-store.js';
import { ANSWERS_DIR, checkManifests, identity, readWorkspace, removeObjects, writeObjects } from './workspace.js';

/** Offline, only access reviews can be answered (from the workspace's RBAC objects). */
export const OFFLINE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['can-i']);

/** The per-task answers directory: task ids may hold `/`, which becomes `__`. */
export function answersDirFor(workspace: string, taskId: string): string {
  return join(workspace, ANSWERS_DIR, taskId.replaceAll('/', '__'));
}

const NO_NODES: Nodes = {
  exec: () => Promise.reject(new UnsupportedOperationError('there are no nodes in an offline workspace')),
  readFile: () => Promise.reject(new UnsupportedOperationError('there are no nodes in an offline workspace')),
};

/**
 * A shell in the workspace: its files are the cluster, so there is no KUBECONFIG to set (a
 * `kubectl apply` there still reaches whatever cluster the learner's own kubeconfig names).
 */
/**
 * A shell for offline practice: in the workspace, with no cluster at all. KUBECONFIG names an
 * empty file, so a `kubectl apply` typed there fails instead of reaching whatever cluster the
 * learner's own kubeconfig points at; `--dry-run=client` still works.
 */
function workspaceTerminal(workspace: string, answers: string): TaskTerminal {
  return { env: { KUBECONFIG: '/dev/null' }, cwd: workspace, contextLine: `offline workspace ${workspace} (edit YAML here; answers in ${answers})` };
}

function needsLive(stepType: string): UserError {
  return new UserError(`this task needs a live cluster: a ${stepType} step cannot run in an offline workspace`, [
    'Run it on a kind cluster (the default) or an existing context instead of --offline.',
  ]);
}

/** Joins a relative answer path below the answers directory, refusing paths that escape it. */
function answerPath(answersDir: string, path: string): string {
  const relativePath = path.startsWith(`${answersDir}/`) ? path.slice(answersDir.length + 1) : path;
  const full = resolve(answersDir, normalize(relativePath));
  if (isAbsolute(relativePath) || !full.startsWith(`${resolve(answersDir)}/`)) {
    throw new UserError(`answer path ${path} is outside the answers directory ${answersDir}`);
  }
  return full;
}

/**
 * An Environment over a workspace directory of manifests (the README, How the code is laid out): every `*.yaml`, `*.yml`
 * and `*.json` below it is the cluster state, except the top-level `answers/` directory where
 * each task's answer files live. Behavioural checks are `unsupported` here.
 */
export async function openOfflineEnvironment(dir: string): Promise<Environment> {
  const workspace = resolve(dir);
  await mkdir(workspace, { recursive: true });
  const objects = async (): Promise<K8sObject[]> => (await readWorkspace(workspace)).objects.map((w) => w.object);
  return {
    kind: 'offline',
    label: `offline workspace ${workspace}`,
    capabilities: OFFLINE_CAPABILITIES,
    terminal: workspaceTerminal(workspace, join(workspace, ANSWERS_DIR)),
    async openTask(taskId) {
      const answers = answersDirFor(workspace, taskId);
      await mkdir(answers, { recursive: true });
      const vars: TemplateVars = {
        cluster: 'offline',
        context: 'offline',
        answers,
        // The names a kind cluster called `kubedrill` would have, so Node objects look familiar.
        nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' },
      };
      const ports: Ports = {
        cluster: createObjectCluster(objects),
        nodes: NO_NODES,
        answers: {
          async readFile(path) {
            return readFile(answerPath(answers, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
              if (error.code === 'ENOENT' || error.code === 'EISDIR') return undefined;
              throw error;
            });
          },
        },
      };
      const world: TaskWorld = {
        vars,
        ports,
        // The context line names the workspace and this task's answers directory; there are no nodes.
        accessLines: [],
        terminal: workspaceTerminal(workspace, answers),
        runStep: (step) => runStep(workspace, answers, taskId, step),
        reset: () => resetTask(workspace, answers, taskId),
        async problems() {
          const { problems } = await readWorkspace(workspace);
          return problems.map((p) => formatWorkspaceProblem({ ...p, file: relative(workspace, p.file) || p.file }));
        },
      };
      return world;
    },
  };
}

/**
 * The offline step runner: the same TaskWorld.runStep contract as the live one
 * (live/step-runner.ts), with the workspace's files as the cluster.
 */
async function runStep(workspace: string, answers: string, taskId: string, step: Step): Promise<void> {
  const stepType = stepKind(step);
  if (needsLiveCluster(step)) throw needsLive(stepType === 'files' ? 'files (to: node)' : stepType);
  // `wait`: nothing changes by itself offline, so there is nothing to wait for.
  if (stepType === 'wait') return;
  const journal = await WorkspaceJournal.open(workspace);
  if ('apply' in step) {
    // A field kubectl would refuse fails the step, so a pack author learns it from `pack test`.
    const objects = (await checkManifests(step.apply, 'apply step')).map(placeObject);
    await writeObjects(workspace, objects, journal);
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name ?? '');
    journal.recordObjects(taskId, objects.map(identity), namespaces);
  } else if ('delete' in step) {
    await deleteObject(workspace, step.delete, step.namespace, journal);
  } else if ('answer' in step) {
    const path = answerPath(answers, step.answer.path);
    await mkdir(dirname(path), { recursive: true });
    const before = await readFile(path, 'utf8').catch(() => undefined);
    if (before !== undefined) await journal.preserve(path, before);
    await writeFile(path, step.answer.content);
    journal.wrote(path, step.answer.content);
  } else if ('files' in step) {
    await copyAsset(workspace, answers, taskId, step, journal);
  }
  await journal.save();
}

/**
 * A `files` step offline: the asset's bytes into the task's answers directory or the workspace
 * (where YAML files are cluster state: objects in them are the task's, and reset removes them).
 * A learner's file in the way is kept in the backup first, as for answers.
 */
async function copyAsset(workspace: string, answers: string, taskId: string, step: FilesStep & BoundAssets, journal: WorkspaceJournal): Promise<void> {
  const { asset, to, path } = step.files;
  if (step.assetsDir === undefined) throw new UserError('this step names a pack asset, but the task was not loaded from a pack directory');
  const read = await readAsset(step.assetsDir, asset);
  const root = to === 'workspace' ? workspace : answers;
  const base = answerPath(root, path ?? normalizeAsset(asset).split('/').at(-1) ?? asset);
  if (to === 'workspace' && (base === join(workspace, ANSWERS_DIR) || base.startsWith(`${join(workspace, ANSWERS_DIR)}/`) || base.startsWith(`${join(workspace, '.kubedrill')}`))) {
    throw new UserError(`files step: ${path ?? asset} would land in kubedrill's own part of the workspace; choose another path`);
  }
  const written: string[] = [];
  for (const file of read.files) {
    const target = file.relative === '' ? base : join(base, ...file.relative.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const before = await readFile(target, 'utf8').catch(() => undefined);
    if (before !== undefined) await journal.preserve(target, before);
    await writeFile(target, file.content);
    // The journal compares text: a binary file is hashed as the same lossy text reset reads back.
    journal.wrote(target, file.content.toString('utf8'));
    written.push(target);
  }
  if (to === 'workspace') {
    const mine = new Set(written);
    const objects = (await readWorkspace(workspace)).objects.filter((w) => mine.has(w.file)).map((w) => w.object);
    journal.recordObjects(taskId, objects.map(identity), objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name ?? ''));
  }
}

/**
 * Puts the workspace back as it was before the task's steps ran: the objects they wrote and
 * everything in the namespaces they created go, and so do the task's answer files. Nothing else
 * in the workspace is touched (notes, `.git`, other tasks' objects), and a file kubedrill did not
 * write is copied to `.kubedrill/backup/` before it is changed or removed.
 */
async function resetTask(workspace: string, answers: string, taskId: string): Promise<void> {
  const journal = await WorkspaceJournal.open(workspace);
  const entry = journal.task(taskId);
  const objects = new Set(entry.objects);
  const namespaces = new Set(entry.namespaces.filter((ns) => !PROTECTED_NAMESPACES.has(ns)));
  const inOwnedNamespace = (o: K8sObject): boolean =>
    isNamespaced(o) ? namespaces.has(o.metadata?.namespace ?? '') : o.kind === 'Namespace' && namespaces.has(o.metadata?.name ?? '');
  const isProtected = (o: K8sObject): boolean => o.kind === 'Namespace' && PROTECTED_NAMESPACES.has(o.metadata?.name ?? '');
  const gone = (await readWorkspace(workspace)).objects.filter(
    (w) => !isProtected(w.object) && (objects.has(identity(w.object)) || inOwnedNamespace(w.object)),
  );
  await removeObjects(gone, journal);
  await clearAnswers(answers, journal);
  journal.forgetTask(taskId);
  await journal.save();
  await removeEmptyDirs(workspace, [...new Set(gone.map((w) => dirname(w.file)))]);
}

/** Empties a task's answers directory: kubedrill's files go, the learner's are moved to the backup. */
async function clearAnswers(answers: string, journal: WorkspaceJournal): Promise<void> {
  const entries = await readdir(answers, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = entry.isFile() ? await readFile(path, 'utf8') : undefined;
    if (text !== undefined && journal.owns(path, text)) {
      await rm(path, { force: true });
    } else {
      await journal.moveToBackup(path);
    }
    journal.removed(path);
  }
  await rm(answers, { recursive: true, force: true }); // only empty directories are left
  await mkdir(answers, { recursive: true });
}

/** Removes directories that a reset left empty, up to (not including) the workspace. */
async function removeEmptyDirs(workspace: string, dirs: readonly string[]): Promise<void> {
  for (let dir of dirs) {
    while (dir.startsWith(`${workspace}/`) && !dir.slice(workspace.length + 1).startsWith(ANSWERS_DIR)) {
      const removed = await rmdir(dir).then(() => true, () => false);
      if (!removed) break;
      dir = dirname(dir);
    }
  }
}

/** Removes `<kind>/<name>` (deleting a Namespace removes what is in it, as the API server does). */
async function deleteObject(workspace: string, refText: string, namespace: string | undefined, journal: WorkspaceJournal): Promise<void> {
  const ref = parseRef(refText, namespace);
  if (!ref) throw new UserError(`delete step: expected <kind>/<name>, got ${refText}`);
  const { objects: all } = await readWorkspace(workspace);
  const target = all.find(
    (w) =>
      isOfResourceType(w.object, ref.kind) &&
      w.object.metadata?.name === ref.name &&
      (!isNamespaced(w.object) || w.object.metadata?.namespace === (ref.namespace ?? 'default')),
  );
  if (!target) return; // like --ignore-not-found
  const gone = [target];
  if (target.object.kind === 'Namespace') {
    gone.push(...all.filter((w) => isNamespaced(w.object) && w.object.metadata?.namespace === ref.name));
  }
  await removeObjects(gone, journal);
}
