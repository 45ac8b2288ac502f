// Date/time arithmetic with PostgreSQL's rules: interval ± * /, timestamp(tz) ± interval (month
// steps clamp to the month's end, day steps keep the wall-clock time in the session zone across
// DST), timestamp differences (justified into days), age(), justify_*().
import {
  datetimeFieldOverflow,
  divisionByZero,
  invalidParameterValue,
} from '../../errors/index.js';
import {
  checkTimestamp,
  civilFromDays,
  dayTimeToTimestamp,
  daysFromCivil,
  daysInMonth,
  fieldsToTimestamp,
  isFiniteTimestamp,
  isLeapYear,
  localToUtc,
  splitTimestamp,
  timestampToFields,
  USECS_PER_DAY,
  utcToLocal,
  zoneNamed,
  type TimeZone,
} from '../../repr/datetime/index.js';
import { Interval, TS_NEG_INFINITY, TS_POS_INFINITY } from '../../repr/index.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function intervalOutOfRange(): Error {
  return datetimeFieldOverflow('interval out of range');
}

/** Builds an interval, raising `interval out of range` when a field overflows. */
export function mkInterval(months: number, days: number, micros: bigint): Interval {
  if (
    !(months >= INT32_MIN && months <= INT32_MAX) ||
    !(days >= INT32_MIN && days <= INT32_MAX) ||
    micros < INT64_MIN ||
    micros > INT64_MAX
  ) {
    throw intervalOutOfRange();
  }
  return new Interval(months, days, micros);
}

export function intervalAdd(a: Interval, b: Interval): Interval {
  return mkInterval(a.months + b.months, a.days + b.days, a.micros + b.micros);
}

export function intervalSub(a: Interval, b: Interval): Interval {
  return mkInterval(a.months - b.months, a.days - b.days, a.micros - b.micros);
}

export function intervalNeg(a: Interval): Interval {
  return mkInterval(-a.months, -a.days, -a.micros);
}

const tsRound = (x: number): number => Math.round(x * 1e6) / 1e6;
/** C's rint (round half to even). */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fitsInt32(x: number): boolean {
  return !Number.isNaN(x) && x >= INT32_MIN && x < INT32_MAX + 1;
}

/** interval * float8 (PostgreSQL's interval_mul, fractions cascading down). */
export function intervalMul(span: Interval, factor: number): Interval {
  const monthsD = span.months * factor;
  if (!fitsInt32(monthsD)) throw intervalOutOfRange();
  const months = Math.trunc(monthsD);
  const daysD = span.days * factor;
  if (!fitsInt32(daysD)) throw intervalOutOfRange();
  let days = Math.trunc(daysD);
  const monthRemDays = tsRound((span.months * factor - months) * 30);
  let secRem = tsRound(
    (span.days * factor - days + monthRemDays - Math.trunc(monthRemDays)) * 86400,
  );
  if (Math.abs(secRem) >= 86400) {
    days += Math.trunc(secRem / 86400);
    secRem -= Math.trunc(secRem / 86400) * 86400;
  }
  days += Math.trunc(monthRemDays);
  const t = rint(Number(span.micros) * factor + secRem * 1e6);
  if (Number.isNaN(t) || t < -9.223372036854776e18 || t >= 9.223372036854776e18) {
    throw intervalOutOfRange();
  }
  return mkInterval(months, days, BigInt(t));
}

/** interval / float8 (interval_div). */
export function intervalDiv(span: Interval, factor: number): Interval {
  if (factor === 0) throw divisionByZero();
  const months = Math.trunc(span.months / factor);
  let days = Math.trunc(span.days / factor);
  if (!fitsInt32(months) || !fitsInt32(days)) throw intervalOutOfRange();
  const monthRemDays = (span.months / factor - months) * 30;
  let secRem = tsRound(
    (span.days / factor - days + monthRemDays - Math.trunc(monthRemDays)) * 86400,
  );
  if (Math.abs(secRem) >= 86400) {
    days += Math.trunc(secRem / 86400);
    secRem -= Math.trunc(secRem / 86400) * 86400;
  }
  days += Math.trunc(monthRemDays);
  const t = rint(Number(span.micros) / factor + secRem * 1e6);
  if (Number.isNaN(t) || t < -9.223372036854776e18 || t >= 9.223372036854776e18) {
    throw intervalOutOfRange();
  }
  return mkInterval(months, days, BigInt(t));
}

export function justifyHours(s: Interval): Interval {
  let days = s.days + Number(s.micros / USECS_PER_DAY);
  let micros = s.micros % USECS_PER_DAY;
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return mkInterval(s.months, days, micros);
}

export function justifyDays(s: Interval): Interval {
  let months = s.months + Math.trunc(s.days / 30);
  let days = s.days % 30;
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return mkInterval(months, days, s.micros);
}

export function justifyInterval(s: Interval): Interval {
  let months = s.months + Math.trunc(s.days / 30);
  let days = s.days % 30;
  days += Number(s.micros / USECS_PER_DAY);
  let micros = s.micros % USECS_PER_DAY;
  months += Math.trunc(days / 30);
  days %= 30;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
    days += 30;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
    days -= 30;
    months++;
  }
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return mkInterval(months, days, micros);
}

/** Adds months to a wall-clock timestamp, clamping the day to the target month's length. */
function addMonthsLocal(local: bigint, months: number): bigint {
  const f = timestampToFields(local);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(f.day, daysInMonth(year, month));
  return checkTimestamp(fieldsToTimestamp({ ...f, year, month, day }));
}

/** timestamp + interval (no time zone). Infinite timestamps stay infinite. */
export function timestampPlusInterval(ts: bigint, span: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let t = ts;
  if (span.months !== 0) t = addMonthsLocal(t, span.months);
  if (span.days !== 0) t = checkTimestamp(t + BigInt(span.days) * USECS_PER_DAY);
  return checkTimestamp(t + span.micros);
}

/** timestamptz + interval: month and day steps happen on the wall clock of `zone`. */
export function timestamptzPlusInterval(ts: bigint, span: Interval, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let t = ts;
  if (span.months !== 0) {
    t = checkTimestamp(
      localToUtc(zone, addMonthsLocal(utcToLocal(zone, t), span.months)),
      'timestamp',
    );
  }
  if (span.days !== 0) {
    const local = utcToLocal(zone, t) + BigInt(span.days) * USECS_PER_DAY;
    t = checkTimestamp(localToUtc(zone, checkTimestamp(local)));
  }
  return checkTimestamp(t + span.micros);
}

export function timestampMinusInterval(ts: bigint, span: Interval): bigint {
  return timestampPlusInterval(ts, intervalNeg(span));
}

export function timestamptzMinusInterval(ts: bigint, span: Interval, zone: TimeZone): bigint {
  return timestamptzPlusInterval(ts, intervalNeg(span), zone);
}

/** timestamp - timestamp: the difference in µs, justified into days (as PostgreSQL does). */
export function timestampDiff(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw datetimeFieldOverflow('cannot subtract infinite timestamps');
  }
  return justifyHours(mkInterval(0, 0, a - b));
}

/** age(a, b): the symbolic difference in years, months and days (timestamp_age). */
export function ageOf(a: bigint, b: bigint, zone: TimeZone | null): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw datetimeFieldOverflow('cannot subtract infinite timestamps');
  }
  const t1 = timestampToFields(zone === null ? a : utcToLocal(zone, a));
  const t2 = timestampToFields(zone === null ? b : utcToLocal(zone, b));
  let fsec = t1.micro - t2.micro;
  let sec = t1.second - t2.second;
  let min = t1.minute - t2.minute;
  let hour = t1.hour - t2.hour;
  let mday = t1.day - t2.day;
  let mon = t1.month - t2.month;
  let year = t1.year - t2.year;
  const flip = a < b;
  if (flip) {
    fsec = -fsec;
    sec = -sec;
    min = -min;
    hour = -hour;
    mday = -mday;
    mon = -mon;
    year = -year;
  }
  while (fsec < 0) {
    fsec += 1_000_000;
    sec--;
  }
  while (sec < 0) {
    sec += 60;
    min--;
  }
  while (min < 0) {
    min += 60;
    hour--;
  }
  while (hour < 0) {
    hour += 24;
    mday--;
  }
  while (mday < 0) {
    const ref = flip ? t1 : t2;
    mday += [31, isLeapYear(ref.year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
      ref.month - 1
    ]!;
    mon--;
  }
  while (mon < 0) {
    mon += 12;
    year--;
  }
  if (flip) {
    fsec = -fsec;
    sec = -sec;
    min = -min;
    hour = -hour;
    mday = -mday;
    mon = -mon;
    year = -year;
  }
  const micros = BigInt(((hour * 60 + min) * 60 + sec) * 1_000_000 + fsec);
  return mkInterval(year * 12 + mon, mday, micros);
}

/** Date (days) as a timestamp at midnight. */
export function dateToTs(d: number): bigint {
  if (d === -Infinity) return TS_NEG_INFINITY;
  if (d === Infinity) return TS_POS_INFINITY;
  return dayTimeToTimestamp(d, 0);
}

/** Date as a timestamptz: midnight in the zone. */
export function dateToTstz(d: number, zone: TimeZone): bigint {
  if (!Number.isFinite(d)) return dateToTs(d);
  return checkTimestamp(localToUtc(zone, dayTimeToTimestamp(d, 0)), 'date');
}

/** The date part of a wall-clock timestamp. */
export function tsToDate(ts: bigint): number {
  if (ts === TS_NEG_INFINITY) return -Infinity;
  if (ts === TS_POS_INFINITY) return Infinity;
  return splitTimestamp(ts).days;
}

/** time ± interval wraps around midnight (only the µs part of the interval counts). */
export function timePlusInterval(t: number, span: Interval): number {
  const r = Number((BigInt(t) + span.micros) % USECS_PER_DAY);
  return r < 0 ? r + Number(USECS_PER_DAY) : r;
}

/** A zone named by a function argument (AT TIME ZONE, timezone(), date_trunc, make_timestamptz). */
export function zoneOf(name: string): TimeZone {
  const z = zoneNamed(name);
  if (z === undefined) throw invalidParameterValue(`time zone "${name}" not recognized`);
  return z;
}

/** Date plus whole days, with the date range check. */
export function datePlusDays(d: number, n: number): number {
  if (!Number.isFinite(d)) return d;
  const r = d + n;
  const { year } = civilFromDays(r);
  if (year < -4713 || r >= daysFromCivil(5874898, 1, 1) || r < daysFromCivil(-4713, 11, 24)) {
    throw datetimeFieldOverflow('date out of range');
  }
  return r;
}
