import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { PackProblem } from './problem.js';
import { ASSETS_DIR } from './assets.js';
import { PACK_PROFILES_DIR } from './profiles.js';

const YAML_FILE = /\.ya?ml$/;
/** `.YAML`, `.Yml`…: meant as task files, but not read (names are case-sensitive on most systems). */
const YAML_FILE_ANY_CASE = /\.ya?ml$/i;
/** Directories that are never part of a pack's content. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Every `*.yaml`/`*.yml` below a pack directory except its `pack.yaml`, sorted. Symlinks are
 * followed only while they stay inside the pack (a pack is handed around as a unit; a link to
 * `/etc` or `~/.kube` must not become part of it). Hidden entries (`.git`) are skipped, and so is
 * the pack's own `profiles/` directory: it holds exam profiles, which the loader reads first; and
 * its `assets/` (assets.ts).
 */
export async function listTaskFiles(packDir: string): Promise<{ files: string[]; problems: PackProblem[] }> {
  const files: string[] = [];
  const problems: PackProblem[] = [];
  let root: string;
  try {
    root = await realpath(packDir);
  } catch (error) {
    return { files, problems: [{ file: packDir, line: 0, col: 0, path: '', message: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }] };
  }
  const visited = new Set<string>([root]);
  // Links and unreadable directories have no line: a link is pointed at as 1:1 so editors jump to it.
  const whole = (file: string, message: string, line = 1): void => {
    problems.push({ file, line, col: line, path: '', message });
  };

  async function walkDir(dir: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      whole(dir, `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 0);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      // Node decodes a name that is not UTF-8 with U+FFFD, so the path names no file; say so on the directory.
      if (entry.name.includes('\uFFFD') && !(await exists(path))) {
        whole(dir, `a file name in this directory is not valid UTF-8 text (shown as "${entry.name}"); rename it`, 0);
        continue;
      }
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let info: Stats | Dirent = entry;
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(path);
        } catch (error) {
          whole(path, (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'symlink loop (the link leads back to itself)' : 'broken symlink');
          continue;
        }
        if (target !== root && !target.startsWith(root + sep)) {
          whole(path, `symlink escapes the pack directory (points to ${target}); packs must be self-contained`);
          continue;
        }
        try {
          info = await stat(target);
        } catch (error) {
          whole(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          continue;
        }
        isDir = info.isDirectory();
        isFile = info.isFile();
        if (isDir && visited.has(target)) continue; // a loop back into the pack
        if (isDir) visited.add(target);
      }
      if (isDir) {
        const profilesDir = dir === packDir && entry.name === PACK_PROFILES_DIR;
        // assets/ holds charts, CRDs and the like, copied as written (assets.ts), never tasks.
        const assetsDir = dir === packDir && entry.name === ASSETS_DIR;
        if (!SKIPPED_DIRS.has(entry.name) && !profilesDir && !assetsDir) await walkDir(path);
      } else if (dir === packDir && entry.name === 'pack.yaml') {
        // Read by the loader itself.
      } else if (YAML_FILE.test(entry.name)) {
        // A FIFO is never opened (reading one blocks); any other non-file is named rather than skipped silently.
        if (isFile) files.push(path);
        else whole(path, `not a regular file: ${kind(info)}; a task file must be a regular file`);
      } else if (YAML_FILE_ANY_CASE.test(entry.name)) {
        whole(path, 'not read: the extension must be lowercase .yaml or .yml');
      }
    }
  }

  await walkDir(packDir);
  return { files, problems };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function kind(info: Stats | Dirent): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'an unknown kind of file';
}
