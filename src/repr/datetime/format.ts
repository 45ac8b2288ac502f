// Text output of date, time, timestamp and timestamptz values in PostgreSQL's ISO DateStyle
// ('2024-01-05', '13:45:00.5', '2024-01-05 13:45:00.123+05:30', '0044-03-15 BC'), UTC offsets
// and zone abbreviations.
import { TS_NEG_INFINITY, TS_POS_INFINITY } from '../datum.js';
import { civilFromDays, floorDiv } from './calendar.js';
import { timestampToFields, timeToFields } from './fields.js';
import { type TimeZone, timeZoneAbbrevOffset, utcOffsetAt } from './timezone.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function yearText(year: number): { readonly text: string; readonly bc: boolean } {
  const bc = year <= 0;
  const y = bc ? 1 - year : year;
  return { text: String(y).padStart(4, '0'), bc };
}

/** Seconds with the fraction trimmed of trailing zeros: '05', '05.5', '05.000001'. */
export function secondsText(second: number, micro: number): string {
  if (micro === 0) return pad2(second);
  return `${pad2(second)}.${String(micro).padStart(6, '0').replace(/0+$/, '')}`;
}

export function formatDate(days: number): string {
  if (days === Infinity) return 'infinity';
  if (days === -Infinity) return '-infinity';
  const { year, month, day } = civilFromDays(days);
  const y = yearText(year);
  return `${y.text}-${pad2(month)}-${pad2(day)}${y.bc ? ' BC' : ''}`;
}

export function formatTime(us: number): string {
  const t = timeToFields(us);
  return `${pad2(t.hour)}:${pad2(t.minute)}:${secondsText(t.second, t.micro)}`;
}

/** '+05:30', '-08', '+00:09:21' from seconds east ('-08:00' with `alwaysMinutes`). */
export function formatOffset(secondsEast: number, alwaysMinutes = false): string {
  const sign = secondsEast >= 0 ? '+' : '-';
  let s = Math.abs(secondsEast);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (s !== 0) return `${sign}${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (m !== 0 || alwaysMinutes) return `${sign}${pad2(h)}:${pad2(m)}`;
  return `${sign}${pad2(h)}`;
}

// Intl.DateTimeFormat is limited to ±8.64e15 ms.
const MAX_DATE_MS = 8.64e15;
const abbrevFormatters = new Map<string, Intl.DateTimeFormat>();

function shortZoneName(zone: string, locale: string, ms: number): string | undefined {
  const key = `${locale}\u0000${zone}`;
  let f = abbrevFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    abbrevFormatters.set(key, f);
  }
  return f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
}

/**
 * The abbreviation of a zone at an instant, as to_char's TZ prints it: 'EST', 'CEST', the
 * abbreviation a fixed zone was named by, or else the offset ('+05', '-03:30').
 */
export function zoneAbbrev(zone: TimeZone, utcMicros: bigint): string {
  if (zone.kind === 'fixed') {
    if (timeZoneAbbrevOffset(zone.name) !== undefined) return zone.name.toUpperCase();
    if (zone.name.toLowerCase() === 'etc/utc') return 'UTC';
    // A POSIX spec's own name: 'UTC+5' → UTC, '<+05>-05' → +05.
    const std = /^(?:<([^>]*)>|([a-z]{3,}))[+-]?\d/i.exec(zone.name.trim());
    if (std !== null) return std[1] ?? std[2]!.toUpperCase();
    return formatOffset(zone.offset);
  }
  if (zone.name === 'UTC' || zone.name === 'Etc/UTC') return 'UTC';
  const ms = Number(floorDiv(utcMicros, 1000n));
  if (Math.abs(ms) < MAX_DATE_MS) {
    for (const locale of ['en-US', 'en-GB']) {
      const short = shortZoneName(zone.name, locale, ms);
      if (short !== undefined && /^[A-Z]{3,5}$/.test(short)) return short;
    }
  }
  return formatOffset(utcOffsetAt(zone, utcMicros));
}

function wallClock(ts: bigint, offset: string): string {
  const f = timestampToFields(ts);
  const y = yearText(f.year);
  return (
    `${y.text}-${pad2(f.month)}-${pad2(f.day)} ${pad2(f.hour)}:${pad2(f.minute)}:` +
    `${secondsText(f.second, f.micro)}${offset}${y.bc ? ' BC' : ''}`
  );
}

export function formatTimestamp(ts: bigint): string {
  if (ts === TS_POS_INFINITY) return 'infinity';
  if (ts === TS_NEG_INFINITY) return '-infinity';
  return wallClock(ts, '');
}

export function formatTimestamptz(ts: bigint, zone: TimeZone): string {
  if (ts === TS_POS_INFINITY) return 'infinity';
  if (ts === TS_NEG_INFINITY) return '-infinity';
  const offset = utcOffsetAt(zone, ts);
  return wallClock(ts + BigInt(offset) * 1_000_000n, formatOffset(offset));
}
