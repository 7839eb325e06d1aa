/**
 * The one place a session keeps the snapshot its screen renders. Exam and drill sessions hold a
 * `ViewStore` and expose its `getSnapshot`/`subscribe`, the pair React's `useSyncExternalStore`
 * expects, so neither re-implements listeners and both keep the same contract.
 */

/** A snapshot holder that tells its subscribers when the snapshot is replaced. */
export interface ViewStore<V> {
  /** The current snapshot: the same object until `set` replaces it, as useSyncExternalStore requires. */
  getSnapshot: () => V;
  /** Calls `listener` after every `set`; returns the function that unsubscribes it. */
  subscribe: (listener: () => void) => () => void;
  /** Replaces the snapshot and notifies every subscriber (even when `view` is the same object). */
  set: (view: V) => void;
}

/**
 * A store holding `initial`. Its functions are plain closures, not methods, so a screen can pass
 * `store.subscribe` around without binding it.
 */
export function createViewStore<V>(initial: V): ViewStore<V> {
  let view = initial;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => view,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set: (next) => {
      view = next;
      for (const listener of listeners) listener();
    },
  };
}
