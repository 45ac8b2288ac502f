// Length and precision coercions (PostgreSQL's typmod functions): varchar(n) and char(n) length
// checks, truncation and blank padding; numeric(p,s) rounding and overflow checks;
// time/timestamp(p) and interval(p) rounding of fractional seconds.
import { Interval, type Datum } from '../../repr/datum.js';
import { Numeric } from '../../repr/numeric.js';
import type { ScalarType } from '../../repr/types.js';
import { numericValueOutOfRange, stringDataRightTruncation } from '../../errors/index.js';
import type { CastContext } from './context.js';

/** Number of characters (code points) of a string. */
export function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** The first n characters (code points) of a string. */
export function charPrefix(s: string, n: number): string {
  let i = 0;
  let k = 0;
  while (i < s.length && k < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    k++;
  }
  return s.slice(0, i);
}

function lengthCoerce(s: string, t: ScalarType, mode: CastContext): string {
  const max = t.typmod - 4;
  const len = charLength(s);
  if (t.name === 'varchar') {
    if (len <= max) return s;
    const cut = charPrefix(s, max);
    if (mode !== 'explicit' && !/^ *$/.test(s.slice(cut.length))) {
      throw stringDataRightTruncation(`value too long for type character varying(${max})`);
    }
    return cut;
  }
  // bpchar
  if (len === max) return s;
  if (len < max) return s + ' '.repeat(max - len);
  const cut = charPrefix(s, max);
  if (mode !== 'explicit' && !/^ *$/.test(s.slice(cut.length))) {
    throw stringDataRightTruncation(`value too long for type character(${max})`);
  }
  return cut;
}

/** numeric(p,s): precision and scale of a numeric typmod. */
export function numericTypmod(typmod: number): { precision: number; scale: number } {
  const v = typmod - 4;
  return { precision: (v >> 16) & 0xffff, scale: ((v & 0x7ff) ^ 1024) - 1024 };
}

export function applyNumericTypmod(n: Numeric, typmod: number): Numeric {
  if (typmod < 4) return n;
  const { precision, scale } = numericTypmod(typmod);
  if (n.isNaN()) return n;
  if (!n.isFinite()) {
    throw numericValueOutOfRange('numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
    });
  }
  let r: Numeric;
  if (scale >= 0) r = n.withScale(scale);
  else {
    const m = 10n ** BigInt(-scale);
    const z = n.withScale(0).coef;
    const q = z / m;
    const rem = z % m;
    const adj = (rem < 0n ? -rem : rem) * 2n >= m ? (z < 0n ? -1n : 1n) : 0n;
    r = Numeric.of((q + adj) * m, 0);
  }
  const maxDigits = precision - scale;
  const abs = r.coef < 0n ? -r.coef : r.coef;
  const intDigits = abs === 0n ? 0 : Math.max(0, abs.toString().length - r.scale);
  if (intDigits > maxDigits) {
    const limit = maxDigits > 0 ? `10^${maxDigits}` : '1';
    throw numericValueOutOfRange('numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${limit}.`,
    });
  }
  return r;
}

/** Microsecond rounding unit for a fractional-seconds precision 0..6. */
function unit(p: number): bigint {
  return 10n ** BigInt(6 - Math.max(0, Math.min(6, p)));
}

/** Round half away from zero to a multiple of u. */
function roundTo(v: bigint, u: bigint): bigint {
  if (u === 1n) return v;
  const half = u / 2n;
  return v >= 0n ? ((v + half) / u) * u : -(((-v + half) / u) * u);
}

/** PostgreSQL's epoch (2000-01-01) in µs since 1970: timestamp rounding is relative to it. */
const PG_EPOCH_US = 946_684_800_000_000n;
const TS_INF_LO = -(2n ** 63n);
const TS_INF_HI = 2n ** 63n - 1n;

/** Applies a type's typmod to a value of that type (typmod ≥ 0 assumed by callers). */
export function applyTypmod(d: Datum, t: ScalarType, mode: CastContext): Datum {
  if (d === null || t.typmod < 0) return d;
  switch (t.name) {
    case 'varchar':
    case 'bpchar':
      return lengthCoerce(d as string, t, mode);
    case 'numeric':
      return applyNumericTypmod(d as Numeric, t.typmod);
    case 'timestamp':
    case 'timestamptz': {
      const v = d as bigint;
      if (v === TS_INF_LO || v === TS_INF_HI) return v;
      return roundTo(v - PG_EPOCH_US, unit(t.typmod)) + PG_EPOCH_US;
    }
    case 'time':
      return Number(roundTo(BigInt(d as number), unit(t.typmod)));
    case 'interval': {
      const precision = t.typmod & 0xffff;
      if (precision === 0xffff) return d;
      const iv = d as Interval;
      return new Interval(iv.months, iv.days, roundTo(iv.micros, unit(precision)));
    }
    default:
      return d;
  }
}
