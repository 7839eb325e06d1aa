import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Checker } from '../models/index.js';
import { packJsonSchemas } from '../packs/schema.js';
import type { CommandIO } from '../system/io.js';

/** File names written by `--out`, for the editor modeline. */
export const SCHEMA_FILES = { pack: 'pack.schema.json', task: 'task.schema.json' } as const;

/** `kubedrill pack schema [--out DIR]`: the JSON Schemas of pack.yaml and task files, printed or written. */
export async function writePackSchemas(out: string | undefined, checkers: readonly Checker[], io: CommandIO): Promise<number> {
  const schemas = packJsonSchemas(checkers);
  if (!out) {
    io.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
    return 0;
  }
  const dir = resolve(io.cwd, out);
  await mkdir(dir, { recursive: true });
  const pack = join(dir, SCHEMA_FILES.pack);
  const task = join(dir, SCHEMA_FILES.task);
  await writeFile(pack, `${JSON.stringify(schemas.pack, null, 2)}\n`);
  await writeFile(task, `${JSON.stringify(schemas.task, null, 2)}\n`);
  io.stdout.write(
    [
      `wrote ${pack}`,
      `wrote ${task}`,
      'first line of each file, for completion in editors with the YAML language server:',
      `  pack.yaml:  # yaml-language-server: $schema=${pack}`,
      `  task files: # yaml-language-server: $schema=${task}`,
      '',
    ].join('\n'),
  );
  return 0;
}
