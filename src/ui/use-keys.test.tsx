import { Text, type Key } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { settle, waitFor } from '../../test/ui/fixtures.js';
import { splitKeypresses, useKeys } from './use-keys.js';

afterEach(() => cleanup());

/** A list with a cursor and a confirm, written the way screens are: a closure over render state. */
function Picker(props: { readonly picked: string[]; readonly active?: boolean }) {
  const [index, setIndex] = useState(0);
  const [typed, setTyped] = useState('');
  const [asking, setAsking] = useState(false);
  useKeys(
    (input, key) => {
      if (asking) {
        if (input === 'y') props.picked.push(`item ${index}`);
        return setAsking(false);
      }
      if (key.downArrow || input === 'j') setIndex(index + 1);
      else if (key.return) props.picked.push(`item ${index}`);
      else if (input === 's') setAsking(true);
      else if (key.backspace || key.delete) setTyped(typed.slice(0, -1));
      else setTyped(typed + input);
    },
    { isActive: props.active !== false },
  );
  return <Text>{`at ${index} typed "${typed}"${asking ? ' asking' : ''}`}</Text>;
}

function mount(active?: boolean) {
  const picked: string[] = [];
  const ui = render(<Picker picked={picked} {...(active === undefined ? {} : { active })} />);
  return { ui, picked, frame: () => ui.lastFrame() ?? '' };
}

describe('useKeys', () => {
  it('Given ↓↓↓⏎ in one write (fast typing, ssh), When handled, Then Enter acts on the fourth item', async () => {
    const { ui, picked, frame } = mount();
    await settle();
    ui.stdin.write('\u001B[B\u001B[B\u001B[B\r');
    await waitFor(() => picked.length === 1, frame);
    expect(picked).toEqual(['item 3']);
  });

  it('Given a run of plain keys in one write (jj⏎), When handled, Then each is a key of its own, in order', async () => {
    const { ui, picked, frame } = mount();
    await settle();
    ui.stdin.write('jj\r');
    await waitFor(() => picked.length === 1, frame);
    expect(picked).toEqual(['item 2']);
  });

  it('Given a key that opens a question and its answer in one write, When handled, Then the answer reaches the question', async () => {
    const { ui, picked, frame } = mount();
    await settle();
    ui.stdin.write('jsy');
    await waitFor(() => picked.length === 1, frame);
    expect(picked).toEqual(['item 1']);
  });

  it('Given pasted text with a backspace, When handled, Then the text is typed as if key by key', async () => {
    const { ui, frame } = mount();
    await settle();
    ui.stdin.write('net polx\u007F');
    await waitFor(() => frame().includes('typed "net pol"'), frame);
  });

  it('Given a key after one that changed nothing, When handled, Then it still sees the current state', async () => {
    const { ui, picked, frame } = mount();
    await settle();
    ui.stdin.write('\u001B[C'); // → : nothing
    await settle();
    ui.stdin.write('\u001B[B');
    await waitFor(() => frame().includes('at 1'), frame);
    ui.stdin.write('\r');
    await waitFor(() => picked.length === 1, frame);
    expect(picked).toEqual(['item 1']);
  });

  it('Given an inactive screen, When keys arrive, Then none is handled', async () => {
    const { ui, picked, frame } = mount(false);
    await settle();
    ui.stdin.write('j\r');
    await settle(50);
    expect(picked).toEqual([]);
    expect(frame()).toContain('at 0');
  });
});

describe('splitKeypresses', () => {
  // A key with every flag off, as the split builds it for a plain character.
  const plain: Key = splitKeypresses('xy', { ctrl: false, meta: false } as Key)[0]!.key;
  const flags = (key: Key) => Object.entries(key).filter(([, on]) => on === true).map(([name]) => name);

  it('Given a run with Enter, Tab, Backspace, Delete and a Ctrl-letter, When split, Then each reads as ink reads it alone', () => {
    const keys = splitKeypresses('aB\r\t\b\u007F\u0001', plain);
    expect(keys.map((k) => k.input)).toEqual(['a', 'B', '\r', '\t', '', '', 'a']);
    expect(keys.map((k) => flags(k.key))).toEqual([[], ['shift'], ['return'], ['tab'], ['backspace'], ['delete'], ['ctrl']]);
  });

  it('Given a wide character or a meta key, When split, Then it stays one keypress', () => {
    expect(splitKeypresses('日', plain)).toHaveLength(1);
    expect(splitKeypresses('ab', { ...plain, meta: true })).toHaveLength(1);
  });
});
