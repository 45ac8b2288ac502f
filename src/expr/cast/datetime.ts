// Casts among date, time, timestamp, timestamptz and interval. timestamptz values are UTC
// instants; converting to or from the wall-clock types uses the session TimeZone.
import { Interval, TS_NEG_INFINITY, TS_POS_INFINITY, type Datum } from '../../repr/datum.js';
import type { ScalarName } from '../../repr/types.js';
import { datetimeFieldOverflow } from '../../errors/index.js';
import {
  END_TIMESTAMP,
  floorDiv,
  floorMod,
  isFiniteTimestamp,
  localToUtc,
  MIN_DATE_DAYS,
  sessionTimeZone,
  USECS_PER_DAY,
  utcToLocal,
  type TimeZone,
} from '../../repr/datetime/index.js';

/** 294277-01-01, the first day beyond timestamp's range (days since 1970). */
const TS_END_DAYS = Number(END_TIMESTAMP / USECS_PER_DAY);

function dateToTs(days: number, tz: TimeZone | null): bigint {
  if (days === -Infinity) return TS_NEG_INFINITY;
  if (days === Infinity) return TS_POS_INFINITY;
  if (days < MIN_DATE_DAYS || days >= TS_END_DAYS) {
    throw datetimeFieldOverflow('date out of range for timestamp');
  }
  const local = BigInt(days) * USECS_PER_DAY;
  return tz === null ? local : localToUtc(tz, local);
}

const DATETIME: ReadonlySet<ScalarName> = new Set([
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
]);

export function isDatetimeName(n: ScalarName): boolean {
  return DATETIME.has(n);
}

/** A cast between two date/time types; undefined if there is none. */
export function castDatetime(
  d: Datum,
  from: ScalarName,
  to: ScalarName,
  timeZone: string,
): Datum | undefined {
  if (from === to) return d;
  const key = `${from}>${to}`;
  switch (key) {
    case 'date>timestamp':
      return dateToTs(d as number, null);
    case 'date>timestamptz':
      return dateToTs(d as number, sessionTimeZone(timeZone));
    case 'timestamp>date':
    case 'timestamptz>date': {
      let v = d as bigint;
      if (v === TS_NEG_INFINITY) return -Infinity;
      if (v === TS_POS_INFINITY) return Infinity;
      if (from === 'timestamptz') v = utcToLocal(sessionTimeZone(timeZone), v);
      return Number(floorDiv(v, USECS_PER_DAY));
    }
    case 'timestamp>timestamptz': {
      const v = d as bigint;
      return !isFiniteTimestamp(v) ? v : localToUtc(sessionTimeZone(timeZone), v);
    }
    case 'timestamptz>timestamp': {
      const v = d as bigint;
      return !isFiniteTimestamp(v) ? v : utcToLocal(sessionTimeZone(timeZone), v);
    }
    case 'timestamp>time':
    case 'timestamptz>time': {
      let v = d as bigint;
      if (!isFiniteTimestamp(v)) return null;
      if (from === 'timestamptz') v = utcToLocal(sessionTimeZone(timeZone), v);
      return Number(floorMod(v, USECS_PER_DAY));
    }
    case 'time>interval':
      return new Interval(0, 0, BigInt(d as number));
    case 'interval>time':
      return Number(floorMod((d as Interval).micros, USECS_PER_DAY));
    default:
      return undefined;
  }
}
