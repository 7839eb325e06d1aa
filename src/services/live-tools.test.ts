import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingLiveTools, missingToolsLine, onPath } from './live-tools.js';

/** A directory holding executable stubs named `names`. */
async function binDir(...names: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-bin-'));
  for (const name of names) {
    await writeFile(join(dir, name), '#!/bin/sh\n');
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

describe.skipIf(process.platform === 'win32')('live tools on PATH', () => {
  it('Given PATH with docker but no kind, When looked up, Then kind is missing', async () => {
    const env = { PATH: [await binDir('docker'), await binDir()].join(delimiter) };
    expect(await missingLiveTools(env)).toEqual(['kind']);
  });

  it('Given both on PATH, When looked up, Then nothing is missing', async () => {
    expect(await missingLiveTools({ PATH: await binDir('docker', 'kind') })).toEqual([]);
  });

  it('Given a file that is not executable or a directory by that name, When looked up, Then it is not found', async () => {
    const dir = await binDir();
    await writeFile(join(dir, 'kind'), 'not a program');
    await mkdir(join(dir, 'docker'));
    expect(await onPath('kind', { PATH: dir })).toBe(false);
    expect(await onPath('docker', { PATH: dir })).toBe(false);
  });

  it('Given no PATH at all, When looked up, Then both are missing', async () => {
    expect(await missingLiveTools({})).toEqual(['docker', 'kind']);
  });
});

describe('missingToolsLine', () => {
  it('Given what is missing, When told, Then one line names it and what to install', () => {
    expect(missingToolsLine(['kind'])).toBe('kind is not installed, so live tasks cannot run here: install kind ≥ 0.24 (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)');
    expect(missingToolsLine(['docker', 'kind'])).toMatch(/^Docker and kind are not installed, .*install Docker \(https:\/\/docs\.docker\.com\/engine\/install\/\) and kind ≥ 0\.24/);
  });
});
