import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { Command } from './types.js';

/** `kubedrill --version`: the package version. */
export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the kubedrill version',
  usage: '--version',
  async run(_args, io) {
    const pkg = JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  },
};
