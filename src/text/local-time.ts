// Moments shown to people, in their own time zone: history (CLI and home) and results.

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
