import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Checker } from '../models/index.js';
import { packJsonSchemas } from '../packs/schema.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'pack schema [--out DIR]';

const optionsSchema = z.object({
  out: z.string().min(1).optional(),
  positionals: z.array(z.string()).max(0, 'pack schema takes no arguments (use --out DIR to write files)'),
});

/** File names written by `--out`, for the editor modeline. */
export const SCHEMA_FILES = { pack: 'pack.schema.json', task: 'task.schema.json' } as const;

/** Builds `kubedrill pack schema` with an injected check-type registry (tests use their own). */
export function createPackSchemaCommand(loadCheckers: () => Promise<readonly Checker[]>): Command {
  return {
    name: 'pack schema',
    summary: 'Print or write JSON Schemas for pack.yaml and task files (editor completion)',
    usage,
    async run(args, io) {
      const options = parseOptions(args, { out: { type: 'string' } }, optionsSchema, usage);
      const schemas = packJsonSchemas(await loadCheckers());
      if (!options.out) {
        io.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
        return 0;
      }
      const dir = resolve(io.cwd, options.out);
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
    },
  };
}

/** `kubedrill pack schema [--out DIR]`. */
export const packSchemaCommand: Command = createPackSchemaCommand(() => import('../../checkers/index.js').then((m) => m.CHECKERS));
