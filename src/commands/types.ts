/** What a command gets from the outside world; passed in so commands stay testable. */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream;
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

/** One CLI command (`kubedrill pack validate …`). Returns the process exit code. */
export interface Command {
  /** Words that select it: `pack validate`. */
  name: string;
  summary: string;
  /** Usage line(s) after `kubedrill `. */
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}
