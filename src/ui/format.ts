import { truncateColumns } from './columns.js';

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

export interface LocalTimeOptions {
  /**
   * IANA zone (`Europe/Paris`). Default: the process's zone, which honours `TZ`; pass
   * `timeZoneFromEnv(io.env)` to follow the env a command was given.
   */
  readonly timeZone?: string;
  /** Now (ms), to leave out the year of dates in the current year. Without it the year is always shown. */
  readonly now?: number;
  /** Append the zone's short name (`CET`, `GMT+2`). */
  readonly showZone?: boolean;
}

// One formatter per zone and shape: building an Intl.DateTimeFormat costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string | undefined, showZone: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${showZone}`;
  let f = formatters.get(key);
  if (!f) {
    // en-GB gives day-month order and a 24-hour clock; the parts are reassembled below, so
    // punctuation that differs between ICU versions does not reach the screen.
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(showZone ? { timeZoneName: 'short' } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A moment in local time for people: `Tue 1 Dec 14:05`, with the year when it is not the
 * current one (`Mon 30 Nov 2025 09:00`). Accepts ms since the epoch, a Date or an ISO string; an
 * unreadable one is returned as given. An unknown `timeZone` falls back to the process's zone.
 */
export function formatLocalTime(time: number | Date | string, options: LocalTimeOptions = {}): string {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  let f: Intl.DateTimeFormat;
  try {
    f = formatter(options.timeZone, options.showZone ?? false);
  } catch {
    f = formatter(undefined, options.showZone ?? false);
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value])) as Partial<Record<Intl.DateTimeFormatPartTypes, string>>;
  const thisYear = options.now === undefined ? undefined : Object.fromEntries(f.formatToParts(new Date(options.now)).map((p) => [p.type, p.value])).year;
  const day = `${parts.weekday} ${parts.day} ${parts.month}${thisYear === parts.year ? '' : ` ${parts.year}`}`;
  return `${day} ${parts.hour}:${parts.minute}${parts.timeZoneName ? ` ${parts.timeZoneName}` : ''}`;
}

/**
 * The zone `TZ` names in `env`, when Intl knows it (`:Europe/Paris` as POSIX writes it is
 * accepted); undefined otherwise, which means the process's own zone.
 */
export function timeZoneFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const zone = env.TZ?.replace(/^:/, '');
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
