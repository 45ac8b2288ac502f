// Casts among date, time, timestamp, timestamptz and interval. timestamptz values are UTC
// instants; converting to or from the wall-clock types uses the session TimeZone.
import { Interval, TS_NEG_INFINITY, TS_POS_INFINITY, type Datum } from '../../repr/datum.js';
import type { ScalarName } from '../../repr/types.js';
import { datetimeFieldOverflow } from '../../errors/index.js';
import {
  UTC,
  cachedTimeZone,
  localToUtc,
  utcToLocal,
  type TimeZone,
} from '../../repr/datetime/timezone.js';

const DAY = 86_400_000_000n;
/** 294277-01-01, the first day beyond timestamp's range (days since 1970). */
const TS_END_DAYS = 106_751_992;
/** 4714-11-24 BC, the first day of timestamp's range. */
const TS_MIN_DAYS = -2_440_588;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r < 0n ? r + b : r;
}

function zone(timeZone: string): TimeZone {
  return cachedTimeZone(timeZone) ?? UTC;
}

function isInfiniteTs(v: bigint): boolean {
  return v === TS_NEG_INFINITY || v === TS_POS_INFINITY;
}

function dateToTs(days: number, tz: TimeZone | null): bigint {
  if (days === -Infinity) return TS_NEG_INFINITY;
  if (days === Infinity) return TS_POS_INFINITY;
  if (days < TS_MIN_DAYS || days >= TS_END_DAYS) {
    throw datetimeFieldOverflow('date out of range for timestamp');
  }
  const local = BigInt(days) * DAY;
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
      return dateToTs(d as number, zone(timeZone));
    case 'timestamp>date':
    case 'timestamptz>date': {
      let v = d as bigint;
      if (v === TS_NEG_INFINITY) return -Infinity;
      if (v === TS_POS_INFINITY) return Infinity;
      if (from === 'timestamptz') v = utcToLocal(zone(timeZone), v);
      return Number(floorDiv(v, DAY));
    }
    case 'timestamp>timestamptz': {
      const v = d as bigint;
      return isInfiniteTs(v) ? v : localToUtc(zone(timeZone), v);
    }
    case 'timestamptz>timestamp': {
      const v = d as bigint;
      return isInfiniteTs(v) ? v : utcToLocal(zone(timeZone), v);
    }
    case 'timestamp>time':
    case 'timestamptz>time': {
      let v = d as bigint;
      if (isInfiniteTs(v)) return null;
      if (from === 'timestamptz') v = utcToLocal(zone(timeZone), v);
      return Number(floorMod(v, DAY));
    }
    case 'time>interval':
      return new Interval(0, 0, BigInt(d as number));
    case 'interval>time':
      return Number(floorMod((d as Interval).micros, DAY));
    default:
      return undefined;
  }
}
