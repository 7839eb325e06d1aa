// The check types: every module in this folder that exports a Checker is one, found when this
// registry loads, so adding a check type is one new file (and its test); checkers/README.md is
// their contract. Test files, `support/` and this index are not check types.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Checker } from '../src/models/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** `pod-status.js` (built) or `pod-status.ts` (tests run the sources); not tests, declarations or this index. */
const CHECKER_MODULE = /^(?!index\.)[a-z0-9-]+\.(js|ts)$/;

const isChecker = (value: unknown): value is Checker =>
  typeof value === 'object' && value !== null && typeof (value as Checker).type === 'string' && typeof (value as Checker).run === 'function';

async function discover(): Promise<Checker[]> {
  const files = readdirSync(here).filter((file) => CHECKER_MODULE.test(file)).sort();
  const modules = await Promise.all(files.map((file) => import(pathToFileURL(join(here, file)).href) as Promise<Record<string, unknown>>));
  const checkers = modules.flatMap((module) => Object.values(module).filter(isChecker));
  const seen = new Set<string>();
  for (const { type } of checkers) {
    // Two modules claiming one type is kubedrill's bug, not a pack author's: say it at once.
    if (seen.has(type)) throw new Error(`two checker modules define the check type "${type}"`);
    seen.add(type);
  }
  return checkers;
}

/** Every check type, in file-name order. */
export const CHECKERS: readonly Checker[] = await discover();

/** The checker for a check `type`, or undefined when no module handles it. */
export function findChecker(type: string, checkers: readonly Checker[] = CHECKERS): Checker | undefined {
  return checkers.find((c) => c.type === type);
}
