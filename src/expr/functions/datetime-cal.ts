// Calendar arithmetic for the date/time functions: proleptic Gregorian days ↔ (year, month, day),
// timestamps (µs since 1970-01-01) ↔ broken-down fields, range checks with PostgreSQL's errors.
// Years are astronomical here (1 BC = year 0); callers convert for display and for BC input.
// (Private to src/expr/functions; src/repr/datetime may grow a shared equivalent.)
import { datetimeFieldOverflow } from '../../errors/index.js';
import { TS_NEG_INFINITY, TS_POS_INFINITY } from '../../repr/index.js';

export const USECS_PER_SEC = 1_000_000n;
export const USECS_PER_MINUTE = 60_000_000n;
export const USECS_PER_HOUR = 3_600_000_000n;
export const USECS_PER_DAY = 86_400_000_000n;
export const US_DAY = 86_400_000_000;

/** First valid timestamp: 4714-11-24 00:00 BC (Julian day 0), in µs since 1970. */
export const MIN_TIMESTAMP = BigInt(daysFromCivil(-4713, 11, 24)) * USECS_PER_DAY;
/** One past the last valid timestamp: 294277-01-01 00:00. */
export const END_TIMESTAMP = BigInt(daysFromCivil(294277, 1, 1)) * USECS_PER_DAY;
/** Date range: Julian day 0 .. 5874897-12-31. */
export const MIN_DATE = daysFromCivil(-4713, 11, 24);
export const END_DATE = daysFromCivil(5874898, 1, 1);

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical year). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilFromDays(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** A timestamp broken into fields (astronomical year; micro = µs within the second). */
export interface TsFields extends Ymd {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micro: number;
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Splits µs since epoch into (days since epoch, µs within the day). */
export function splitTs(ts: bigint): { days: number; time: number } {
  const days = floorDiv(ts, USECS_PER_DAY);
  return { days: Number(days), time: Number(ts - days * USECS_PER_DAY) };
}

export function tsFields(ts: bigint): TsFields {
  const { days, time } = splitTs(ts);
  const ymd = civilFromDays(days);
  const secs = Math.floor(time / 1_000_000);
  return {
    ...ymd,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    micro: time % 1_000_000,
  };
}

export function tsFromDaysTime(days: number, timeUs: number | bigint): bigint {
  return BigInt(days) * USECS_PER_DAY + BigInt(timeUs);
}

export function tsFromFields(f: TsFields): bigint {
  const time = ((f.hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.micro;
  return tsFromDaysTime(daysFromCivil(f.year, f.month, f.day), time);
}

export function isFiniteTs(ts: bigint): boolean {
  return ts !== TS_NEG_INFINITY && ts !== TS_POS_INFINITY;
}

/** Throws PostgreSQL's `timestamp out of range` (22008) unless ts is valid or infinite. */
export function checkTs(ts: bigint, what = 'timestamp'): bigint {
  if (!isFiniteTs(ts)) return ts;
  if (ts < MIN_TIMESTAMP || ts >= END_TIMESTAMP)
    throw datetimeFieldOverflow(`${what} out of range`);
  return ts;
}

export function checkDate(d: number): number {
  if (!Number.isFinite(d)) return d;
  if (d < MIN_DATE || d >= END_DATE) throw datetimeFieldOverflow('date out of range');
  return d;
}

/** ISO 8601 day of week: Monday = 1 .. Sunday = 7. */
export function isoDow(days: number): number {
  const dow = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  return dow === 0 ? 7 : dow;
}

/** Day of week, Sunday = 0. */
export function dow(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** ISO year and week number of a date. */
export function isoWeek(days: number): { isoYear: number; week: number } {
  const { year } = civilFromDays(days);
  // Thursday of this week decides the ISO year.
  const thursday = days - isoDow(days) + 4;
  const isoYear = civilFromDays(thursday).year;
  void year;
  const jan1 = daysFromCivil(isoYear, 1, 1);
  return { isoYear, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** First day (Monday) of ISO week 1 of an ISO year. */
export function isoYearStart(isoYear: number): number {
  const jan4 = daysFromCivil(isoYear, 1, 4);
  return jan4 - isoDow(jan4) + 1;
}
