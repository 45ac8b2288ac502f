// Broken-down date/time fields ↔ Eddy's datums (timestamps as bigint µs since 1970, dates as days
// since 1970, times as µs since midnight), for I/O and for extract/date_trunc/age.
import { civilFromDays, daysFromCivil, floorDiv, floorMod, USECS_PER_DAY } from './calendar.js';

export interface TimeFields {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Microseconds within the second, 0..999999. */
  readonly micro: number;
}

export interface DateTimeFields extends TimeFields {
  /** Astronomical year (1 BC = 0). */
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Splits µs since midnight (0..86400000000) into fields. */
export function timeToFields(us: number): TimeFields {
  const micro = us % 1_000_000;
  const secs = (us - micro) / 1_000_000;
  const second = secs % 60;
  const mins = (secs - second) / 60;
  return { hour: Math.floor(mins / 60), minute: mins % 60, second, micro };
}

export function fieldsToTime(hour: number, minute: number, second: number, micro: number): number {
  return ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro;
}

/** Splits a (finite) timestamp into wall-clock fields. */
export function timestampToFields(ts: bigint): DateTimeFields {
  const days = Number(floorDiv(ts, USECS_PER_DAY));
  const tod = Number(floorMod(ts, USECS_PER_DAY));
  return { ...civilFromDays(days), ...timeToFields(tod) };
}

/** Joins wall-clock fields into a timestamp (no range check). */
export function fieldsToTimestamp(f: DateTimeFields): bigint {
  return (
    BigInt(daysFromCivil(f.year, f.month, f.day)) * USECS_PER_DAY +
    BigInt(fieldsToTime(f.hour, f.minute, f.second, f.micro))
  );
}

/** The day number and time of day of a timestamp. */
export function splitTimestamp(ts: bigint): { readonly days: number; readonly time: number } {
  return { days: Number(floorDiv(ts, USECS_PER_DAY)), time: Number(floorMod(ts, USECS_PER_DAY)) };
}

export function dateToTimestamp(days: number): bigint {
  return BigInt(days) * USECS_PER_DAY;
}

/** Joins a day number and a time of day (µs since midnight) into a timestamp. */
export function dayTimeToTimestamp(days: number, time: number | bigint): bigint {
  return BigInt(days) * USECS_PER_DAY + BigInt(time);
}
