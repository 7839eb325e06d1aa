import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVariant, saveCurrentVariant } from './current-variant.js';

describe('the variant last set up', () => {
  it('Given a saved variant, When read, Then it comes back; another task has none; a damaged file reads as none', async () => {
    const data = await mkdtemp(join(tmpdir(), 'kubedrill-variant-'));
    await saveCurrentVariant(data, 'cka/a', { seed: 7, params: { ns: 'shop' } });
    expect(await currentVariant(data, 'cka/a')).toEqual({ seed: 7, params: { ns: 'shop' } });
    expect(await currentVariant(data, 'cka/b')).toBeUndefined();
    await mkdir(join(data, 'variants'), { recursive: true });
    await writeFile(join(data, 'variants', 'cka__c.json'), '{"seed": -1, "params": {"ns": 3}}');
    expect(await currentVariant(data, 'cka/c')).toBeUndefined();
  });
});
