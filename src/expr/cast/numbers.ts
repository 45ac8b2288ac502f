// Conversions among the numeric types (int2/int4/int8/float4/float8/numeric, oid, bool, "char")
// with PostgreSQL's rounding (rint for floats, half away from zero for numeric) and its
// out-of-range errors.
import type { Datum } from '../../repr/datum.js';
import { Numeric } from '../../repr/numeric.js';
import type { ScalarName } from '../../repr/types.js';
import { numericValueOutOfRange } from '../../errors/index.js';
import { checkIntRange, numericToInt, type IntKind } from '../numeric-math/index.js';

/** Round half to even (C rint). */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

const RANGE_MSG: Record<IntKind, string> = {
  int2: 'smallint out of range',
  int4: 'integer out of range',
  int8: 'bigint out of range',
};

/** float → integer type: rint, then range check (NaN is out of range). */
export function floatToInt(x: number, kind: IntKind): bigint {
  const r = rint(x);
  if (Number.isNaN(r) || !Number.isFinite(r)) throw numericValueOutOfRange(RANGE_MSG[kind]);
  if (kind === 'int8') {
    if (r < -9223372036854775808 || r >= 9223372036854775808) {
      throw numericValueOutOfRange(RANGE_MSG[kind]);
    }
    return BigInt(r);
  }
  return checkIntRange(BigInt(r), kind);
}

/** float8 → float4 with PostgreSQL's overflow/underflow errors. */
export function toFloat4(x: number): number {
  const r = Math.fround(x);
  if (!Number.isFinite(r) && Number.isFinite(x)) {
    throw numericValueOutOfRange('value out of range: overflow');
  }
  if (r === 0 && x !== 0) throw numericValueOutOfRange('value out of range: underflow');
  return r;
}

/** numeric → float via its decimal text, as PostgreSQL does (strtod / strtof). */
export function numericToFloat(n: Numeric, four: boolean): number {
  if (!n.isFinite()) return n.toNumber();
  const s = n.toString();
  const v = Number(s);
  const r = four ? Math.fround(v) : v;
  if (!Number.isFinite(r) || (r === 0 && n.coef !== 0n)) {
    throw numericValueOutOfRange(
      `"${s}" is out of range for type ${four ? 'real' : 'double precision'}`,
    );
  }
  return r;
}

/** float → numeric through "%.15g" (float8) or "%.6g" (float4), like PostgreSQL. */
export function floatToNumeric(x: number, four: boolean): Numeric {
  if (!Number.isFinite(x)) return Numeric.fromNumber(x);
  const text = x.toPrecision(four ? 6 : 15);
  const n = Numeric.parse(text);
  if (n === null) throw new Error(`bad float text ${text}`);
  return n.normalize();
}

export type NumberName = 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'numeric';

export function isNumberName(n: ScalarName): n is NumberName {
  return (
    n === 'int2' ||
    n === 'int4' ||
    n === 'int8' ||
    n === 'float4' ||
    n === 'float8' ||
    n === 'numeric'
  );
}

/** Casts between int2/int4/int8/float4/float8/numeric. */
export function castNumber(d: Datum, from: NumberName, to: NumberName): Datum {
  switch (from) {
    case 'int2':
    case 'int4':
    case 'int8': {
      const v = typeof d === 'bigint' ? d : BigInt(d as number);
      switch (to) {
        case 'int2':
        case 'int4':
          return Number(checkIntRange(v, to));
        case 'int8':
          return v;
        case 'float4':
          return Math.fround(Number(v));
        case 'float8':
          return Number(v);
        case 'numeric':
          return Numeric.fromBigInt(v);
      }
      break;
    }
    case 'float4':
    case 'float8': {
      const x = d as number;
      switch (to) {
        case 'int2':
        case 'int4':
          return Number(floatToInt(x, to));
        case 'int8':
          return floatToInt(x, 'int8');
        case 'float4':
          return from === 'float4' ? x : toFloat4(x);
        case 'float8':
          return x;
        case 'numeric':
          return floatToNumeric(x, from === 'float4');
      }
      break;
    }
    case 'numeric': {
      const n = d as Numeric;
      switch (to) {
        case 'int2':
        case 'int4':
          return Number(numericToInt(n, to));
        case 'int8':
          return numericToInt(n, 'int8');
        case 'float4':
          return numericToFloat(n, true);
        case 'float8':
          return numericToFloat(n, false);
        case 'numeric':
          return n;
      }
    }
  }
  throw new Error(`castNumber ${from} → ${to}`);
}
