import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding kubedrill's package.json and built-in `scenarios/`. Found by walking up
 * from this file, so it works from `src/` (tests) and from `dist/src/` (the built CLI) alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'scenarios'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kubedrill package root not found');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Built-in packs and exam profiles. */
export const scenariosDir = (): string => join(packageRoot(), 'scenarios');
