import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

/**
 * ink's useInput with the handler of the latest render: the handler is kept in a ref updated
 * during render, so a key pressed right after a frame appears sees that frame's state (a
 * confirm that just opened, a list that just changed), not the state of an earlier render.
 */
export function useKeys(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  useInput(stable, options);
}
