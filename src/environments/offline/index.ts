import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { Capability, K8sObject, Nodes, Ports, Step, TemplateVars } from '../../models/index.js';
import { parseRef, stepKind } from '../../models/index.js';
import type { Environment, TaskWorld } from '../types.js';
import { createObjectCluster, isNamespaced, isOfKind, UnsupportedOperationError } from './object-store.js';
import { ANSWERS_DIR, parseManifests, readWorkspace, removeObjects, writeObjects } from './workspace.js';

export { UnsupportedOperationError } from './object-store.js';

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

function needsLive(kind: string): UserError {
  return new UserError(`this task needs a live cluster: a ${kind} step cannot run in an offline workspace`, [
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
 * An Environment over a workspace directory of manifests (DESIGN.md §2): every `*.yaml`, `*.yml`
 * and `*.json` below it is the cluster state, except the top-level `answers/` directory where
 * each task's answer files live. Behavioural checks are `unsupported` here.
 */
export async function openOfflineEnvironment(dir: string): Promise<Environment> {
  const workspace = resolve(dir);
  await mkdir(workspace, { recursive: true });
  const objects = async (): Promise<K8sObject[]> => (await readWorkspace(workspace)).map((w) => w.object);
  return {
    kind: 'offline',
    label: `offline workspace ${workspace}`,
    capabilities: OFFLINE_CAPABILITIES,
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
        accessLines: [`Workspace (edit the YAML files here): ${workspace}`, `Answers directory: ${answers}`],
        runStep: (step) => runStep(workspace, answers, step),
        async reset() {
          for (const entry of await readdir(workspace)) {
            if (entry !== ANSWERS_DIR) await rm(join(workspace, entry), { recursive: true, force: true });
          }
          await rm(answers, { recursive: true, force: true });
          await mkdir(answers, { recursive: true });
        },
      };
      return world;
    },
  };
}

async function runStep(workspace: string, answers: string, step: Step): Promise<void> {
  const kind = stepKind(step);
  if ('apply' in step) {
    await writeObjects(workspace, parseManifests(step.apply, 'apply step'));
  } else if ('delete' in step) {
    await deleteObject(workspace, step.delete, step.namespace);
  } else if ('answer' in step) {
    const path = answerPath(answers, step.answer.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, step.answer.content);
  } else if (kind === 'node' || kind === 'kubectl') {
    throw needsLive(kind);
  }
  // `wait`: nothing changes by itself offline, so there is nothing to wait for.
}

/** Removes `<kind>/<name>` (deleting a Namespace removes what is in it, as the API server does). */
async function deleteObject(workspace: string, refText: string, namespace?: string): Promise<void> {
  const ref = parseRef(refText, namespace);
  if (!ref) throw new UserError(`delete step: expected <kind>/<name>, got ${refText}`);
  const all = await readWorkspace(workspace);
  const target = all.find(
    (w) =>
      isOfKind(w.object, ref.kind) &&
      w.object.metadata?.name === ref.name &&
      (!isNamespaced(w.object) || w.object.metadata?.namespace === (ref.namespace ?? 'default')),
  );
  if (!target) return; // like --ignore-not-found
  const gone = [target];
  if (target.object.kind === 'Namespace') {
    gone.push(...all.filter((w) => isNamespaced(w.object) && w.object.metadata?.namespace === ref.name));
  }
  await removeObjects(gone);
}
