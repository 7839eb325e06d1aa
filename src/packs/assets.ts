import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoundAssets, Task } from '../models/index.js';
import { assetPathProblem } from '../models/step-policy.js';
import type { PackProblem } from './problem.js';

/**
 * A pack's assets: files shipped beside its tasks under `assets/` (Helm charts, kustomize trees,
 * CRDs, SBOMs, reports, Dockerfiles), copied by `files` steps and read by `helm`/`kustomize`
 * steps exactly as written — never templated, so a chart's `{{ .Values.x }}` stays. The task
 * walker does not read them as task files (walk.ts).
 *
 * Limits, so a pack stays something one hands around and a step copies in a moment (a node copy
 * goes through a shell script on stdin): a file at most MAX_ASSET_FILE_BYTES, all assets together
 * at most MAX_PACK_ASSET_BYTES and MAX_ASSET_FILES files. Symlinks are refused: a link could name
 * `~/.kube/config`, and a copy must be what the pack's lock hashed.
 */
export const ASSETS_DIR = 'assets';
export const MAX_ASSET_FILE_BYTES = 1024 * 1024;
export const MAX_PACK_ASSET_BYTES = 16 * 1024 * 1024;
export const MAX_ASSET_FILES = 2000;

/** One asset file: its path below `assets/` (with `/`), size and content hash. */
export interface AssetFile {
  path: string;
  size: number;
  sha256: string;
}

/** What a pack's `assets/` holds, by path; problems name the offending file. */
export interface AssetIndex {
  /** The pack's `assets/` directory (it may not exist: a pack without assets). */
  dir: string;
  files: ReadonlyMap<string, AssetFile>;
  problems: PackProblem[];
}

/** Reads and checks every asset of a pack (absent `assets/`: none, no problem). */
export async function indexAssets(packDir: string): Promise<AssetIndex> {
  const dir = join(packDir, ASSETS_DIR);
  const files = new Map<string, AssetFile>();
  const problems: PackProblem[] = [];
  // A file's problem points at 1:1 so editors jump to it; the directory's has no position.
  const whole = (file: string, message: string, line = 1): void => {
    problems.push({ file, line, col: line, path: '', message });
  };
  const top = await lstat(dir).catch(() => undefined);
  if (!top) return { dir, files, problems };
  if (!top.isDirectory()) {
    whole(dir, top.isSymbolicLink() ? 'assets/ is a symlink; a pack ships its assets as plain files' : 'assets must be a directory', 0);
    return { dir, files, problems };
  }
  let total = 0;
  for (const found of await walkAssets(dir, '')) {
    if ('problem' in found) {
      whole(join(dir, found.path), found.problem);
      continue;
    }
    if (files.size >= MAX_ASSET_FILES) {
      whole(dir, `more than ${MAX_ASSET_FILES} asset files; a pack may ship at most ${MAX_ASSET_FILES}`, 0);
      break;
    }
    if (found.size > MAX_ASSET_FILE_BYTES) {
      whole(join(dir, found.path), `asset is ${found.size} bytes; an asset file may be at most ${MAX_ASSET_FILE_BYTES} bytes (1 MiB)`);
      continue;
    }
    total += found.size;
    if (total > MAX_PACK_ASSET_BYTES) {
      whole(dir, `the assets together pass ${MAX_PACK_ASSET_BYTES} bytes (16 MiB), the most a pack may ship`, 0);
      break;
    }
    const content = await readFile(join(dir, found.path));
    files.set(found.path, { path: found.path, size: content.length, sha256: sha256(content) });
  }
  return { dir, files, problems };
}

/** `sha256:<hex>` of some bytes, as the lock writes it. */
export function sha256(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

type Walked = { path: string; size: number } | { path: string; problem: string };

/** Every regular file below `root/rel`, sorted; links and special files are problems. */
async function walkAssets(root: string, rel: string): Promise<Walked[]> {
  const out: Walked[] = [];
  const entries = await readdir(join(root, rel), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    out.push({ path: rel, problem: `cannot read directory: ${error.code ?? String(error)}` });
    return [];
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isSymbolicLink()) out.push({ path, problem: 'symlinks are not allowed in assets/ (a link could name a file outside the pack); copy the file in' });
    else if (entry.isDirectory()) out.push(...(await walkAssets(root, path)));
    else if (entry.isFile()) out.push({ path, size: (await lstat(join(root, path))).size });
    else out.push({ path, problem: 'not a regular file; assets are files and directories' });
  }
  return out;
}

/** Why `asset` names nothing in the index (a file, or a directory holding files); undefined when it does. */
export function missingAssetProblem(index: AssetIndex, asset: string): string | undefined {
  const policy = assetPathProblem(asset);
  if (policy) return policy;
  const path = normalizeAsset(asset);
  if (index.files.has(path) || [...index.files.keys()].some((f) => f.startsWith(`${path}/`))) return undefined;
  return `no asset ${asset}: expected a file or directory below ${index.dir}`;
}

/** `charts/web/` and `./charts/web` as `charts/web`. */
export function normalizeAsset(asset: string): string {
  return asset
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** One file of an asset as read for a step: its path relative to the asset ('' when the asset is the file). */
export interface AssetContent {
  relative: string;
  content: Buffer;
}

/**
 * Reads an asset for a step, checking again what the loader checked (the pack may have changed
 * since it was validated): the path stays below `assetsDir`, no symlink on the way or inside, the
 * size limits hold. A file gives one entry; a directory every file below it.
 */
export async function readAsset(assetsDir: string, asset: string): Promise<{ isDirectory: boolean; files: AssetContent[] }> {
  const policy = assetPathProblem(asset);
  if (policy) throw new Error(policy);
  const path = normalizeAsset(asset);
  // Each segment is checked with lstat, so a link anywhere on the way is refused, not followed.
  let rel = '';
  for (const segment of path === '' ? [] : path.split('/')) {
    rel = rel === '' ? segment : `${rel}/${segment}`;
    const info = await lstat(join(assetsDir, rel)).catch(() => undefined);
    if (!info) throw new Error(`no asset ${asset} in ${assetsDir}`);
    if (info.isSymbolicLink()) throw new Error(`asset ${asset}: ${rel} is a symlink; assets are plain files`);
  }
  const info = await lstat(join(assetsDir, path));
  if (info.isFile()) return { isDirectory: false, files: [{ relative: '', content: await readCapped(join(assetsDir, path), asset) }] };
  if (!info.isDirectory()) throw new Error(`asset ${asset} is not a file or directory`);
  const files: AssetContent[] = [];
  let total = 0;
  for (const found of await walkAssets(join(assetsDir, path), '')) {
    if ('problem' in found) throw new Error(`asset ${asset}/${found.path}: ${found.problem}`);
    const content = await readCapped(join(assetsDir, path, found.path), `${asset}/${found.path}`);
    total += content.length;
    if (total > MAX_PACK_ASSET_BYTES || files.length >= MAX_ASSET_FILES) throw new Error(`asset ${asset} is larger than a pack's assets may be`);
    files.push({ relative: found.path, content });
  }
  return { isDirectory: true, files };
}

async function readCapped(file: string, name: string): Promise<Buffer> {
  const content = await readFile(file);
  if (content.length > MAX_ASSET_FILE_BYTES) throw new Error(`asset ${name} is ${content.length} bytes; at most ${MAX_ASSET_FILE_BYTES}`);
  return content;
}

/**
 * Tells the steps of a loaded task that name assets where their pack's assets are (BoundAssets
 * in models/step.ts), so the step runner finds them however the task reaches it (drill, exam,
 * self-test, the catalog cache).
 */
export function bindAssets(task: Task, assetsDir: string): void {
  const steps = [...task.setup, ...task.solution, ...task.alternatives.flatMap((a) => a.steps), ...task.nearMisses.flatMap((m) => m.steps)];
  for (const step of steps) {
    if ('files' in step || 'helm' in step || 'kustomize' in step) (step as BoundAssets).assetsDir = assetsDir;
  }
}
