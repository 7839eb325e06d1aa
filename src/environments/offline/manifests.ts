import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { K8sObject } from '../../models/index.js';
import { kubectlRejections } from './api-schema.js';

/** Why one document of a manifest file is not in the cluster state; `file` as the caller named it. */
export interface WorkspaceProblem {
  file: string;
  line: number;
  column?: number;
  message: string;
}

/** One object read from a manifest, with where it came from. */
export interface ScannedObject {
  object: K8sObject;
  file: string;
  /** The line of the field at `path` (inside this object), else of the object itself. */
  lineOf(path: readonly (string | number)[]): number;
}

/** `file:line:col: message` (the column only when known). */
export function formatWorkspaceProblem(problem: WorkspaceProblem): string {
  const where = problem.column === undefined ? `${problem.line}` : `${problem.line}:${problem.column}`;
  return `${problem.file}:${where}: ${problem.message}`;
}

/**
 * Reads the objects of a multi-document YAML (or JSON) text. A document that does not parse,
 * is not an object, or has no name is a problem of its own; the other documents still count.
 */
export function scanManifests(text: string, file: string): { objects: ScannedObject[]; problems: WorkspaceProblem[] } {
  const objects: ScannedObject[] = [];
  const problems: WorkspaceProblem[] = [];
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { objects, problems }; // an empty stream parses to an EmptyStream
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      problems.push({
        file,
        line: pos?.line ?? lineAt(error.pos[0]),
        ...(pos ? { column: pos.col } : {}),
        message: `invalid YAML: ${error.message.split('\n')[0] ?? ''}`,
      });
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const docLine = lineAt(doc.contents?.range[0] ?? doc.range[0]);
    const locate = (prefix: readonly (string | number)[]) => (path: readonly (string | number)[]) =>
      lineAt(offsetOf(doc, [...prefix, ...path]) ?? doc.contents?.range[0] ?? doc.range[0]);
    if (!isObjectLike(value)) {
      problems.push({ file, line: docLine, message: 'not a Kubernetes object (a mapping with apiVersion, kind and metadata)' });
      continue;
    }
    // `kind: List` (and `PodList`…), as `kubectl get -o yaml` writes several objects.
    if (value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, index) => {
        const lineOf = locate(['items', index]);
        if (!isObjectLike(item)) {
          problems.push({ file, line: lineOf([]), message: 'not a Kubernetes object (a mapping with apiVersion, kind and metadata)' });
        } else if (!hasName(item)) {
          problems.push({ file, line: lineOf([]), message: `${item.kind} has no metadata.name` });
        } else {
          objects.push({ object: item, file, lineOf });
        }
      });
      continue;
    }
    if (!hasName(value)) {
      problems.push({ file, line: docLine, message: `${value.kind} has no metadata.name` });
      continue;
    }
    objects.push({ object: value, file, lineOf: locate([]) });
  }
  return { objects, problems };
}

/**
 * Splits scanned objects into those kubectl would apply and problems for the others (a rejected
 * object is not applied, so it is not in the cluster state).
 */
export async function rejectUnappliable(
  scanned: readonly ScannedObject[],
): Promise<{ accepted: ScannedObject[]; problems: WorkspaceProblem[] }> {
  const accepted: ScannedObject[] = [];
  const problems: WorkspaceProblem[] = [];
  for (const entry of scanned) {
    const rejections = await kubectlRejections(entry.object);
    if (rejections.length === 0) {
      accepted.push(entry);
      continue;
    }
    for (const rejection of rejections) {
      problems.push({ file: entry.file, line: entry.lineOf(rejection.path), message: `kubectl would reject this: ${rejection.message}` });
    }
  }
  return { accepted, problems };
}

type Named = K8sObject & { kind: string; items?: unknown };

function isObjectLike(value: unknown): value is Named {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as K8sObject).kind === 'string';
}

function hasName(object: K8sObject): boolean {
  return typeof object.metadata?.name === 'string' && object.metadata.name !== '';
}

/**
 * The source offset of the deepest node on `path`: for a field in a mapping, its key (where an
 * editor shows the field), so an unknown field points at itself and a missing one at its parent.
 */
function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
