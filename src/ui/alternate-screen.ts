// The terminal's alternate screen buffer, as full-screen programs (vim, less, htop) use it: the
// screens draw on a blank page, and leaving hands the learner's shell back exactly as it was,
// with no frames of ours left in its scrollback.

/** Switch to the alternate buffer (saving the cursor), blank it, cursor home. */
export const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[2J\u001b[H';
/** Back to the normal buffer and the cursor saved on entering. */
export const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
/** Blank the visible screen, cursor home (a redraw then starts from a clean page). */
export const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/** Where the sequences go: a terminal stream. */
export interface TerminalOut {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Where the last-chance exit hook is registered: `process`, or an EventEmitter in tests. */
export interface ExitSource {
  once(event: 'exit', listener: () => void): unknown;
  off(event: 'exit', listener: () => void): unknown;
}

/** An entered alternate screen. */
export interface AlternateScreen {
  /** Back to the normal screen; safe to call more than once. */
  leave(): void;
}

/**
 * Enters the alternate screen when `stdout` is a terminal (a pipe gets no escape codes). Until
 * `leave()`, an `exit` of the process leaves it too: a process ended mid-screen (an uncaught
 * error, a forced exit) must not strand the shell on a blank page. Leaving is only ever sent
 * after entering: `?1049l` on the normal screen would restore a cursor nobody saved (home, on
 * many terminals), which is why the CLI's own restoreTerminal does not send it.
 */
export function enterAlternateScreen(stdout: TerminalOut, exit?: ExitSource): AlternateScreen {
  if (!stdout.isTTY) return { leave: () => undefined };
  let inside = true;
  const leave = () => {
    if (!inside) return;
    inside = false;
    exit?.off('exit', leave);
    try {
      stdout.write(LEAVE_ALTERNATE_SCREEN);
    } catch {
      // The terminal is gone (SIGHUP): there is no screen left to give back.
    }
  };
  stdout.write(ENTER_ALTERNATE_SCREEN);
  exit?.once('exit', leave);
  return { leave };
}
