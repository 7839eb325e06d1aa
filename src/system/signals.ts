import { InterruptedError } from '../errors.js';

/** The signals that stop kubedrill: Ctrl-C, `kill`/`timeout`/a service manager, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];

/** What interrupt handling listens on: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
}

export interface InterruptOptions {
  source: SignalSource;
  /** Ends the process at once with this code (the CLI restores the terminal, then process.exit). */
  exit: (code: number) => void;
  /**
   * How long work in progress gets to wind down after the first signal (kill its children, save
   * the exam, unmount the screen) before `exit` ends it. Work that never looks at the signal (a
   * long pack load) is stopped by this, not waited for.
   */
  graceMs?: number;
  /** Injectable timer (tests); the returned handle must not keep the process alive. */
  setTimer?: (run: () => void, ms: number) => { unref?: () => unknown };
}

/** Interrupt handling installed for one run of the CLI. */
export interface Interrupts {
  /** Aborted on the first signal, with an InterruptedError as its reason: hand it to every command. */
  readonly signal: AbortSignal;
  /** Stops listening (the run is over; a later signal gets Node's default: exit at once). */
  dispose(): void;
}

/** Long enough for an atomic save and a child's SIGTERM; short enough to feel immediate. */
export const DEFAULT_GRACE_MS = 500;

/**
 * Turns SIGINT/SIGTERM/SIGHUP into an aborted AbortSignal. The first signal aborts (commands
 * cancel children and save) and starts the grace period, after which `exit` ends whatever still
 * runs; a second signal exits at once. Listening replaces Node's default exit, so without the
 * grace period a command that ignores the signal would finish as if nothing happened.
 */
export function handleInterrupts(options: InterruptOptions): Interrupts {
  const { source, exit, graceMs = DEFAULT_GRACE_MS } = options;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    const interrupted = new InterruptedError(signal);
    if (controller.signal.aborted) {
      exit(interrupted.exitCode);
      return;
    }
    controller.abort(interrupted);
    // Unref'd: it must not be what keeps a finished process open.
    setTimer(() => exit(interrupted.exitCode), graceMs).unref?.();
  };
  const listeners = STOP_SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of listeners) source.on(signal, listener);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [signal, listener] of listeners) source.off(signal, listener);
    },
  };
}

/**
 * Resolves once signals that arrived during a long synchronous stretch have been delivered. Node
 * learns of a signal only in the event loop's poll phase; a command whose last stretch never
 * yielded (a pack load that blocks) would otherwise return, have its listeners disposed, and the
 * pending Ctrl-C be dropped: exit 0 after an interrupt. Two turns: the first may end in the same
 * iteration whose poll already ran, the second follows a fresh poll.
 */
export async function deliverPendingSignals(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The exit code for a run whose signal was aborted by an interrupt (undefined when it was not). */
export function interruptedExitCode(signal: AbortSignal): number | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof InterruptedError ? signal.reason.exitCode : 130;
}

/** The terminal as a signal may have left it mid-screen: raw mode off, cursor shown. */
export function restoreTerminal(stdin: { isTTY?: boolean; isRaw?: boolean; setRawMode?: (raw: boolean) => unknown }, stdout: { isTTY?: boolean; write(text: string): unknown }): void {
  try {
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode?.(false);
    if (stdout.isTTY) stdout.write('\u001b[?25h');
  } catch {
    // The terminal may already be gone (SIGHUP): there is nothing left to restore.
  }
}
