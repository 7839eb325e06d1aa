// The exam screen's keys as a pure function of the mode it is in, so key flows are tested without
// a terminal. A run of text ("12⏎", a pasted note) is read in order, character by character.
import type { Key } from 'ink';
import { NOTES_MAX } from '../../services/exam-state.js';

/** What the bottom of the exam screen is doing: the help bar, a question, or a prompt being typed. */
export type ExamMode =
  | { kind: 'normal' }
  | { kind: 'keys' }
  | { kind: 'confirm'; action: 'submit' | 'leave' }
  | { kind: 'jump'; digits: string; error?: string }
  | { kind: 'notes'; draft: string };

/** What a key asks of the exam. */
export type ExamCommand =
  | { kind: 'next' | 'previous' | 'flag' | 'answered' | 'check' | 'submit' | 'leave' }
  | { kind: 'go'; index: number }
  | { kind: 'scroll'; by: 'line-up' | 'line-down' | 'page-up' | 'page-down' }
  | { kind: 'notes'; text: string };

export interface KeyResult {
  mode: ExamMode;
  commands: ExamCommand[];
}

/** What the keys need to know of the exam: how many tasks, and the current task's notes. */
export interface KeyContext {
  tasks: number;
  notes: string;
}

const NORMAL: ExamMode = { kind: 'normal' };
const isEnter = (char: string): boolean => char === '\r' || char === '\n';
/** Printable: no C0 control, no DEL (an escape sequence never reaches a typed prompt as text). */
const printable = (char: string): boolean => char >= ' ' && char !== '\u007f';

/** The next mode and the commands for one key press (or one chunk of typed text). */
export function examKey(mode: ExamMode, input: string, key: Key, ctx: KeyContext): KeyResult {
  switch (mode.kind) {
    case 'keys':
      return { mode: NORMAL, commands: [] };
    case 'confirm':
      // y/N: only y goes on; any other key is a no.
      return { mode: NORMAL, commands: input === 'y' || input === 'Y' ? [{ kind: mode.action }] : [] };
    case 'jump':
      return jumpKey(mode, input, key, ctx);
    case 'notes':
      return notesKey(mode, input, key);
    case 'normal':
      return normalKey(input, key, ctx);
  }
}

function normalKey(input: string, key: Key, ctx: KeyContext): KeyResult {
  const one = (command: ExamCommand): KeyResult => ({ mode: NORMAL, commands: [command] });
  if (/^[0-9]/.test(input)) return jumpKey({ kind: 'jump', digits: '' }, input, key, ctx);
  if (input === 'n' || key.rightArrow) return one({ kind: 'next' });
  if (input === 'p' || key.leftArrow) return one({ kind: 'previous' });
  if (key.upArrow) return one({ kind: 'scroll', by: 'line-up' });
  if (key.downArrow) return one({ kind: 'scroll', by: 'line-down' });
  if (key.pageUp) return one({ kind: 'scroll', by: 'page-up' });
  if (key.pageDown || input === ' ') return one({ kind: 'scroll', by: 'page-down' });
  if (input === 'f') return one({ kind: 'flag' });
  if (input === 'd') return one({ kind: 'answered' });
  if (input === 'c') return one({ kind: 'check' });
  if (input === 'g') return { mode: { kind: 'jump', digits: '' }, commands: [] };
  if (input === 'm') return { mode: { kind: 'notes', draft: ctx.notes }, commands: [] };
  if (input === 's') return { mode: { kind: 'confirm', action: 'submit' }, commands: [] };
  if (input === 'q' || key.escape) return { mode: { kind: 'confirm', action: 'leave' }, commands: [] };
  if (input === '?') return { mode: { kind: 'keys' }, commands: [] };
  return { mode: NORMAL, commands: [] };
}

/** Task number prompt: digits, ⏎ goes, Backspace erases, Esc cancels; another key cancels and acts as usual. */
function jumpKey(mode: Extract<ExamMode, { kind: 'jump' }>, input: string, key: Key, ctx: KeyContext): KeyResult {
  if (key.escape) return { mode: NORMAL, commands: [] };
  if (key.backspace || key.delete) return { mode: { kind: 'jump', digits: mode.digits.slice(0, -1) }, commands: [] };
  if (key.return) return go(mode.digits, ctx);
  if (input === '' || !/^[0-9]+[\r\n]?$/.test(input)) return normalKey(input, key, ctx);
  const digits = (mode.digits + input.replace(/[\r\n]/g, '')).slice(0, 4);
  return isEnter(input.at(-1) ?? '') ? go(digits, ctx) : { mode: { kind: 'jump', digits }, commands: [] };
}

function go(digits: string, ctx: KeyContext): KeyResult {
  const number = Number(digits);
  if (digits === '') return { mode: NORMAL, commands: [] };
  if (!Number.isInteger(number) || number < 1 || number > ctx.tasks) {
    return { mode: { kind: 'jump', digits: '', error: `no task ${digits} (1–${ctx.tasks})` }, commands: [] };
  }
  return { mode: NORMAL, commands: [{ kind: 'go', index: number - 1 }] };
}

/** Notes pad: typed text is added, Backspace erases, Ctrl-U clears, ⏎ saves, Esc cancels. */
function notesKey(mode: Extract<ExamMode, { kind: 'notes' }>, input: string, key: Key): KeyResult {
  if (key.escape) return { mode: NORMAL, commands: [] };
  if (key.return) return { mode: NORMAL, commands: [{ kind: 'notes', text: mode.draft }] };
  if (key.backspace || key.delete) return { mode: { kind: 'notes', draft: [...mode.draft].slice(0, -1).join('') }, commands: [] };
  if (key.ctrl && input === 'u') return { mode: { kind: 'notes', draft: '' }, commands: [] };
  if (key.ctrl || key.meta) return { mode, commands: [] };
  let draft = mode.draft;
  for (const char of input) {
    // Text pasted with its newline: what came before it is saved, as if ⏎ was pressed there.
    if (isEnter(char)) return { mode: NORMAL, commands: [{ kind: 'notes', text: draft }] };
    if (printable(char) && draft.length < NOTES_MAX) draft += char;
  }
  return { mode: { kind: 'notes', draft }, commands: [] };
}
