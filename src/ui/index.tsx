// The only entry services and commands use to reach the screen (the README, How the code is laid out): plain functions
// that render a screen and resolve when the learner is done with it.
import { render, useInput, useStdout, type Instance } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';
import type { TemplateVars } from '../models/index.js';
import type { DrillSession } from '../services/drill-session.js';
import type { ExamSession } from '../services/exam-session.js';
import { DrillScreen } from './drill/drill-screen.js';
import { ExamScreen } from './exam/exam-screen.js';
import { HomeScreen } from './home/home-screen.js';
import type { HomeChoice } from './home/home-types.js';
import { CLEAR_SCREEN, enterAlternateScreen, type TerminalOut } from './alternate-screen.js';
import { ShellKeys, terminalHandOff, type OpenShell } from './shell-key.js';
import { colorFromEnv, ThemeContext } from './theme.js';
import { splitKeypresses } from './use-keys.js';

export type { HomeChoice, HomeData, HomeExam, TaskSummary } from './home/home-types.js';

/** The terminal a screen draws on. */
export interface ScreenIO {
  stdout: NodeJS.WriteStream | (NodeJS.WritableStream & { columns?: number; rows?: number });
  stdin: NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C/SIGTERM: the screen unmounts (raw mode off) and resolves its fallback. */
  signal?: AbortSignal;
  /**
   * Raw mode turns Ctrl-C into a key press, not a signal: the screen hands it here so it ends the
   * command as SIGINT does (exit 130, state saved). Without it, Ctrl-C just closes the screen.
   */
  interrupt?: () => void;
}

/** Passes Ctrl-C on as an interrupt (renders nothing). */
function CtrlC(props: { readonly onInterrupt: () => void }) {
  useInput((input, key) => {
    // Read key by key as the screens read them: typed fast after other keys (or pasted), ink
    // hands the run over whole, with Ctrl-C somewhere inside it.
    if (splitKeypresses(input, key).some((k) => k.key.ctrl && k.input === 'c')) props.onInterrupt();
  });
  return null;
}

/** Follows the terminal's size, so every screen fits after a resize (80×24 at least). */
function Sized(props: { readonly children: (columns: number, rows: number) => ReactElement }) {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return props.children(size.columns, size.rows);
}

/**
 * How long a resize must settle before the clean redraw: longer than ink's frame throttle
 * (30 fps), so the frame drawn again is the one at the new size, and once per drag of the window.
 */
const RESIZE_SETTLE_MS = 100;

/** Blanks the screen after a resize and has ink draw the current frame again (renders nothing). */
function ClearOnResize() {
  const { stdout, write } = useStdout();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onResize = () => {
      clearTimeout(timer);
      // ink erases its last frame by counting rows, but the terminal has already re-wrapped
      // them at the new width, so pieces of old frames stay (three headers after 100→60→140).
      // ink's write() erases, writes our text, then draws the current frame again in full: on
      // a blank page, from the top.
      timer = setTimeout(() => write(CLEAR_SCREEN), RESIZE_SETTLE_MS);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(timer);
      stdout.off('resize', onResize);
    };
  }, [stdout, write]);
  return null;
}

/**
 * Renders `tree` until `settle` is called (or Ctrl-C, or `io.signal` aborts); resolves with the
 * settled value or `fallback`. On a terminal the screen is drawn on the alternate screen buffer,
 * which is left however the screen ends (settled, aborted, an error thrown, the process exiting),
 * so the shell's scrollback holds no frames of ours.
 */
export async function show<T>(io: ScreenIO, fallback: T, tree: (settle: (value: T) => void) => ReactElement, options: { openShell?: OpenShell } = {}): Promise<T> {
  // Interrupted before the screen came up: nothing to show, and no page to flash.
  if (io.signal?.aborted) return fallback;
  let result = fallback;
  let instance: Instance | undefined;
  let settled = false;
  const settle = (value: T) => {
    result = value;
    settled = true;
    instance?.unmount();
  };
  const interrupt = io.interrupt;
  let screen = enterAlternateScreen(io.stdout as TerminalOut, process);
  // `!` in a screen: the shell gets the normal screen and a cooked terminal, the screen comes back after.
  const handOff = terminalHandOff(io.stdin as { isTTY?: boolean }, io.stdout as TerminalOut, () => screen.leave(), () => {
    screen = enterAlternateScreen(io.stdout as TerminalOut, process);
  });
  // A signal must give the terminal back at once (raw mode off, normal screen) and let the
  // command save and exit (src/system/signals.ts): the CLI's grace period may end the process
  // before waitUntilExit's callbacks run.
  const onAbort = () => {
    instance?.unmount();
    screen.leave();
  };
  try {
    instance = render(
      <ThemeContext.Provider value={{ color: colorFromEnv(io.env) }}>
        {options.openShell ? <ShellKeys openShell={options.openShell} handOff={handOff}>{tree(settle)}</ShellKeys> : tree(settle)}
        {interrupt ? <CtrlC onInterrupt={interrupt} /> : null}
        {(io.stdout as TerminalOut).isTTY ? <ClearOnResize /> : null}
      </ThemeContext.Provider>,
      {
        stdout: io.stdout as NodeJS.WriteStream,
        stdin: io.stdin as NodeJS.ReadStream,
        stderr: io.stderr as NodeJS.WriteStream,
        exitOnCtrlC: interrupt === undefined,
        patchConsole: false,
      },
    );
    // Settled during the first render (an effect), before `instance` was known.
    if (settled) instance.unmount();
    io.signal?.addEventListener('abort', onAbort, { once: true });
    await instance.waitUntilExit();
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    screen.leave();
  }
  return result;
}

/** A drill over the session's tasks; resolves when the learner quits. */
export async function renderDrill(opts: { io: ScreenIO; session: DrillSession; now: () => number; openShell?: OpenShell }): Promise<void> {
  await show<void>(
    opts.io,
    undefined,
    (settle) => <Sized>{(columns, rows) => <DrillScreen session={opts.session} now={opts.now} columns={columns} rows={rows} onQuit={() => settle()} />}</Sized>,
    opts.openShell ? { openShell: opts.openShell } : {},
  );
}

/**
 * The home screen with all its options (what went wrong with the last pick, the live check made
 * after the first frame); resolves with what the learner chose (`quit` on q or Ctrl-C).
 */
export function renderHome(opts: { io: ScreenIO } & Omit<import('./home/home-screen.js').HomeScreenProps, 'columns' | 'rows' | 'onChoice'>): Promise<HomeChoice> {
  const { io, ...props } = opts;
  return show<HomeChoice>(io, { kind: 'quit' }, (settle) => <Sized>{(columns, rows) => <HomeScreen {...props} columns={columns} rows={rows} onChoice={settle} />}</Sized>);
}

/**
 * A mock exam then its results; resolves `left` when the learner left mid-exam, else what they
 * chose on the results: done, or a drill over the tasks below full marks (`retry`).
 */
export function renderExam(opts: { io: ScreenIO; session: ExamSession; expand: <T>(value: T, vars: TemplateVars) => T; openShell?: OpenShell }): Promise<import('../services/exam-results.js').ExamOutcome> {
  return show<import('../services/exam-results.js').ExamOutcome>(
    opts.io,
    { kind: 'left' },
    (settle) => (
      <Sized>
        {(columns, rows) => (
          <ExamScreen session={opts.session} expand={opts.expand} columns={columns} rows={rows} onLeave={(kind) => settle({ kind })} onRetry={(taskIds) => settle({ kind: 'retry', taskIds })} />
        )}
      </Sized>
    ),
    opts.openShell ? { openShell: opts.openShell } : {},
  );
}

/**
 * A finished exam's results reopened from the history (services/exam-review.ts builds them);
 * resolves `done`, or `retry` with the tasks below full marks. `finishedAt` is shown in local time.
 */
export async function renderResults(opts: {
  io: ScreenIO;
  exam: string;
  finishedAt: number;
  /** Now, so a date of this year is shown without its year. */
  now: number;
  results: import('../services/exam-results.js').ExamResults;
  taskOf: (id: string) => import('../models/index.js').Task | undefined;
}): Promise<import('../services/exam-results.js').ResultsChoice> {
  // Loaded here: the results screen is not part of the first frame of any other screen.
  const [{ ResultsScreen }, { formatLocalTime, timeZoneFromEnv }] = await Promise.all([import('./exam/results-screen.js'), import('../text/local-time.js')]);
  const when = formatLocalTime(opts.finishedAt, { timeZone: timeZoneFromEnv(opts.io.env), now: opts.now });
  return show<import('../services/exam-results.js').ResultsChoice>(opts.io, { kind: 'done' }, (settle) => (
    <Sized>
      {(columns, rows) => (
        <ResultsScreen
          exam={opts.exam}
          results={opts.results}
          taskOf={opts.taskOf}
          when={when}
          columns={columns}
          rows={rows}
          onDone={() => settle({ kind: 'done' })}
          onRetry={(taskIds) => settle({ kind: 'retry', taskIds })}
        />
      )}
    </Sized>
  ));
}
