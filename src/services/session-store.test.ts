import { describe, expect, it, vi } from 'vitest';
import { createViewStore } from './session-store.js';

describe('createViewStore', () => {
  it('Given a store, When nothing is set, Then the snapshot is the same object every time (useSyncExternalStore needs that)', () => {
    const initial = { n: 1 };
    const store = createViewStore(initial);
    expect(store.getSnapshot()).toBe(initial);
    expect(store.getSnapshot()).toBe(store.getSnapshot());
  });

  it('Given two subscribers, When a view is set, Then both are told and see the new snapshot', () => {
    const store = createViewStore({ n: 1 });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().n));
    store.subscribe(() => seen.push(store.getSnapshot().n * 10));
    store.set({ n: 2 });
    expect(seen).toEqual([2, 20]);
  });

  it('Given an unsubscribed listener, When a view is set, Then it is not called', () => {
    const store = createViewStore(0);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.set(1);
    expect(listener).not.toHaveBeenCalled();
    expect(store.getSnapshot()).toBe(1);
  });
});
