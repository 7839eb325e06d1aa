import { useInput, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';

/** One key as a screen's handler receives it. */
export interface Keypress {
  readonly input: string;
  readonly key: Key;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One character of a run of text, as ink reports that character when it arrives alone. */
function charKeypress(char: string): Keypress {
  if (char === '\r') return { input: char, key: { ...NO_KEY, return: true } };
  if (char === '\t') return { input: char, key: { ...NO_KEY, tab: true } };
  if (char === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
  if (char === '\x7f') return { input: '', key: { ...NO_KEY, delete: true } };
  if (char >= '\x01' && char <= '\x1a') return { input: String.fromCharCode(char.charCodeAt(0) + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: char, key: { ...NO_KEY, shift: /^[A-Z]$/.test(char) } };
}

/**
 * The keypresses in what ink delivered as one input. ink (6.x) cuts a chunk of stdin at escape
 * sequences (`ESC[B ESC[B ⏎` is three inputs) but hands a run of plain characters over whole:
 * `jj⏎` typed fast, pasted or sent by ssh in one packet is a single input `"jj\r"` that matches
 * no key. Such a run is split into one keypress per character (code point), in order.
 */
export function splitKeypresses(input: string, key: Key): Keypress[] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return chars.map(charKeypress);
}

/**
 * ink's useInput, with every key handled in order against the state the previous key left.
 *
 * ink calls its handlers for all the keys of one chunk synchronously, before React renders, so a
 * handler closing over render-time state saw the same stale state for each (↓↓↓⏎ opened the
 * first menu entry, not the fourth). Here each key waits until the component has rendered the
 * updates of the key before it, then goes to the handler of that render (kept in a ref updated
 * during render). Screens keep plain closures over their state and get keys that arrive together
 * right.
 */
export function useKeys(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  latest.current = handler;
  const active = options.isActive !== false;
  const queue = useRef<Keypress[]>([]);
  // Each handled key bumps this counter in the same batch as the handler's own updates, so the
  // render that shows the bump carries them too, and a key that changed nothing still renders.
  // Waiting for "an effect" would not do: React runs an earlier commit's effects late, when the
  // next render starts, with that earlier handler.
  const [rendered, bump] = useReducer((n: number) => n + 1, 0);
  const bumped = useRef(0);
  const committed = useRef(0);

  const drain = useCallback(() => {
    if (committed.current < bumped.current) return; // the render's effect drains again
    const next = queue.current.shift();
    if (!next) return;
    bumped.current += 1;
    bump();
    latest.current(next.input, next.key);
  }, []);

  useEffect(() => {
    committed.current = rendered;
    // The screen stopped listening (a dialog took over, the exam is grading): the rest is not for it.
    if (!active) queue.current = [];
    // After the effect, not in it: React takes a chain of updates made in effects for a render loop.
    else if (queue.current.length > 0 && rendered >= bumped.current) queueMicrotask(drain);
  });
  // Keys still waiting when the screen closes (a pick settled it) are dropped with it.
  useEffect(() => () => void (queue.current = []), []);

  const onInput = useCallback(
    (input: string, key: Key) => {
      queue.current.push(...splitKeypresses(input, key));
      drain();
    },
    [drain],
  );
  useInput(onInput, options);
}
