// Reading an add-on's shipped manifest, refusing it unless its sha256 is the pinned one: a file
// edited or damaged after kubedrill was built must not reach a cluster under the add-on's name.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';
import type { AddonSpec } from './registry.js';

/**
 * Where the manifests ship: beside this module's source, which package.json `files` lists, so
 * the built CLI (dist/src/…) finds them through the package root, as it finds `scenarios/`.
 */
export const manifestsDir = (): string => join(packageRoot(), 'src', 'environments', 'addons', 'manifests');

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** The add-on's manifest text, hash-checked; a UserError when it is not bundled, missing or altered. */
export async function readAddonManifest(spec: AddonSpec, dir: string = manifestsDir()): Promise<string> {
  if (!spec.bundled) {
    throw new UserError(`add-on ${spec.name} ${spec.version} is not bundled in this build: ${spec.notBundled ?? 'no manifest is shipped for it'}`, [
      `upstream manifest: ${spec.upstream}`,
      'a task that needs this add-on cannot be prepared by this kubedrill',
    ]);
  }
  const file = join(dir, spec.bundled.file);
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new UserError(`add-on ${spec.name}: its manifest ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, ['reinstall kubedrill']);
  });
  const actual = sha256(bytes);
  if (actual !== spec.bundled.sha256) {
    throw new UserError(`add-on ${spec.name}: ${file} has sha256 ${actual}, not the pinned ${spec.bundled.sha256}; it was changed after kubedrill was built, so it is not applied`, [
      'reinstall kubedrill',
    ]);
  }
  return bytes.toString('utf8');
}
