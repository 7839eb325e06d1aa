import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Checker } from '../../src/models/index.js';
import { loadCatalog } from '../../src/packs/catalog.js';
import { formatProblem } from '../../src/packs/problem.js';

const registryFile = fileURLToPath(new URL('../../checkers/index.ts', import.meta.url));
// A variable specifier: the registry is a colleague's module that may not exist yet in this tree.
const registryModule = '../../checkers/index.js';

describe.skipIf(!existsSync(registryFile))('built-in packs (skipped until checkers/index.ts exists)', () => {
  it('load with the real check types and no problem', async () => {
    const { CHECKERS } = (await import(registryModule)) as { CHECKERS: readonly Checker[] };
    const catalog = await loadCatalog({ packDirs: [], includeBuiltin: true, checkers: CHECKERS });
    expect(catalog.problems.map(formatProblem)).toEqual([]);
    expect(catalog.tasks.length).toBeGreaterThan(0);
  });
});
