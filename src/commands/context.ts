import type { CommandIO } from '../system/io.js';

/**
 * What every command's action gets: the outside world, and where it leaves its exit code
 * (commander ignores what an action returns). See src/cli.tsx for the exit-code table.
 */
export interface CliContext {
  readonly io: CommandIO;
  exitCode: number;
}
