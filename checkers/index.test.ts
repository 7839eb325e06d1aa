import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHECKERS, findChecker } from './index.js';

describe('checker registry', () => {
  it('given the registry, when listed, then types are unique and each is found by its type', () => {
    const types = CHECKERS.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const checker of CHECKERS) expect(findChecker(checker.type)).toBe(checker);
    expect(findChecker('no-such-type')).toBeUndefined();
  });

  it('given the README contract, when compared, then every documented type is registered', async () => {
    const readme = await readFile(new URL('./README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^### `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(5);
    expect(CHECKERS.map((c) => c.type).sort()).toEqual([...documented].sort());
  });
});
