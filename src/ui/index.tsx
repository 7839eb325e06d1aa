// The only entry services and commands use to reach the screen (DESIGN.md §1): plain functions
// that render a screen and resolve when the learner is done with it.
import { render, useInput, useStdout } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';
import type { TemplateVars } from '../models/index.js';
import type { DrillSession } from '../services/drill-session.js';
import type { ExamSession } from '../services/exam-session.js';
import { DrillScreen } from './drill/drill-screen.js';
import { ExamScreen } from './exam/exam-screen.js';
import { HomeScreen } from './home/home-screen.js';
import type { HomeChoice, HomeData, HomeExam } from './home/home-types.js';
import { colorFromEnv, ThemeContext } from './theme.js';

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
    if (key.ctrl && input === 'c') props.onInterrupt();
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

/** Renders `tree` until `settle` is called (or Ctrl-C, or `io.signal` aborts); resolves with the settled value or `fallback`. */
async function show<T>(io: ScreenIO, fallback: T, tree: (settle: (value: T) => void) => ReactElement): Promise<T> {
  let result = fallback;
  const settle = (value: T) => {
    result = value;
    instance.unmount();
  };
  const interrupt = io.interrupt;
  const screen = (
    <ThemeContext.Provider value={{ color: colorFromEnv(io.env) }}>
      {tree(settle)}
      {interrupt ? <CtrlC onInterrupt={interrupt} /> : null}
    </ThemeContext.Provider>
  );
  const instance = render(screen, {
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: io.stdin as NodeJS.ReadStream,
    stderr: io.stderr as NodeJS.WriteStream,
    exitOnCtrlC: interrupt === undefined,
    patchConsole: false,
  });
  // A signal must give the terminal back and let the command save and exit (src/system/signals.ts).
  const onAbort = () => instance.unmount();
  if (io.signal?.aborted) onAbort();
  else io.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
  }
  return result;
}

/** The home screen; resolves with what the learner chose (`quit` on q or Ctrl-C). */
export function renderHome(opts: { io: ScreenIO; load: () => Promise<HomeData>; loadExams?: () => Promise<HomeExam[]>; environment: string }): Promise<HomeChoice> {
  return show<HomeChoice>(opts.io, { kind: 'quit' }, (settle) => (
    <Sized>
      {(columns, rows) => (
        <HomeScreen load={opts.load} {...(opts.loadExams ? { loadExams: opts.loadExams } : {})} environment={opts.environment} columns={columns} rows={rows} onChoice={settle} />
      )}
    </Sized>
  ));
}

/** A drill over the session's tasks; resolves when the learner quits. */
export async function renderDrill(opts: { io: ScreenIO; session: DrillSession; now: () => number }): Promise<void> {
  await show<void>(opts.io, undefined, (settle) => (
    <Sized>{(columns, rows) => <DrillScreen session={opts.session} now={opts.now} columns={columns} rows={rows} onQuit={() => settle()} />}</Sized>
  ));
}

/** A mock exam then its results; resolves `done` after the results, `left` when the learner left mid-exam. */
export function renderExam(opts: { io: ScreenIO; session: ExamSession; expand: <T>(value: T, vars: TemplateVars) => T }): Promise<'left' | 'done'> {
  return show<'left' | 'done'>(opts.io, 'left', (settle) => (
    <Sized>{(columns, rows) => <ExamScreen session={opts.session} expand={opts.expand} columns={columns} rows={rows} onLeave={settle} />}</Sized>
  ));
}
