import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify, type Document } from 'yaml';
import { UserError } from '../../errors.js';
import type { K8sObject } from '../../models/index.js';
import { kindOfObject } from '../kinds.js';
import type { WorkspaceJournal } from './journal.js';
import { compareObjects, normalizeObject } from './object-store.js';

/** The top-level directory of the workspace that holds answer files, not objects. */
export const ANSWERS_DIR = 'answers';

/** One object in the workspace and where it was read from. */
export interface WorkspaceObject {
  object: K8sObject;
  file: string;
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** Every manifest file below `dir`, skipping the top-level answers directory and dot-directories. */
async function manifestFiles(dir: string, top = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || (dir === top && entry.name === ANSWERS_DIR)) continue;
      files.push(...(await manifestFiles(path, top)));
    } else if (entry.isFile() && MANIFEST.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/** Parses a multi-document YAML (or JSON) text; errors name `file:line:column`. */
export function parseManifests(text: string, file: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const out: K8sObject[] = [];
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  if (!Array.isArray(docs)) return out; // an empty stream parses to an EmptyStream
  docs.forEach((doc) => {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `${pos.line}:${pos.col}` : `${lineAt(error.pos[0])}`;
      throw new UserError(`${file}:${where}: invalid YAML: ${error.message.split('\n')[0]}`, [
        'Fix the file (indentation, quotes, a missing colon) and grade again.',
      ]);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const line = lineAt(doc.contents?.range?.[0] ?? doc.range[0]);
    if (typeof value !== 'object' || Array.isArray(value) || typeof (value as K8sObject).kind !== 'string') {
      throw new UserError(`${file}:${line}: not a Kubernetes object (a mapping with apiVersion, kind and metadata)`, [
        'Keep only Kubernetes manifests in the workspace, or move other files into a directory starting with a dot.',
      ]);
    }
    const object = value as K8sObject & { items?: unknown };
    // `kind: List` (and `PodList`…), as `kubectl get -o yaml` writes several objects.
    if (object.kind?.endsWith('List') && Array.isArray(object.items)) {
      out.push(...(object.items as K8sObject[]));
      return;
    }
    if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') {
      throw new UserError(`${file}:${line}: ${object.kind} has no metadata.name`, ['Every object needs a name.']);
    }
    out.push(object);
  });
  return out;
}

/** Reads every object in the workspace, normalized (namespace defaulted) and in API server order. */
export async function readWorkspace(dir: string): Promise<WorkspaceObject[]> {
  const found: WorkspaceObject[] = [];
  for (const file of await manifestFiles(dir)) {
    const text = await readFile(file, 'utf8');
    const shown = relative(dir, file) || file;
    for (const object of parseManifests(text, shown)) {
      found.push({ object: normalizeObject(object), file });
    }
  }
  return found.sort((a, b) => compareObjects(a.object, b.object));
}

/** Identity of an object: kind with group, namespace, name. */
export function identity(object: K8sObject): string {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  return `${object.kind}.${group}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** Where apply writes an object: `<ns>/<kind>-<name>.yaml`, cluster-scoped kinds under `_cluster/`. */
export function pathFor(dir: string, object: K8sObject): string {
  const namespaced = kindOfObject(object.kind, object.apiVersion)?.namespaced ?? object.metadata?.namespace !== undefined;
  const folder = namespaced ? (object.metadata?.namespace ?? 'default') : '_cluster';
  return join(dir, folder, `${(object.kind ?? 'object').toLowerCase()}-${object.metadata?.name ?? 'unnamed'}.yaml`);
}

/**
 * Removes the objects with the given identities from the files that hold them; documents of
 * other objects keep their text and comments, `List` documents lose only the matching items, and
 * a file left without objects is deleted. A file kubedrill did not write is backed up by the
 * journal before it is changed.
 */
export async function removeObjects(located: readonly WorkspaceObject[], journal: WorkspaceJournal): Promise<void> {
  const files = new Set(located.map((w) => w.file));
  const gone = new Set(located.map((w) => identity(w.object)));
  const isGone = (o: unknown): boolean => gone.has(identity(normalizeObject(o as K8sObject)));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const owned = journal.owns(file, text);
    const docs = parseAllDocuments(text);
    const kept: Document[] = [];
    for (const doc of Array.isArray(docs) ? docs : []) {
      const value = doc.toJS() as (K8sObject & { items?: unknown[] }) | null;
      if (value === null || typeof value !== 'object') continue;
      if (value.kind?.endsWith('List') && Array.isArray(value.items)) {
        const items = value.items.filter((item) => !isGone(item));
        if (items.length === 0) continue;
        if (items.length !== value.items.length) doc.set('items', doc.createNode(items));
        kept.push(doc);
      } else if (!isGone(value)) {
        kept.push(doc);
      }
    }
    await journal.preserve(file, text);
    if (kept.length === 0) {
      await rm(file, { force: true });
      journal.removed(file);
    } else {
      const rest = kept.map((d) => d.toString()).join('---\n');
      await writeFile(file, rest);
      if (owned) journal.wrote(file, rest);
    }
  }
}

/**
 * Writes objects into the workspace, one file per object, and records the files as kubedrill's.
 * Offline apply REPLACES: an object with the same kind, namespace and name is removed wherever it
 * lives first — there is no server-side merge of fields, unlike `kubectl apply`.
 */
export async function writeObjects(dir: string, objects: readonly K8sObject[], journal: WorkspaceJournal): Promise<void> {
  const normalized = objects.map(normalizeObject);
  const wanted = new Set(normalized.map(identity));
  const existing = (await readWorkspace(dir)).filter((w) => wanted.has(identity(w.object)));
  await removeObjects(existing, journal);
  for (const object of normalized) {
    const path = pathFor(dir, object);
    const text = stringify(object);
    await mkdir(join(path, '..'), { recursive: true });
    const before = await readFile(path, 'utf8').catch(() => undefined);
    if (before !== undefined) await journal.preserve(path, before);
    await writeFile(path, text);
    journal.wrote(path, text);
  }
}
