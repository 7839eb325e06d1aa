import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { PackProblem } from './problem.js';

const YAML_FILE = /\.ya?ml$/;
/** Directories that are never part of a pack's content. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Every `*.yaml`/`*.yml` below a pack directory except its `pack.yaml`, sorted. Symlinks are
 * followed only while they stay inside the pack (a pack is handed around as a unit; a link to
 * `/etc` or `~/.kube` must not become part of it). Hidden entries (`.git`) are skipped.
 */
export async function listTaskFiles(packDir: string): Promise<{ files: string[]; problems: PackProblem[] }> {
  const files: string[] = [];
  const problems: PackProblem[] = [];
  const root = await realpath(packDir);
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
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(path);
        } catch {
          whole(path, 'broken symlink');
          continue;
        }
        if (target !== root && !target.startsWith(root + sep)) {
          whole(path, `symlink escapes the pack directory (points to ${target}); packs must be self-contained`);
          continue;
        }
        const info = await stat(target);
        isDir = info.isDirectory();
        isFile = info.isFile();
        if (isDir && visited.has(target)) continue; // a loop back into the pack
        if (isDir) visited.add(target);
      }
      if (isDir) {
        if (!SKIPPED_DIRS.has(entry.name)) await walkDir(path);
      } else if (isFile && YAML_FILE.test(entry.name) && !(dir === packDir && entry.name === 'pack.yaml')) {
        files.push(path);
      }
    }
  }

  await walkDir(packDir);
  return { files, problems };
}
