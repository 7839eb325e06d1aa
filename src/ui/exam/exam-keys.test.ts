import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { NOTES_MAX } from '../../services/exam-state.js';
import { examKey, type ExamMode } from './exam-keys.js';
import { taskNumbers } from './exam-prompt.js';

const NO_KEY = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false } satisfies Key;
const ctx = { tasks: 15, notes: 'earlier' };
const press = (mode: ExamMode, input: string, key: Partial<Key> = {}) => examKey(mode, input, { ...NO_KEY, ...key }, ctx);
const normal: ExamMode = { kind: 'normal' };

describe('exam keys', () => {
  it('Given the task view, When a digit, g or m is pressed, Then the number prompt or the notes pad (with the saved notes) opens', () => {
    expect(press(normal, '1').mode).toEqual({ kind: 'jump', digits: '1' });
    expect(press(normal, 'g').mode).toEqual({ kind: 'jump', digits: '' });
    expect(press(normal, 'm').mode).toEqual({ kind: 'notes', draft: 'earlier' });
  });

  it('Given the number prompt, When ⏎, Backspace, Esc or another key comes, Then it goes, erases, cancels, or cancels and acts', () => {
    const jump: ExamMode = { kind: 'jump', digits: '12' };
    expect(press(jump, '', { return: true })).toEqual({ mode: normal, commands: [{ kind: 'go', index: 11 }] });
    expect(press(jump, '', { backspace: true }).mode).toEqual({ kind: 'jump', digits: '1' });
    expect(press(jump, '', { escape: true })).toEqual({ mode: normal, commands: [] });
    expect(press(jump, 'n')).toEqual({ mode: normal, commands: [{ kind: 'next' }] });
    expect(press({ kind: 'jump', digits: '0' }, '', { return: true }).mode).toEqual({ kind: 'jump', digits: '', error: 'no task 0 (1–15)' });
    expect(press(normal, '7\r')).toEqual({ mode: normal, commands: [{ kind: 'go', index: 6 }] });
  });

  it('Given the notes pad, When text, Backspace, Ctrl-U, a pasted line or Esc comes, Then the draft follows and only ⏎ saves', () => {
    const notes: ExamMode = { kind: 'notes', draft: 'ab' };
    expect(press(notes, 'q s').mode).toEqual({ kind: 'notes', draft: 'abq s' });
    expect(press(notes, '', { delete: true }).mode).toEqual({ kind: 'notes', draft: 'a' });
    expect(press(notes, 'u', { ctrl: true }).mode).toEqual({ kind: 'notes', draft: '' });
    expect(press(notes, 'cd\rignored')).toEqual({ mode: normal, commands: [{ kind: 'notes', text: 'abcd' }] });
    expect(press(notes, '', { escape: true })).toEqual({ mode: normal, commands: [] });
    expect(press(notes, '\u001b[31m').mode).toEqual({ kind: 'notes', draft: 'ab[31m' });
    expect(press({ kind: 'notes', draft: 'x'.repeat(NOTES_MAX) }, 'y').mode).toEqual({ kind: 'notes', draft: 'x'.repeat(NOTES_MAX) });
  });

  it('Given a yes/no question, When any key but y comes, Then the answer is no', () => {
    expect(press({ kind: 'confirm', action: 'submit' }, 'y').commands).toEqual([{ kind: 'submit' }]);
    expect(press({ kind: 'confirm', action: 'submit' }, '', { return: true })).toEqual({ mode: normal, commands: [] });
  });

  it('Given task numbers, When listed, Then runs of three or more fold', () => {
    expect(taskNumbers([2, 3, 4, 5, 9, 11, 12])).toBe('2–5, 9, 11, 12');
    expect(taskNumbers([])).toBe('');
  });
});
