import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOCK_FILE, writePackLock } from '../packs/lock.js';
import { formatProblem } from '../packs/problem.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';

/**
 * `kubedrill pack lock DIR…`: writes each pack's `pack.lock.json`, the sha256 of every file below
 * its `assets/` (packs/lock.ts). From then on the pack loads only while its assets match. A pack
 * whose assets break the rules (a symlink, a file too large) is not locked: exit 1, naming them.
 */
export async function lockPacks(dirsAsGiven: readonly string[], io: CommandIO): Promise<number> {
  let failed = false;
  for (const given of dirsAsGiven) {
    const dir = resolve(io.cwd, given);
    if (!existsSync(join(dir, 'pack.yaml'))) {
      io.stdout.write(`${inertLine(`${given}: no pack.yaml; pass a pack directory`)}\n`);
      failed = true;
      continue;
    }
    const { lock, file, problems } = await writePackLock(dir);
    if (problems.length > 0) {
      for (const problem of problems) io.stdout.write(`${inertLine(formatProblem(problem))}\n`);
      io.stdout.write(`${inertLine(`${given}: not locked (${problems.length} problem${problems.length === 1 ? '' : 's'} in its assets)`)}\n`);
      failed = true;
      continue;
    }
    const count = Object.keys(lock.assets).length;
    io.stdout.write(`${inertLine(`${file}: ${count} asset file${count === 1 ? '' : 's'} locked`)}\n`);
  }
  if (!failed) io.stdout.write(`the packs now load only while their assets match ${LOCK_FILE}; run pack lock again after changing them\n`);
  return failed ? 1 : 0;
}
