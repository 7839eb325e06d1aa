/**
 * What a command gets from the outside world, passed in (never read from `process`) so commands
 * and the services they call stay testable.
 */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: commands cancel child processes and save state. */
  signal: AbortSignal;
  /** Ctrl-C typed in a screen (raw mode makes it a key press): handled as SIGINT. */
  interrupt?: () => void;
  /** Wall clock, injectable for tests. */
  now: () => number;
}
