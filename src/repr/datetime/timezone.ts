// Time zones: resolving a zone name (session TimeZone setting, or a zone written inside a
// timestamp literal), the UTC offset of a zone at an instant, and the instant of a local wall
// time (with PostgreSQL's rule for skipped and repeated times at DST transitions).
// IANA zones use the runtime's tz data through Intl.DateTimeFormat (formatters are cached).
// Offsets are in seconds EAST of Greenwich (PostgreSQL stores them negated; we do not).
import { daysFromCivil, floorDiv, SECS_PER_DAY } from './calendar.js';

export type TimeZone =
  | { readonly kind: 'fixed'; readonly name: string; readonly offset: number }
  | { readonly kind: 'iana'; readonly name: string };

export const UTC: TimeZone = { kind: 'fixed', name: 'UTC', offset: 0 };

/** PostgreSQL's default timezone abbreviations (seconds east), for input. */
const ABBREVIATIONS: ReadonlyMap<string, number> = new Map<string, number>([
  ['acdt', 37800],
  ['acst', 34200],
  ['adt', -10800],
  ['aedt', 39600],
  ['aest', 36000],
  ['akdt', -28800],
  ['akst', -32400],
  ['ast', -14400],
  ['awst', 28800],
  ['bst', 3600],
  ['cat', 7200],
  ['cdt', -18000],
  ['cest', 7200],
  ['cet', 3600],
  ['cst', -21600],
  ['eat', 10800],
  ['edt', -14400],
  ['eest', 10800],
  ['eet', 7200],
  ['est', -18000],
  ['gmt', 0],
  ['hkt', 28800],
  ['hst', -36000],
  ['idt', 10800],
  ['ist', 7200],
  ['jst', 32400],
  ['kst', 32400],
  ['mdt', -21600],
  ['mest', 7200],
  ['met', 3600],
  ['msk', 10800],
  ['mst', -25200],
  ['nzdt', 46800],
  ['nzst', 43200],
  ['pdt', -25200],
  ['pst', -28800],
  ['sast', 7200],
  ['sgt', 28800],
  ['ut', 0],
  ['utc', 0],
  ['wat', 3600],
  ['west', 3600],
  ['wet', 0],
  ['z', 0],
  ['zulu', 0],
]);

/** The offset (seconds east) of a timezone abbreviation such as 'pst' or 'cest'. */
export function timeZoneAbbrevOffset(abbrev: string): number | undefined {
  return ABBREVIATIONS.get(abbrev.toLowerCase());
}

const ianaCache = new Map<string, string | null>();

/** The canonical spelling of an IANA zone name (case-insensitive), or undefined. */
export function ianaZoneName(name: string): string | undefined {
  const key = name.toLowerCase();
  let canon = ianaCache.get(key);
  if (canon === undefined) {
    try {
      canon = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      canon = null;
    }
    ianaCache.set(key, canon);
  }
  return canon ?? undefined;
}

/**
 * Resolves a session TimeZone setting: 'UTC', an IANA name ('Europe/Paris'), a POSIX-style
 * fixed offset ('+05:30', 'UTC+3', '<+05>-05' — POSIX signs are WEST-positive), or an
 * abbreviation. Undefined if unknown.
 */
export function resolveTimeZone(setting: string): TimeZone | undefined {
  const s = setting.trim();
  const lower = s.toLowerCase();
  if (
    lower === 'utc' ||
    lower === 'gmt' ||
    lower === 'z' ||
    lower === 'zulu' ||
    lower === 'etc/utc'
  )
    return { kind: 'fixed', name: s, offset: 0 };
  const posix = /^(?:<[^>]*>|[a-z]{3,})?([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?$/i.exec(s);
  if (posix !== null) {
    const secs = Number(posix[2]) * 3600 + Number(posix[3] ?? 0) * 60 + Number(posix[4] ?? 0);
    if (secs > 15 * 3600) return undefined;
    return { kind: 'fixed', name: s, offset: posix[1] === '-' ? secs : -secs };
  }
  const iana = ianaZoneName(s);
  if (iana !== undefined) return { kind: 'iana', name: iana };
  const abbrev = timeZoneAbbrevOffset(s);
  if (abbrev !== undefined) return { kind: 'fixed', name: s, offset: abbrev };
  return undefined;
}

const zoneCache = new Map<string, TimeZone | null>();

/** resolveTimeZone, cached (the session zone is resolved for every timestamptz printed). */
export function cachedTimeZone(setting: string): TimeZone | undefined {
  let z = zoneCache.get(setting);
  if (z === undefined) {
    z = resolveTimeZone(setting) ?? null;
    if (zoneCache.size > 1000) zoneCache.clear();
    zoneCache.set(setting, z);
  }
  return z ?? undefined;
}

const namedCache = new Map<string, TimeZone | null>();

/**
 * Resolves a zone named in AT TIME ZONE, timezone() or date_trunc(..., zone). Like PostgreSQL,
 * the abbreviation table comes first ('EST', 'CET' are fixed offsets there even though IANA
 * zones of those names exist), then zone names and POSIX offsets. Cached; undefined if unknown.
 */
export function zoneNamed(name: string): TimeZone | undefined {
  let z = namedCache.get(name);
  if (z === undefined) {
    const s = name.trim();
    const abbrev = timeZoneAbbrevOffset(s);
    z =
      (abbrev !== undefined ? { kind: 'fixed', name: s, offset: abbrev } : resolveTimeZone(s)) ??
      null;
    if (namedCache.size > 1000) namedCache.clear();
    namedCache.set(name, z);
  }
  return z ?? undefined;
}

/** The session TimeZone setting as a zone; an unknown setting falls back to UTC. */
export function sessionTimeZone(setting: string): TimeZone {
  return cachedTimeZone(setting) ?? UTC;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

// Intl's calendar is Julian before 1582 and Date stops at ±8.64e15 ms: clamp to a window where
// both are sound. Before 1850 every zone is on its earliest (LMT) offset; after the window the
// Gregorian calendar and POSIX DST rules repeat every 400 years.
const MIN_MS = Date.UTC(1850, 0, 1);
const MAX_MS = Date.UTC(2400, 0, 1);
const CYCLE_MS = 146_097 * 86_400_000;

function ianaOffsetAtMs(zone: string, ms: number): number {
  let t = Math.floor(ms / 1000) * 1000;
  if (t < MIN_MS) t = MIN_MS;
  if (t >= MAX_MS) t -= Math.ceil((t - MAX_MS + 1) / CYCLE_MS) * CYCLE_MS;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of formatterFor(zone).formatToParts(t)) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      default:
        break;
    }
  }
  const local = daysFromCivil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60 + second;
  return local - t / 1000;
}

// Offsets cached per zone and hour, when the offset is the same at both ends of the hour.
const offsetCache = new Map<string, number>();

function ianaOffsetAt(zone: string, seconds: number): number {
  const hour = Math.floor(seconds / 3600);
  const key = `${zone}\u0000${hour}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const a = ianaOffsetAtMs(zone, hour * 3_600_000);
  const b = ianaOffsetAtMs(zone, hour * 3_600_000 + 3_599_000);
  if (a === b) {
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, a);
    return a;
  }
  return ianaOffsetAtMs(zone, seconds * 1000);
}

/** The UTC offset (seconds east) of a zone at an instant (µs since 1970 UTC). */
export function utcOffsetAt(tz: TimeZone, utcMicros: bigint): number {
  if (tz.kind === 'fixed') return tz.offset;
  return ianaOffsetAt(tz.name, Number(floorDiv(utcMicros, 1_000_000n)));
}

/**
 * The UTC offset (seconds east) that applies to a local wall time (µs since 1970 as if UTC).
 * A time skipped by a spring-forward transition takes the offset before the transition; a time
 * repeated by a fall-back transition takes the offset after it (PostgreSQL's rule).
 */
export function utcOffsetForLocal(tz: TimeZone, localMicros: bigint): number {
  if (tz.kind === 'fixed') return tz.offset;
  const local = Number(floorDiv(localMicros, 1_000_000n));
  const before = ianaOffsetAt(tz.name, local - SECS_PER_DAY);
  const after = ianaOffsetAt(tz.name, local + SECS_PER_DAY);
  if (before === after) {
    // No transition nearby, or two: check the direct guess.
    const guess = ianaOffsetAt(tz.name, local - before);
    if (guess === before) return before;
    return ianaOffsetAt(tz.name, local - guess) === guess ? guess : before;
  }
  const beforeOk = ianaOffsetAt(tz.name, local - before) === before;
  const afterOk = ianaOffsetAt(tz.name, local - after) === after;
  if (beforeOk && !afterOk) return before;
  if (afterOk && !beforeOk) return after;
  // Skipped or repeated: the later of the two instants.
  return local - before > local - after ? before : after;
}

/** The instant (µs since 1970 UTC) of a local wall time in a zone. */
export function localToUtc(tz: TimeZone, localMicros: bigint): bigint {
  return localMicros - BigInt(utcOffsetForLocal(tz, localMicros)) * 1_000_000n;
}

/** The local wall time (µs since 1970 as if UTC) of an instant in a zone. */
export function utcToLocal(tz: TimeZone, utcMicros: bigint): bigint {
  return utcMicros + BigInt(utcOffsetAt(tz, utcMicros)) * 1_000_000n;
}
