// Applying a type modifier to a value (PostgreSQL's length coercion functions varchar(),
// bpchar(), numeric(), timestamp(), interval()): length limits and blank padding, numeric
// precision/scale with rounding and overflow, fractional-second precision, interval fields.
// Input functions apply it implicitly; casts apply it explicitly (truncating strings).
import { numericValueOutOfRange, stringDataRightTruncation } from '../../errors/index.js';
import { type Datum, Interval, PgArray, TS_NEG_INFINITY, TS_POS_INFINITY } from '../datum.js';
import { Numeric } from '../numeric.js';
import { formatType } from '../pgtypes.js';
import { PG_EPOCH_USECS } from '../datetime/calendar.js';
import type { ScalarType, SqlType } from '../types.js';

/** Number of characters (code points) of a string. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first n characters (code points) of a string. */
export function charPrefix(s: string, n: number): string {
  let out = '';
  let k = 0;
  for (const ch of s) {
    if (k++ >= n) break;
    out += ch;
  }
  return out;
}

function limitString(s: string, t: ScalarType, explicit: boolean): string {
  const max = t.typmod - 4;
  const len = charLength(s);
  if (len <= max) return t.name === 'bpchar' ? s + ' '.repeat(max - len) : s;
  const kept = charPrefix(s, max);
  if (!explicit && /[^ ]/.test(s.slice(kept.length)))
    throw stringDataRightTruncation(`value too long for type ${formatType(t)}`);
  return kept;
}

function limitNumeric(n: Numeric, typmod: number): Numeric {
  const t = typmod - 4;
  const precision = (t >> 16) & 0xffff;
  const scale = ((t & 0x7ff) ^ 1024) - 1024;
  if (n.isNaN()) return n;
  if (!n.isFinite()) {
    throw numericValueOutOfRange('numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
    });
  }
  let r: Numeric;
  if (scale >= 0) r = n.withScale(scale);
  else {
    const div = 10n ** BigInt(n.scale - scale);
    let m = n.coef / div;
    const rem = n.coef % div;
    if ((rem < 0n ? -rem : rem) * 2n >= div) m += n.coef < 0n ? -1n : 1n;
    r = Numeric.of(m * 10n ** BigInt(-scale), 0);
  }
  const digits = (r.coef < 0n ? -r.coef : r.coef).toString();
  const intDigits = r.coef === 0n ? 0 : digits.length - Math.max(r.scale, 0);
  if (intDigits > precision - scale) {
    throw numericValueOutOfRange('numeric field overflow', {
      detail:
        `A field with precision ${precision}, scale ${scale} must round to an absolute value ` +
        `less than ${precision - scale > 0 ? `10^${precision - scale}` : '1'}.`,
    });
  }
  return r;
}

/** Rounds µs to `precision` fractional digits, half away from zero (PostgreSQL's AdjustTimestampForTypmod). */
export function roundMicros(us: bigint, precision: number): bigint {
  if (precision >= 6) return us;
  const scale = 10n ** BigInt(6 - precision);
  const offset = scale / 2n;
  return us >= 0n ? ((us + offset) / scale) * scale : -(((-us + offset) / scale) * scale);
}

const INTERVAL_FULL_RANGE = 0x7fff;
const M_YEAR = 4;
const M_MONTH = 2;
const M_DAY = 8;
const M_HOUR = 1024;
const M_MINUTE = 2048;

function limitInterval(iv: Interval, typmod: number): Interval {
  const range = (typmod >> 16) & INTERVAL_FULL_RANGE;
  const precision = typmod & 0xffff;
  let { months, days, micros } = iv;
  if (range !== INTERVAL_FULL_RANGE) {
    if (range === M_YEAR) {
      months = Math.trunc(months / 12) * 12;
      days = 0;
      micros = 0n;
    } else if (range === M_MONTH || range === (M_YEAR | M_MONTH)) {
      days = 0;
      micros = 0n;
    } else if (range === M_DAY) {
      micros = 0n;
    } else if (range === M_HOUR || range === (M_DAY | M_HOUR)) {
      micros = (micros / 3_600_000_000n) * 3_600_000_000n;
    } else if (range === M_MINUTE || (range & ~M_DAY) === (M_HOUR | M_MINUTE)) {
      micros = (micros / 60_000_000n) * 60_000_000n;
    }
  }
  if (precision !== 0xffff) micros = roundMicros(micros, precision);
  if (months === iv.months && days === iv.days && micros === iv.micros) return iv;
  return new Interval(months, days, micros);
}

/**
 * A value coerced to its type's modifier. `explicit` is true for casts (strings are then
 * truncated silently), false for input and assignment (too-long strings are an error).
 */
export function applyTypmod(d: Datum, type: SqlType, explicit = false): Datum {
  if (d === null) return d;
  if (type.kind === 'array') {
    if (type.elem.typmod < 0 || !(d instanceof PgArray)) return d;
    return new PgArray(
      d.elements.map((e) => applyTypmod(e, type.elem, explicit)),
      d.dims,
    );
  }
  if (type.kind !== 'scalar' || type.typmod < 0) return d;
  switch (type.name) {
    case 'varchar':
    case 'bpchar':
      return limitString(d as string, type, explicit);
    case 'numeric':
      return limitNumeric(d as Numeric, type.typmod);
    case 'timestamp':
    case 'timestamptz': {
      const ts = d as bigint;
      if (ts === TS_NEG_INFINITY || ts === TS_POS_INFINITY) return ts;
      // PostgreSQL rounds its own int64 (µs since 2000-01-01) half away from zero.
      return roundMicros(ts - PG_EPOCH_USECS, type.typmod) + PG_EPOCH_USECS;
    }
    case 'time':
      return Number(roundMicros(BigInt(d as number), type.typmod));
    case 'interval':
      return limitInterval(d as Interval, type.typmod);
    default:
      return d;
  }
}
