import { useEffect, useState } from 'react';

/** Re-renders every `intervalMs` and returns `now()` (an injected clock, so tests control time). */
export function useNow(now: () => number, intervalMs = 1000): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return value;
}
