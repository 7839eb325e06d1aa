import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';

/** True when `file` resolves to a place outside `dir` (through a symlink); false when it does not exist. */
export async function escapesDir(file: string, dir: string): Promise<boolean> {
  try {
    const [target, root] = await Promise.all([realpath(file), realpath(dir)]);
    return target !== root && !target.startsWith(root + sep);
  } catch {
    return false;
  }
}
