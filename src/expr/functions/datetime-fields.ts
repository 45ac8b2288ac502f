// extract()/date_part() and date_trunc() over date, time, timestamp, timestamptz and interval,
// with PostgreSQL's unit names (and abbreviations), result scales, BC-year conventions, and its
// two errors: unknown units (22023 `not recognized`) and units a type lacks (0A000 `not supported`).
import { featureNotSupported, invalidParameterValue } from '../../errors/index.js';
import {
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  fieldsToTimestamp,
  isoDayOfWeek,
  isoWeek,
  localToUtc,
  splitTimestamp,
  timestampToFields,
  utcOffsetAt,
  utcToLocal,
  type DateTimeFields,
  type TimeZone,
} from '../../repr/datetime/index.js';
import { Interval, Numeric, TS_NEG_INFINITY, TS_POS_INFINITY } from '../../repr/index.js';
import { numericAdd, numericDiv } from '../numeric-math/index.js';

export type Unit =
  | 'microseconds'
  | 'milliseconds'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium'
  | 'timezone'
  | 'timezone_hour'
  | 'timezone_minute'
  | 'epoch'
  | 'dow'
  | 'isodow'
  | 'doy'
  | 'isoyear'
  | 'julian';

/** Units of PostgreSQL's interval-unit table (date_trunc knows only these). */
const DELTA_UNITS: Readonly<Record<string, Unit>> = {};
const SPECIAL_UNITS: Readonly<Record<string, Unit>> = {};
function def(table: Record<string, Unit>, unit: Unit, names: readonly string[]): void {
  for (const n of names) table[n] = unit;
}
def(DELTA_UNITS, 'microseconds', [
  'microsecond',
  'microseconds',
  'microsecon',
  'us',
  'usec',
  'usecs',
  'useconds',
]);
def(DELTA_UNITS, 'milliseconds', [
  'millisecond',
  'milliseconds',
  'millisecon',
  'ms',
  'msec',
  'msecs',
  'mseconds',
]);
def(DELTA_UNITS, 'second', ['second', 'seconds', 's', 'sec', 'secs']);
def(DELTA_UNITS, 'minute', ['minute', 'minutes', 'm', 'min', 'mins']);
def(DELTA_UNITS, 'hour', ['hour', 'hours', 'h', 'hr', 'hrs']);
def(DELTA_UNITS, 'day', ['day', 'days', 'd']);
def(DELTA_UNITS, 'week', ['week', 'weeks', 'w']);
def(DELTA_UNITS, 'month', ['month', 'months', 'mon', 'mons']);
def(DELTA_UNITS, 'quarter', ['quarter', 'qtr']);
def(DELTA_UNITS, 'year', ['year', 'years', 'y', 'yr', 'yrs']);
def(DELTA_UNITS, 'decade', ['decade', 'decades', 'dec', 'decs']);
def(DELTA_UNITS, 'century', ['century', 'centuries', 'c', 'cent']);
def(DELTA_UNITS, 'millennium', ['millennium', 'millennia', 'mil', 'mils']);
def(DELTA_UNITS, 'timezone', ['timezone']);
def(DELTA_UNITS, 'timezone_hour', ['timezone_h', 'timezone_hour']);
def(DELTA_UNITS, 'timezone_minute', ['timezone_m', 'timezone_minute']);
def(SPECIAL_UNITS, 'epoch', ['epoch']);
def(SPECIAL_UNITS, 'dow', ['dow']);
def(SPECIAL_UNITS, 'isodow', ['isodow']);
def(SPECIAL_UNITS, 'doy', ['doy']);
def(SPECIAL_UNITS, 'isoyear', ['isoyear']);
def(SPECIAL_UNITS, 'julian', ['julian', 'j']);

export type DtType = 'date' | 'time' | 'timestamp' | 'timestamptz' | 'interval';
const TYPE_NAMES: Readonly<Record<DtType, string>> = {
  date: 'date',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  interval: 'interval',
};

function notRecognized(unit: string, t: DtType): Error {
  return invalidParameterValue(`unit "${unit}" not recognized for type ${TYPE_NAMES[t]}`);
}
function notSupported(unit: string, t: DtType): Error {
  return featureNotSupported(`unit "${unit}" not supported for type ${TYPE_NAMES[t]}`);
}

function lookup(unit: string, t: DtType, truncOnly: boolean): Unit {
  const key = unit.toLowerCase();
  const u = DELTA_UNITS[key] ?? (truncOnly ? undefined : SPECIAL_UNITS[key]);
  if (u === undefined) throw notRecognized(key, t);
  return u;
}

const num = (v: number | bigint): Numeric => Numeric.fromBigInt(BigInt(v));
/** µs as milliseconds (scale 3) or seconds (scale 6), exactly. */
const fixed = (micros: bigint, scale: 3 | 6): Numeric => Numeric.of(micros, scale);

function yearField(y: number): number {
  return y > 0 ? y : y - 1;
}
function decadeOf(y: number): number {
  return y >= 0 ? Math.trunc(y / 10) : -Math.trunc((8 - (y - 1)) / 10);
}
function centuryOf(y: number): number {
  return y > 0 ? Math.trunc((y + 99) / 100) : -Math.trunc((99 - (y - 1)) / 100);
}
function millenniumOf(y: number): number {
  return y > 0 ? Math.trunc((y + 999) / 1000) : -Math.trunc((999 - (y - 1)) / 1000);
}

/** Date fields shared by date and timestamp extraction; null if `u` is not a date field. */
function dateField(
  u: Unit,
  days: number,
  f: { year: number; month: number; day: number },
): Numeric | null {
  switch (u) {
    case 'day':
      return num(f.day);
    case 'month':
      return num(f.month);
    case 'quarter':
      return num(Math.trunc((f.month - 1) / 3) + 1);
    case 'year':
      return num(yearField(f.year));
    case 'decade':
      return num(decadeOf(f.year));
    case 'century':
      return num(centuryOf(f.year));
    case 'millennium':
      return num(millenniumOf(f.year));
    case 'week':
      return num(isoWeek(days).week);
    case 'isoyear': {
      const y = isoWeek(days).year;
      return num(y <= 0 ? y - 1 : y);
    }
    case 'dow':
      return num(dayOfWeek(days));
    case 'isodow':
      return num(isoDayOfWeek(days));
    case 'doy':
      return num(days - daysFromCivil(f.year, 1, 1) + 1);
    default:
      return null;
  }
}

const JULIAN_EPOCH = 2440588; // Julian day number of 1970-01-01

function infiniteResult(u: Unit, sign: number, unit: string, t: DtType): Numeric | null {
  switch (u) {
    case 'epoch':
    case 'year':
    case 'decade':
    case 'century':
    case 'millennium':
    case 'julian':
    case 'isoyear':
      return sign > 0 ? Numeric.Infinity : Numeric.NegInfinity;
    case 'timezone':
    case 'timezone_hour':
    case 'timezone_minute':
      if (t !== 'timestamptz') throw notSupported(unit.toLowerCase(), t);
      return null;
    default:
      if (
        t === 'date' &&
        ['microseconds', 'milliseconds', 'second', 'minute', 'hour'].includes(u)
      ) {
        throw notSupported(unit.toLowerCase(), t);
      }
      return null;
  }
}

/** extract(unit FROM date): numeric (NULL for infinite dates and non-monotonic units). */
export function extractDate(unit: string, d: number): Numeric | null {
  const u = lookup(unit, 'date', false);
  if (!Number.isFinite(d)) return infiniteResult(u, d, unit, 'date');
  if (u === 'epoch') return num(BigInt(d) * 86400n);
  if (u === 'julian') return num(d + JULIAN_EPOCH);
  const r = dateField(u, d, civilFromDays(d));
  if (r === null) throw notSupported(unit.toLowerCase(), 'date');
  return r;
}

function timeFieldOf(
  u: Unit,
  f: { hour: number; minute: number; second: number; micro: number },
): Numeric | null {
  const secMicros = BigInt(f.second * 1_000_000 + f.micro);
  switch (u) {
    case 'microseconds':
      return num(secMicros);
    case 'milliseconds':
      return fixed(secMicros, 3);
    case 'second':
      return fixed(secMicros, 6);
    case 'minute':
      return num(f.minute);
    case 'hour':
      return num(f.hour);
    default:
      return null;
  }
}

/** extract(unit FROM timestamp | timestamptz); `zone` is the session zone for timestamptz. */
export function extractTimestamp(unit: string, ts: bigint, zone: TimeZone | null): Numeric | null {
  const t: DtType = zone === null ? 'timestamp' : 'timestamptz';
  const u = lookup(unit, t, false);
  if (ts === TS_NEG_INFINITY || ts === TS_POS_INFINITY) {
    return infiniteResult(u, ts === TS_POS_INFINITY ? 1 : -1, unit, t);
  }
  if (u === 'epoch') return fixed(ts, 6);
  const offset = zone === null ? 0 : utcOffsetAt(zone, ts);
  const local = ts + BigInt(offset) * 1_000_000n;
  const { days, time } = splitTimestamp(local);
  const f = timestampToFields(local);
  const tf = timeFieldOf(u, f);
  if (tf !== null) return tf;
  const df = dateField(u, days, f);
  if (df !== null) return df;
  switch (u) {
    case 'julian':
      return numericAdd(num(days + JULIAN_EPOCH), numericDiv(num(time), num(86_400_000_000n)));
    case 'timezone':
    case 'timezone_hour':
    case 'timezone_minute':
      if (zone === null) throw notSupported(unit.toLowerCase(), t);
      if (u === 'timezone') return num(offset);
      if (u === 'timezone_hour') return num(Math.trunc(offset / 3600));
      return num(Math.trunc(offset / 60) % 60);
    default:
      throw notSupported(unit.toLowerCase(), t);
  }
}

/** extract(unit FROM time). */
export function extractTime(unit: string, us: number): Numeric {
  const u = lookup(unit, 'time', false);
  if (u === 'epoch') return fixed(BigInt(us), 6);
  const secs = Math.floor(us / 1_000_000);
  const r = timeFieldOf(u, {
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    micro: us % 1_000_000,
  });
  if (r === null) throw notSupported(unit.toLowerCase(), 'time');
  return r;
}

/** extract(unit FROM interval). */
export function extractInterval(unit: string, s: Interval): Numeric {
  const u = lookup(unit, 'interval', false);
  const years = Math.trunc(s.months / 12);
  const mons = s.months % 12;
  const hours = s.micros / 3_600_000_000n;
  const rest = s.micros % 3_600_000_000n;
  const minutes = rest / 60_000_000n;
  const secMicros = rest % 60_000_000n;
  switch (u) {
    case 'microseconds':
      return num(secMicros);
    case 'milliseconds':
      return fixed(secMicros, 3);
    case 'second':
      return fixed(secMicros, 6);
    case 'minute':
      return num(minutes);
    case 'hour':
      return num(hours);
    case 'day':
      return num(s.days);
    case 'month':
      return num(mons);
    case 'quarter':
      return num(Math.trunc(mons / 3) + 1);
    case 'year':
      return num(years);
    case 'decade':
      return num(Math.trunc(years / 10));
    case 'century':
      return num(Math.trunc(years / 100));
    case 'millennium':
      return num(Math.trunc(years / 1000));
    case 'epoch': {
      const secs =
        (BigInt(4 * 365.25) * BigInt(years) + 120n * BigInt(mons) + 4n * BigInt(s.days)) * 21600n;
      return fixed(s.micros + secs * 1_000_000n, 6);
    }
    default:
      throw notSupported(unit.toLowerCase(), 'interval');
  }
}

function truncFields(u: Unit, f: DateTimeFields, unit: string, t: DtType): DateTimeFields {
  const y = f.year;
  switch (u) {
    case 'millennium':
      return startOfYear(f, firstYearOf(millenniumOf(y), 1000));
    case 'century':
      return startOfYear(f, firstYearOf(centuryOf(y), 100));
    case 'decade':
      return startOfYear(f, decadeOf(y) * 10);
    case 'year':
      return startOfYear(f, y);
    case 'quarter':
      return { ...zeroTime(f), month: 3 * Math.trunc((f.month - 1) / 3) + 1, day: 1 };
    case 'month':
      return { ...zeroTime(f), day: 1 };
    case 'week': {
      const days = daysFromCivil(f.year, f.month, f.day);
      const monday = civilFromDays(days - isoDayOfWeek(days) + 1);
      return { ...zeroTime(f), ...monday };
    }
    case 'day':
      return zeroTime(f);
    case 'hour':
      return { ...f, minute: 0, second: 0, micro: 0 };
    case 'minute':
      return { ...f, second: 0, micro: 0 };
    case 'second':
      return { ...f, micro: 0 };
    case 'milliseconds':
      return { ...f, micro: Math.trunc(f.micro / 1000) * 1000 };
    case 'microseconds':
      return f;
    default:
      throw notSupported(unit.toLowerCase(), t);
  }
}

function zeroTime(f: DateTimeFields): DateTimeFields {
  return { ...f, hour: 0, minute: 0, second: 0, micro: 0 };
}

/** January 1st, midnight, of a year. */
function startOfYear(f: DateTimeFields, year: number): DateTimeFields {
  return { ...zeroTime(f), year, month: 1, day: 1 };
}

/** First (astronomical) year of the n-th century/millennium (`size` years; n < 0 is BC). */
function firstYearOf(n: number, size: number): number {
  return n > 0 ? n * size - (size - 1) : n * size + 1;
}

/** date_trunc(unit, timestamp). */
export function truncTimestamp(unit: string, ts: bigint): bigint {
  const u = lookup(unit, 'timestamp', true);
  if (ts === TS_NEG_INFINITY || ts === TS_POS_INFINITY) return ts;
  return fieldsToTimestamp(truncFields(u, timestampToFields(ts), unit, 'timestamp'));
}

/** date_trunc(unit, timestamptz [, zone]): truncates on the zone's wall clock. */
export function truncTimestamptz(unit: string, ts: bigint, zone: TimeZone): bigint {
  const u = lookup(unit, 'timestamptz', true);
  if (ts === TS_NEG_INFINITY || ts === TS_POS_INFINITY) return ts;
  const offset = utcOffsetAt(zone, ts);
  const local = fieldsToTimestamp(
    truncFields(u, timestampToFields(utcToLocal(zone, ts)), unit, 'timestamptz'),
  );
  const dayOrMore = !['hour', 'minute', 'second', 'milliseconds', 'microseconds'].includes(u);
  return dayOrMore ? localToUtc(zone, local) : local - BigInt(offset) * 1_000_000n;
}

/** date_trunc(unit, interval). */
export function truncInterval(unit: string, s: Interval): Interval {
  const u = lookup(unit, 'interval', true);
  if (u === 'week') {
    throw featureNotSupported(`unit "${unit.toLowerCase()}" not supported for type interval`, {
      detail: 'Months usually have fractional weeks.',
    });
  }
  const years = Math.trunc(s.months / 12);
  const mons = s.months % 12;
  const H = 3_600_000_000n;
  const M = 60_000_000n;
  switch (u) {
    case 'millennium':
      return new Interval(Math.trunc(years / 1000) * 12000, 0, 0n);
    case 'century':
      return new Interval(Math.trunc(years / 100) * 1200, 0, 0n);
    case 'decade':
      return new Interval(Math.trunc(years / 10) * 120, 0, 0n);
    case 'year':
      return new Interval(years * 12, 0, 0n);
    case 'quarter':
      return new Interval(years * 12 + 3 * Math.trunc(mons / 3), 0, 0n);
    case 'month':
      return new Interval(s.months, 0, 0n);
    case 'day':
      return new Interval(s.months, s.days, 0n);
    case 'hour':
      return new Interval(s.months, s.days, (s.micros / H) * H);
    case 'minute':
      return new Interval(s.months, s.days, (s.micros / M) * M);
    case 'second':
      return new Interval(s.months, s.days, (s.micros / 1_000_000n) * 1_000_000n);
    case 'milliseconds':
      return new Interval(s.months, s.days, (s.micros / 1000n) * 1000n);
    case 'microseconds':
      return s;
    default:
      throw notSupported(unit.toLowerCase(), 'interval');
  }
}
