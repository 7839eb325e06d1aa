import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { UsageError } from '../errors.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses argv with node's parser, then validates with the command's zod schema, so every
 * command reports bad options the same way (exit code 2, the usage line as next step).
 */
export function parseOptions<S extends z.ZodType>(
  args: string[],
  options: OptionSpec,
  schema: S,
  usage: string,
): z.infer<S> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, [`usage: kubedrill ${usage}`]);
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`${where}${issue?.message ?? 'invalid options'}`, [`usage: kubedrill ${usage}`]);
  }
  return result.data;
}
