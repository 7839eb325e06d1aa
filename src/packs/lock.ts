import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../system/state-file.js';
import { ASSETS_DIR, indexAssets, type AssetIndex } from './assets.js';
import type { PackProblem } from './problem.js';

/**
 * A pack's lock: the sha256 of every asset file, written by `kubedrill pack lock DIR` beside
 * pack.yaml. It is opt-in — a pack without one loads — but a pack with one loads only while its
 * assets are exactly what was locked, so a chart or CRD changed after review (by a merge, a
 * copy, an editor) is refused, naming the file, until the author locks again.
 */
export const LOCK_FILE = 'pack.lock.json';
export const LOCK_FORMAT_VERSION = 1;

export interface PackLock {
  formatVersion: typeof LOCK_FORMAT_VERSION;
  /** By path below `assets/` (with `/`), sorted: `sha256:<hex>`. */
  assets: Record<string, string>;
}

/** The lock the assets as they are now would have. */
export function lockOf(index: AssetIndex): PackLock {
  const assets: Record<string, string> = {};
  for (const path of [...index.files.keys()].sort()) assets[path] = index.files.get(path)?.sha256 ?? '';
  return { formatVersion: LOCK_FORMAT_VERSION, assets };
}

/**
 * Writes `pack.lock.json` for a pack; refuses (writing nothing) while its assets have problems —
 * a lock must never bless a symlink or an oversized file. Returns the lock or the problems.
 */
export async function writePackLock(packDir: string): Promise<{ lock: PackLock; file: string; problems: PackProblem[] }> {
  const index = await indexAssets(packDir);
  const lock = lockOf(index);
  const file = join(packDir, LOCK_FILE);
  if (index.problems.length === 0) await writeFileAtomic(file, `${JSON.stringify(lock, null, 2)}\n`);
  return { lock, file, problems: index.problems };
}

/**
 * Why the pack's assets differ from its lock, one problem per file (none without a lock). A
 * changed or new asset names the asset file; a locked file that is gone, or a damaged lock,
 * names the lock at the entry's line.
 */
export async function lockProblems(packDir: string, index: AssetIndex): Promise<PackProblem[]> {
  const file = join(packDir, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [{ file, line: 0, col: 0, path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }];
  }
  const relock = `run kubedrill pack lock ${packDir} once the change is yours`;
  const lock = parseLock(text);
  if (typeof lock === 'string') return [{ file, line: 1, col: 1, path: '', message: `${lock}; ${relock}` }];
  const problems: PackProblem[] = [];
  const assetFile = (path: string): string => join(index.dir, ...path.split('/'));
  for (const [path, hash] of Object.entries(lock.assets)) {
    const now = index.files.get(path);
    if (!now) problems.push({ file, ...lineOf(text, path), path: `assets.${path}`, message: `locked asset ${ASSETS_DIR}/${path} is missing; ${relock}` });
    else if (now.sha256 !== hash) problems.push({ file: assetFile(path), line: 1, col: 1, path: '', message: `asset differs from ${LOCK_FILE} (now ${now.sha256.slice(0, 19)}…, locked ${hash.slice(0, 19)}…); ${relock}` });
  }
  for (const path of index.files.keys()) {
    if (!(path in lock.assets)) problems.push({ file: assetFile(path), line: 1, col: 1, path: '', message: `asset is not in ${LOCK_FILE}; ${relock}` });
  }
  return problems;
}

/** The lock in `text`, or why it is not one. */
function parseLock(text: string): PackLock | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${LOCK_FILE} is not valid JSON (${(error as Error).message})`;
  }
  const lock = value as Partial<PackLock> | null;
  if (lock === null || typeof lock !== 'object' || lock.formatVersion !== LOCK_FORMAT_VERSION) return `${LOCK_FILE} is not a format ${LOCK_FORMAT_VERSION} lock`;
  const assets = lock.assets;
  if (assets === null || typeof assets !== 'object' || Array.isArray(assets) || !Object.values(assets).every((h) => typeof h === 'string' && /^sha256:[0-9a-f]{64}$/.test(h))) {
    return `${LOCK_FILE}: assets must map each asset path to "sha256:<64 hex digits>"`;
  }
  return { formatVersion: LOCK_FORMAT_VERSION, assets };
}

/** Line and column of the entry `"path":` in the lock's text (1:1 when not found). */
function lineOf(text: string, path: string): { line: number; col: number } {
  const at = text.indexOf(JSON.stringify(path));
  if (at === -1) return { line: 1, col: 1 };
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, col: at - before.lastIndexOf('\n') };
}
