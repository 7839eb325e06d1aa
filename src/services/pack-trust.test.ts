import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { UserError } from '../errors.js';
import { loadPacks, type LoadResult } from '../packs/load.js';
import { ensureTrusted, isTrusted, packSummary, type TrustOptions } from './pack-trust.js';

const VALID = fileURLToPath(new URL('../../test/broken-packs/valid/design-example', import.meta.url));

let base: string;
let packDir: string;
let loaded: LoadResult;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'kubedrill-trust-'));
  packDir = join(base, 'pack');
  await cp(VALID, packDir, { recursive: true });
  loaded = await loadPacks([packDir], { checkers: CHECKERS });
  expect(loaded.problems).toEqual([]);
});
afterEach(() => rm(base, { recursive: true, force: true }));

function options(extra: Partial<TrustOptions> = {}): TrustOptions & { lines: string[]; asked: string[] } {
  const lines: string[] = [];
  const asked: string[] = [];
  return { dataDir: join(base, 'data'), yes: false, ask: undefined, write: (l) => lines.push(l), now: () => Date.UTC(2026, 11, 1), lines, asked, ...extra };
}

describe('pack trust', () => {
  it('given a pack from others and no terminal to ask on, when its steps would run, then the command stops saying how to trust it, after showing what it does', async () => {
    const o = options();
    const error = await ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/is not trusted: its steps were not run/);
    expect(o.lines.join('\n')).toMatch(/node containers, which are privileged|no node scripts/);
    expect(await isTrusted(o.dataDir, loaded.packs[0]!)).toBe(false);
  });

  it('given the learner answers yes, when asked, then the pack is trusted and not asked again; a changed pack asks again', async () => {
    const asked: string[] = [];
    const o = options({ ask: async (q) => (asked.push(q), true) });
    await ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o);
    await ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o);
    expect(asked).toHaveLength(1);
    await writeFile(join(packDir, 'extra.txt'), 'changed');
    expect(await isTrusted(o.dataDir, loaded.packs[0]!)).toBe(false);
    await ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o);
    expect(asked).toHaveLength(2);
  });

  it('given the learner answers no, when asked, then nothing is trusted', async () => {
    const o = options({ ask: async () => false });
    await expect(ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o)).rejects.toThrow(/not trusted/);
    expect(await isTrusted(o.dataDir, loaded.packs[0]!)).toBe(false);
  });

  it('given --yes or a built-in pack, when checked, then nothing is asked', async () => {
    const asked: string[] = [];
    await ensureTrusted(loaded.packs, loaded.tasks, base, options({ ask: async (q) => (asked.push(q), false) }));
    expect(asked).toEqual([]);
    const o = options({ yes: true });
    await ensureTrusted(loaded.packs, loaded.tasks, join(base, 'builtin'), o);
    expect(await isTrusted(o.dataDir, loaded.packs[0]!)).toBe(true);
  });

  it('given a pack, when summarised, then its id, task count and kubectl verbs are named', () => {
    const lines = packSummary(loaded.packs[0]!, loaded.tasks);
    expect(lines[0]).toMatch(new RegExp(`^pack ${loaded.packs[0]!.pack.metadata.id} .*: ${loaded.tasks.length} task\\(s\\)$`));
    expect(lines.some((l) => l.startsWith('  kubectl verbs:'))).toBe(true);
    expect(lines.some((l) => l.includes('helm'))).toBe(false);
  });

  it('given a pack with a helm step and chart assets, when summarized, then it says helm runs on this machine and assets are copied', async () => {
    const helmPack = await loadPacks([fileURLToPath(new URL('../../test/fixtures/helm-pack', import.meta.url))], { checkers: CHECKERS });
    expect(helmPack.problems).toEqual([]);
    const lines = packSummary(helmPack.packs[0]!, helmPack.tasks);
    expect(lines.find((l) => l.includes('helm step'))).toMatch(/helm step\(s\) run helm on this machine, against kubedrill's cluster only/);
  });
});
