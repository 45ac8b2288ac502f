// Proleptic Gregorian calendar math shared by date/time I/O and the date/time functions:
// days since 1970-01-01 ↔ (year, month, day), with astronomical years (1 BC = year 0,
// 2 BC = -1), and the range limits PostgreSQL enforces for date and timestamp.

export const USECS_PER_SEC = 1_000_000n;
export const USECS_PER_MINUTE = 60_000_000n;
export const USECS_PER_HOUR = 3_600_000_000n;
export const USECS_PER_DAY = 86_400_000_000n;
export const SECS_PER_DAY = 86_400;
/** Days from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch for binary formats). */
export const PG_EPOCH_DAYS = 10_957;
export const PG_EPOCH_USECS = BigInt(PG_EPOCH_DAYS) * USECS_PER_DAY;

export interface Ymd {
  /** Astronomical year: 1 BC is 0, 2 BC is -1. */
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any integer year). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): Ymd {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Day of week, 0 = Sunday. */
export function dayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Day of the year, 1..366. */
export function dayOfYear(days: number): number {
  const { year } = civilFromDays(days);
  return days - daysFromCivil(year, 1, 1) + 1;
}

/** ISO 8601 day of week: Monday = 1 .. Sunday = 7. */
export function isoDayOfWeek(days: number): number {
  return ((dayOfWeek(days) + 6) % 7) + 1;
}

/** ISO 8601 week-numbering year and week (weeks start Monday; week 1 holds Jan 4th). */
export function isoWeek(days: number): { readonly year: number; readonly week: number } {
  const thursday = days - isoDayOfWeek(days) + 4;
  const { year } = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return { year, week };
}

/** The first day (a Monday) of week 1 of an ISO 8601 week-numbering year. */
export function isoYearStart(isoYear: number): number {
  const jan4 = daysFromCivil(isoYear, 1, 4);
  return jan4 - isoDayOfWeek(jan4) + 1;
}

/** Julian day number of a day number (PostgreSQL's date2j). */
export function julianDay(days: number): number {
  return days + 2_440_588;
}

// Range limits (PostgreSQL's IS_VALID_JULIAN / IS_VALID_DATE / IS_VALID_TIMESTAMP).
/** 4714-11-24 BC, Julian day 0. */
export const MIN_DATE_DAYS = daysFromCivil(-4713, 11, 24);
/** 5874898-01-01, exclusive. */
export const END_DATE_DAYS = daysFromCivil(5_874_898, 1, 1);
/** 4714-11-24 BC 00:00 in microseconds since 1970. */
export const MIN_TIMESTAMP = BigInt(MIN_DATE_DAYS) * USECS_PER_DAY;
/** 294277-01-01 00:00, exclusive. */
export const END_TIMESTAMP = BigInt(daysFromCivil(294_277, 1, 1)) * USECS_PER_DAY;

/** PostgreSQL's IS_VALID_JULIAN on broken-down fields (before day validation). */
export function isValidJulian(year: number, month: number, day: number): boolean {
  if (year < -4713 || (year === -4713 && (month < 11 || (month === 11 && day < 24)))) return false;
  if (year > 5_874_898 || (year === 5_874_898 && month >= 6 && !(month === 6 && day < 3)))
    return false;
  return true;
}

export function isValidDate(days: number): boolean {
  return days >= MIN_DATE_DAYS && days < END_DATE_DAYS;
}

export function isValidTimestamp(us: bigint): boolean {
  return us >= MIN_TIMESTAMP && us < END_TIMESTAMP;
}

/** Floor division and modulo for bigint (JS bigint division truncates). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function floorMod(a: bigint, b: bigint): bigint {
  const m = a % b;
  return m !== 0n && m < 0n !== b < 0n ? m + b : m;
}
