import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { OpenOptions } from '../environments/index.js';
import { UsageError } from '../errors.js';
import type { CommandIO } from './types.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
/** What node's parser returns for `options`: values typed by the spec, and the positionals. */
type ParsedArgv<O extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

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
  const parsed = parseArgv(args, options, usage);
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0];
    // Options are named as typed (`--workers: …`); positionals need no name, the message says what is missing.
    const name = issue?.path[0];
    const where = name === undefined || name === 'positionals' ? '' : `--${String(name)}: `;
    throw new UsageError(`${where}${issue?.message ?? 'invalid options'}`, [`usage: kubedrill ${usage}`]);
  }
  return result.data;
}

/**
 * How a command opens a live environment: with the command's environment (PATH, KUBEDRILL_HOME),
 * progress (cluster creation, the policy probe) on stderr so stdout stays clean for --json, and
 * Ctrl-C cancelling.
 */
export const liveOptionsFor = (io: CommandIO): OpenOptions => ({ env: io.env, onProgress: (line) => io.stderr.write(`${line}\n`), signal: io.signal });

/**
 * Node's parser alone, reporting bad options as parseOptions does: for a command whose options
 * the spec types fully and that must not load zod (the home screen, see session-args.ts).
 */
export function parseArgv<O extends OptionSpec>(args: string[], options: O, usage: string): ParsedArgv<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, [`usage: kubedrill ${usage}`]);
  }
}
