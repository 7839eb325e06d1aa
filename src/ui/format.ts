import { truncateColumns } from '../text/columns.js';

/** `m:ss` under an hour, `h:mm:ss` above; negative times show as 0:00. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * A duration in words, for summaries where `1:02` could be read as hours: `45 s`, `1 min 02 s`,
 * `1 h 05 min` (seconds dropped above an hour).
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Cuts text to `width` terminal columns with an ellipsis (wide characters count 2). */
export const truncate = (text: string, width: number): string => truncateColumns(text, width);

/** A percent as the reports print it: one decimal at most. */
export const formatPercent = (percent: number): string => `${Math.round(percent * 10) / 10}%`;
