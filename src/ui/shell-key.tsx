// The `!` key of the drill and exam screens: the screen steps aside, the learner's shell opens in
// the task's terminal (kubeconfig and context, or the offline workspace), and `exit` comes back
// to the screen as it was. show() (index.tsx) hands the terminal over; screens call useShellKey.
import { Text, useInput, useStdout } from 'ink';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { inertLine } from '../text/inert.js';
import { CLEAR_SCREEN } from './alternate-screen.js';
import { useTone } from './theme.js';

/** Runs `run` with the terminal given to it, then takes the terminal back (services/shell-env.ts has the same type). */
export type TerminalHandOff = <T>(run: () => T) => T;

/** Opens the shell of task `taskId`; the shell runs inside `handOff`. The services pass it in. */
export type OpenShell = (taskId: string, handOff: TerminalHandOff) => Promise<void>;

/** The input side of a terminal, as far as handing it over goes. */
interface TerminalIn {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/** ink hides the cursor once per screen and does not know a shell showed it meanwhile. */
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * The terminal hand-over show() gives the screens: leave the alternate screen, raw mode off and
 * cursor shown (as a shell expects its terminal), run, then the alternate screen again, raw mode
 * as it was and the cursor hidden. The run is synchronous (system/process.ts says why), so
 * nothing of the screen draws or reads keys in between.
 */
export function terminalHandOff(stdin: TerminalIn, stdout: { isTTY?: boolean; write(text: string): unknown }, leave: () => void, enter: () => void): TerminalHandOff {
  return (run) => {
    const wasRaw = stdin.isTTY === true && stdin.isRaw === true;
    leave();
    if (wasRaw) stdin.setRawMode?.(false);
    if (stdout.isTTY) stdout.write(SHOW_CURSOR);
    try {
      return run();
    } finally {
      enter();
      if (wasRaw) stdin.setRawMode?.(true);
      if (stdout.isTTY) stdout.write(HIDE_CURSOR);
    }
  };
}

const ShellContext = createContext<((taskId: string) => void) | undefined>(undefined);

/**
 * Makes `!` work in the screens below it. After the shell the whole frame is drawn again on the
 * blank screen (ink's write() erases, writes, then draws the last frame in full); a shell that
 * could not start is said on one line under the screen until the next key.
 */
export function ShellKeys(props: { readonly openShell: OpenShell; readonly handOff: TerminalHandOff; readonly children: ReactNode }) {
  const { write } = useStdout();
  const tone = useTone();
  const [problem, setProblem] = useState<string>();
  // One shell at a time: `!!` typed fast opens one.
  const busy = useRef(false);
  const { openShell, handOff } = props;
  const open = useCallback(
    (taskId: string) => {
      if (busy.current) return;
      busy.current = true;
      setProblem(undefined);
      const redrawn: TerminalHandOff = (run) => {
        try {
          return handOff(run);
        } finally {
          write(CLEAR_SCREEN);
        }
      };
      openShell(taskId, redrawn).then(
        () => (busy.current = false),
        (error: unknown) => {
          busy.current = false;
          setProblem(`could not open a shell: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    },
    [openShell, handOff, write],
  );
  useInput(() => setProblem(undefined), { isActive: problem !== undefined });
  return (
    <ShellContext.Provider value={open}>
      {props.children}
      {problem !== undefined ? (
        <Text color={tone('bad')} wrap="truncate-end">
          {inertLine(problem)}
        </Text>
      ) : null}
    </ShellContext.Provider>
  );
}

/**
 * `!` opens a shell in task `taskId`'s terminal while `isActive` (the screen's normal mode: not a
 * question, a prompt being typed or the key list). Returns whether the key works here, i.e.
 * whether the screen was shown with a way to open shells.
 */
export function useShellKey(taskId: string | undefined, isActive = true): boolean {
  const open = useContext(ShellContext);
  // Read when the key comes, not when ink subscribed: a key right after a question opened must
  // see the question (the subscription follows the render only once effects have run).
  const now = useRef({ taskId, isActive });
  now.current = { taskId, isActive };
  useInput(
    (input) => {
      if (input === '!' && now.current.isActive && now.current.taskId !== undefined) open?.(now.current.taskId);
    },
    { isActive: isActive && open !== undefined && taskId !== undefined },
  );
  return open !== undefined;
}
