import { describe, expect, it } from 'vitest';
import { formatLocalTime, timeZoneFromEnv } from '../text/local-time.js';
import { formatClock, formatDuration, formatPercent, truncate } from './format.js';

// 2026-12-01T13:05:00Z is a Tuesday.
const AT = Date.UTC(2026, 11, 1, 13, 5);

describe('local time', () => {
  it('Given a moment and a zone, When formatted, Then it reads as local wall-clock time, weekday first, 24-hour', () => {
    expect(formatLocalTime(AT, { timeZone: 'Europe/Paris', now: AT })).toBe('Tue 1 Dec 14:05');
    expect(formatLocalTime(AT, { timeZone: 'America/New_York', now: AT })).toBe('Tue 1 Dec 08:05');
    expect(formatLocalTime(AT, { timeZone: 'Asia/Tokyo', now: AT })).toBe('Tue 1 Dec 22:05');
    expect(formatLocalTime(new Date(AT).toISOString(), { timeZone: 'UTC', now: AT })).toBe('Tue 1 Dec 13:05');
  });

  it('Given a date in another year than now, When formatted, Then the year is shown', () => {
    expect(formatLocalTime(Date.UTC(2025, 10, 30, 9), { timeZone: 'UTC', now: AT })).toBe('Sun 30 Nov 2025 09:00');
    expect(formatLocalTime(AT, { timeZone: 'UTC' })).toBe('Tue 1 Dec 2026 13:05');
  });

  it('Given showZone, When formatted, Then the short zone name follows', () => {
    expect(formatLocalTime(AT, { timeZone: 'UTC', now: AT, showZone: true })).toBe('Tue 1 Dec 13:05 UTC');
  });

  it('Given an unknown zone or an unreadable time, When formatted, Then the process zone is used or the input comes back', () => {
    expect(formatLocalTime(AT, { timeZone: 'Mars/Olympus', now: AT })).toMatch(/^\w{3} \d{1,2} \w{3}( \d{4})? \d{2}:\d{2}$/);
    expect(formatLocalTime('not a date')).toBe('not a date');
  });

  it('Given TZ in the environment, When read, Then a known zone is used (POSIX ":" prefix too) and anything else means the process zone', () => {
    expect(timeZoneFromEnv({ TZ: 'Europe/Paris' })).toBe('Europe/Paris');
    expect(timeZoneFromEnv({ TZ: ':Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(timeZoneFromEnv({ TZ: 'Nowhere/Else' })).toBeUndefined();
    expect(timeZoneFromEnv({})).toBeUndefined();
    expect(formatLocalTime(AT, { timeZone: timeZoneFromEnv({ TZ: 'Asia/Tokyo' }), now: AT })).toBe('Tue 1 Dec 22:05');
  });
});

describe('durations, percents, truncation', () => {
  it('Given milliseconds, When shown as a clock or in words, Then minutes are never mistaken for hours', () => {
    expect(formatClock(62_000)).toBe('1:02');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(62_000)).toBe('1 min 02 s');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
  });

  it('Given percents and wide text, When formatted, Then one decimal at most and truncation counts columns', () => {
    expect(formatPercent(42.857)).toBe('42.9%');
    expect(truncate('⏳ 日本語のタイトル', 8)).toBe('⏳ 日本…');
  });
});
