import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { parseAllDocuments, stringify, type Document } from 'yaml';
import { UserError } from '../../errors.js';
import { namespaceProblem, objectNameProblem } from '../../models/step-policy.js';
import type { K8sObject } from '../../models/index.js';
import type { WorkspaceJournal } from './journal.js';
import { formatWorkspaceProblem, rejectUnappliable, scanManifests, type WorkspaceProblem } from './manifests.js';
import { compareObjects, isNamespaced, normalizeObject, placeObject } from './object-store.js';

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

/**
 * Parses a multi-document manifest text as `kubectl apply` would take it: throws a UserError
 * naming the file and line (and field) of the first document that does not parse, is not an
 * object with a name, or holds a field kubectl would refuse (a bad step is the author's to fix).
 */
export async function checkManifests(text: string, file: string): Promise<K8sObject[]> {
  const scanned = scanManifests(text, file);
  const { problems } = await rejectUnappliable(scanned.objects);
  const first = scanned.problems[0] ?? problems[0];
  if (first) throw new UserError(formatWorkspaceProblem(first), [hintFor(first)]);
  return scanned.objects.map((o) => o.object);
}

function hintFor(problem: WorkspaceProblem): string {
  if (problem.message.startsWith('invalid YAML')) return 'Fix the file (indentation, quotes, a missing colon) and grade again.';
  if (problem.message.startsWith('kubectl would reject')) return 'Check the field name and type against `kubectl explain <kind>.<field>`.';
  if (problem.message.startsWith('not a Kubernetes object')) {
    return 'Keep only Kubernetes manifests in the workspace, or move other files into a directory starting with a dot.';
  }
  return 'Every object needs a name.';
}

/** The objects in the workspace, normalized and in API server order, and what kept others out. */
export interface WorkspaceRead {
  objects: WorkspaceObject[];
  /** One per document that is not in the cluster state; `file` is the absolute path. */
  problems: WorkspaceProblem[];
}

/** What one file contributed, kept while its text is unchanged (every check reads the workspace). */
interface FileRead {
  text: string;
  objects: K8sObject[];
  problems: WorkspaceProblem[];
}

const fileCache = new Map<string, FileRead>();

async function readManifestFile(file: string): Promise<FileRead> {
  const text = await readFile(file, 'utf8');
  const cached = fileCache.get(file);
  if (cached?.text === text) return cached;
  const scanned = scanManifests(text, file);
  const { accepted, problems } = await rejectUnappliable(scanned.objects);
  const read: FileRead = {
    text,
    objects: accepted.map((entry) => normalizeObject(entry.object)),
    problems: [...scanned.problems, ...problems].sort((a, b) => a.line - b.line),
  };
  fileCache.set(file, read);
  return read;
}

/**
 * Reads every object in the workspace as the API server would hold it (see `normalizeObject`), in
 * API server order. A file that does not parse, or a document kubectl would not apply, is a
 * problem of that file: the other files still load, as a cluster keeps what was applied.
 */
export async function readWorkspace(dir: string): Promise<WorkspaceRead> {
  const objects: WorkspaceObject[] = [];
  const problems: WorkspaceProblem[] = [];
  for (const file of await manifestFiles(dir)) {
    const read = await readManifestFile(file);
    // Copies: the cache must not see a caller's changes.
    for (const object of read.objects) objects.push({ object: structuredClone(object), file });
    problems.push(...read.problems);
  }
  return { objects: objects.sort((a, b) => compareObjects(a.object, b.object)), problems };
}

/** Identity of an object: kind with group, namespace, name. */
export function identity(object: K8sObject): string {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  return `${object.kind}.${group}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** Where apply writes an object: `<ns>/<kind>-<name>.yaml`, cluster-scoped kinds under `_cluster/`. */
export function pathFor(dir: string, object: K8sObject): string {
  const namespaced = isNamespaced(object);
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? 'default';
  // The API server refuses these names; here they would also be paths out of the workspace.
  const problem = objectNameProblem(name) ?? (namespaced ? namespaceProblem(namespace) : undefined);
  if (problem) throw new UserError(`kubectl would reject this: ${problem}`);
  const kind = (object.kind ?? 'object').toLowerCase().replace(/[^a-z0-9]/g, '');
  const path = resolve(dir, namespaced ? namespace : '_cluster', `${kind}-${name}.yaml`);
  if (!path.startsWith(`${resolve(dir)}${sep}`)) throw new UserError(`refused: ${path} is outside the workspace ${dir}`);
  return path;
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
  const isGone = (o: unknown): boolean => gone.has(identity(placeObject(o as K8sObject)));
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
  // Written as applied (only placed in a namespace); defaults are filled in when read.
  const placed = objects.map(placeObject);
  const wanted = new Set(placed.map(identity));
  const existing = (await readWorkspace(dir)).objects.filter((w) => wanted.has(identity(w.object)));
  await removeObjects(existing, journal);
  for (const object of placed) {
    const path = pathFor(dir, object);
    const text = stringify(object);
    await mkdir(join(path, '..'), { recursive: true });
    const before = await readFile(path, 'utf8').catch(() => undefined);
    if (before !== undefined) await journal.preserve(path, before);
    await writeFile(path, text);
    journal.wrote(path, text);
  }
}
