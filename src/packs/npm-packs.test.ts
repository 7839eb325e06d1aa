import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPackageName, kubedrillNodeModules, nodeModulesDirs, resolvePackArg } from './npm-packs.js';

describe('packs as npm packages', () => {
  let root: string;
  /** Installs package `name` under `modules` with the given package.json `kubedrill` field and a pack directory `pack/`. */
  const install = async (modules: string, name: string, kubedrill: unknown) => {
    const dir = join(modules, name);
    await mkdir(join(dir, 'pack'), { recursive: true });
    await writeFile(join(dir, 'pack', 'pack.yaml'), '');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...(kubedrill === undefined ? {} : { kubedrill }) }));
    return dir;
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-npm-'));
    await mkdir(join(root, 'course', 'week3'), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('Given a package installed in a parent directory, When --pack names it from below, Then its declared pack directory is used', async () => {
    const pkg = await install(join(root, 'node_modules'), 'kubedrill-pack-acme', { pack: 'pack' });
    expect(await resolvePackArg('kubedrill-pack-acme', { cwd: join(root, 'course', 'week3') })).toBe(join(pkg, 'pack'));
  });

  it('Given a scoped package and one declaring the package root, When named, Then both resolve', async () => {
    const scoped = await install(join(root, 'node_modules'), '@acme/cka-pack', { pack: 'pack' });
    const atRoot = await install(join(root, 'node_modules'), 'kubedrill-pack-root', { pack: '.' });
    expect(await resolvePackArg('@acme/cka-pack', { cwd: root })).toBe(join(scoped, 'pack'));
    expect(await resolvePackArg('kubedrill-pack-root', { cwd: root })).toBe(atRoot);
  });

  it('Given a directory and a package of the same name, When named, Then the directory wins', async () => {
    await install(join(root, 'node_modules'), 'acme', { pack: 'pack' });
    await mkdir(join(root, 'acme'));
    expect(await resolvePackArg('acme', { cwd: root })).toBe('acme');
  });

  it('Given the package only beside kubedrill (a global install), When named, Then it is found there after the working directory', async () => {
    const global = join(root, 'global', 'lib', 'node_modules');
    const pkg = await install(global, 'kubedrill-pack-acme', { pack: 'pack' });
    expect(kubedrillNodeModules(join(global, 'kubedrill'))).toBe(global);
    expect(kubedrillNodeModules(join(root, 'checkout'))).toBeUndefined();
    expect(await resolvePackArg('kubedrill-pack-acme', { cwd: join(root, 'course'), installedIn: global })).toBe(join(pkg, 'pack'));
    expect(nodeModulesDirs(join(root, 'course'), global).slice(0, 2)).toEqual([join(root, 'course', 'node_modules'), join(root, 'node_modules')]);
    expect(nodeModulesDirs(join(root, 'course'), global).at(-1)).toBe(global);
  });

  it('Given packages that declare no pack, a non-string pack, a pack outside the package or a missing one, When named, Then the error names package.json and kubedrill.pack', async () => {
    const modules = join(root, 'node_modules');
    await install(modules, 'no-decl', undefined);
    await install(modules, 'not-string', { pack: 3 });
    await install(modules, 'escapes', { pack: '../no-decl/pack' });
    await install(modules, 'missing', { pack: 'packs' });
    await expect(resolvePackArg('no-decl', { cwd: root })).rejects.toThrow(/no-decl: the npm package in .*no-decl declares no kubedrill pack/);
    await expect(resolvePackArg('not-string', { cwd: root })).rejects.toThrow(/not-string\/package\.json: kubedrill\.pack: expected a directory name/);
    await expect(resolvePackArg('escapes', { cwd: root })).rejects.toThrow(/escapes\/package\.json: kubedrill\.pack: "\.\.\/no-decl\/pack" is outside the package/);
    await expect(resolvePackArg('missing', { cwd: root })).rejects.toThrow(/missing\/package\.json: kubedrill\.pack: no directory "packs"/);
  });

  it('Given a name that is neither a directory nor an installed package, When named, Then a usage error says where kubedrill looked', async () => {
    await expect(resolvePackArg('kubedrill-pack-nope', { cwd: root })).rejects.toMatchObject({
      exitCode: 2,
      message: '--pack kubedrill-pack-nope: no such directory, and no npm package kubedrill-pack-nope is installed',
    });
    await expect(resolvePackArg('./no/such/dir', { cwd: root })).rejects.toThrow('--pack ./no/such/dir: no such directory');
  });

  it('Given npm names and paths, When checked, Then only names npm allows are looked up as packages', () => {
    expect(isPackageName('kubedrill-pack-acme')).toBe(true);
    expect(isPackageName('@acme/pack')).toBe(true);
    expect(isPackageName('./acme')).toBe(false);
    expect(isPackageName('Acme')).toBe(false);
    expect(isPackageName('a/b')).toBe(false);
  });
});
