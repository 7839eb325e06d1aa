// Packs published as npm packages: `--pack kubedrill-pack-acme` loads the pack an installed
// package declares in its package.json, so instructors can publish and version packs with npm:
//
//   { "name": "kubedrill-pack-acme", "version": "1.2.0", "kubedrill": { "pack": "pack" } }
//
// Where packages are looked for, in order (Node's own resolution, without running npm):
//   1. node_modules in the working directory and every directory above it (a local install);
//   2. the node_modules kubedrill itself is installed in (`npm install -g kubedrill kubedrill-pack-acme`).
// A value that is neither an existing path nor an installed package is a usage error naming
// where kubedrill looked. An existing path always wins: `--pack acme` with a directory ./acme loads the directory, even
// when a package named acme is installed too. A package's pack is a third-party pack like any
// other: it is trusted by its directory and content (services/pack-trust.ts), never because npm
// installed it.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';

/** npm's rules for a package name (lower case, URL-safe, optionally @scope/), as far as a lookup needs. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export const isPackageName = (text: string): boolean => text.length <= 214 && PACKAGE_NAME.test(text);

/** The node_modules directories to look in, nearest first (see the top of this file). */
export function nodeModulesDirs(cwd: string, installedIn?: string): string[] {
  const dirs: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') dirs.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  if (installedIn !== undefined && !dirs.includes(installedIn)) dirs.push(installedIn);
  return dirs;
}

/**
 * The node_modules directory kubedrill is installed in, when it is (a global or local install);
 * undefined when running from a checkout.
 */
export function kubedrillNodeModules(packageRoot: string): string | undefined {
  const parent = dirname(packageRoot);
  return basename(parent) === 'node_modules' ? parent : undefined;
}

/** The directory of the pack that the package in `packageDir` declares; a UserError says what is wrong. */
export async function declaredPackDir(name: string, packageDir: string): Promise<string> {
  const file = join(packageDir, 'package.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${name}: cannot read ${file}: ${(error as Error).message}`);
  }
  const declared = (manifest as { kubedrill?: { pack?: unknown } } | null)?.kubedrill?.pack;
  const example = '"kubedrill": { "pack": "DIR" } (DIR relative to the package, holding pack.yaml)';
  if (declared === undefined) throw new UserError(`${name}: the npm package in ${packageDir} declares no kubedrill pack`, [`its package.json needs ${example}`]);
  if (typeof declared !== 'string' || declared === '') throw new UserError(`${file}: kubedrill.pack: expected a directory name (a string), as in ${example}`);
  const dir = resolve(packageDir, declared);
  const inside = relative(packageDir, dir);
  // The pack must ship in the package: a path out of it would load whatever happens to be there.
  if (isAbsolute(declared) || inside.startsWith('..')) throw new UserError(`${file}: kubedrill.pack: "${declared}" is outside the package; it must be a directory inside it`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${file}: kubedrill.pack: no directory "${declared}" in the package`);
  return dir;
}

/**
 * The pack directory of the installed package `name`, or undefined when no package of that name
 * is installed (see the top of this file for where kubedrill looks).
 */
export async function installedPackDir(name: string, options: { cwd: string; installedIn?: string }): Promise<string | undefined> {
  if (!isPackageName(name)) return undefined;
  for (const modules of nodeModulesDirs(options.cwd, options.installedIn)) {
    const packageDir = join(modules, name);
    if (existsSync(join(packageDir, 'package.json'))) return declaredPackDir(name, packageDir);
  }
  return undefined;
}

/**
 * One `--pack` value as a directory: the value itself when that path exists; else the pack of
 * the installed package of that name. Neither is a usage error saying where kubedrill looked.
 */
export async function resolvePackArg(value: string, options: { cwd: string; installedIn?: string }): Promise<string> {
  if (existsSync(resolve(options.cwd, value))) return value;
  if (!isPackageName(value)) throw new UsageError(`--pack ${value}: no such directory`);
  const installed = await installedPackDir(value, options);
  if (installed !== undefined) return installed;
  throw new UsageError(`--pack ${value}: no such directory, and no npm package ${value} is installed`, [
    `looked in node_modules of ${resolve(options.cwd)} and the directories above it${options.installedIn ? `, and in ${options.installedIn} (beside kubedrill)` : ''}`,
    `npm install ${value}, or pass the pack's directory`,
  ]);
}

/** Every `--pack` value resolved (see `resolvePackArg`). */
export function resolvePackArgs(values: readonly string[], options: { cwd: string; installedIn?: string }): Promise<string[]> {
  return Promise.all(values.map((value) => resolvePackArg(value, options)));
}

/**
 * Pack directory arguments (`pack test DIR…`): a value that is no existing path but the name of
 * an installed package becomes its pack directory; every other value is left to the loader, which
 * reports a missing directory as before.
 */
export function packDirsOrInstalled(values: readonly string[], options: { cwd: string; installedIn?: string }): Promise<string[]> {
  return Promise.all(values.map(async (value) => (existsSync(resolve(options.cwd, value)) ? value : ((await installedPackDir(value, options)) ?? value))));
}

/** Where this kubedrill looks for packages: from `cwd` up, then beside kubedrill itself. */
export function lookupFrom(cwd: string): { cwd: string; installedIn?: string } {
  const installedIn = kubedrillNodeModules(packageRoot());
  return installedIn === undefined ? { cwd } : { cwd, installedIn };
}
