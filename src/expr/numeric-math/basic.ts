// Numeric arithmetic with PostgreSQL's result scales and NaN/±Infinity rules (numeric.c):
// + - * keep exact values (scale max(s1,s2) / s1+s2), / rounds to select_div_scale's scale,
// % and div() truncate, round/trunc/ceil/floor, and the scale-inspection functions.
import { Numeric } from '../../repr/numeric.js';
import { divisionByZero, featureNotSupported, numericValueOutOfRange } from '../../errors/index.js';
import {
  DEC_DIGITS,
  DSCALE_MAX,
  MAX_DISPLAY_SCALE,
  MAX_RESULT_SCALE,
  MIN_SIG_DIGITS,
  checkNumericRange,
  nbaseView,
  pow10,
  ratioToNumeric,
} from './digits.js';

const { NaN: NAN, Infinity: PINF, NegInfinity: NINF, ZERO } = Numeric;

function align(a: Numeric, b: Numeric): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.coef, b.coef, a.scale];
  if (a.scale < b.scale) return [a.coef * pow10(b.scale - a.scale), b.coef, b.scale];
  return [a.coef, b.coef * pow10(a.scale - b.scale), a.scale];
}

function infOf(sign: number): Numeric {
  return sign > 0 ? PINF : NINF;
}

export function numericAdd(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) {
    if (a.isNaN() || b.isNaN()) return NAN;
    if (a.special !== null && b.special !== null) return a.special === b.special ? a : NAN;
    return a.special !== null ? a : b;
  }
  const [x, y, s] = align(a, b);
  return checkNumericRange(Numeric.of(x + y, s));
}

export function numericNeg(a: Numeric): Numeric {
  if (a.special === 'Infinity') return NINF;
  if (a.special === '-Infinity') return PINF;
  if (a.special !== null) return a;
  return Numeric.of(-a.coef, a.scale);
}

export function numericAbs(a: Numeric): Numeric {
  if (a.special === '-Infinity') return PINF;
  if (a.special !== null || a.coef >= 0n) return a;
  return Numeric.of(-a.coef, a.scale);
}

export function numericSub(a: Numeric, b: Numeric): Numeric {
  return numericAdd(a, numericNeg(b));
}

export function numericMul(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) {
    if (a.isNaN() || b.isNaN()) return NAN;
    const s = a.sign() * b.sign();
    return s === 0 ? NAN : infOf(s);
  }
  let r = Numeric.of(a.coef * b.coef, a.scale + b.scale);
  if (r.scale > DSCALE_MAX) r = r.withScale(DSCALE_MAX);
  return checkNumericRange(r);
}

/** PostgreSQL's select_div_scale: at least 16 significant digits, not less than either scale. */
export function selectDivScale(a: Numeric, b: Numeric): number {
  const va = nbaseView(a);
  const vb = nbaseView(b);
  const f1 = va.digits[0] ?? 0;
  const f2 = vb.digits[0] ?? 0;
  let qweight = va.weight - vb.weight;
  if (f1 <= f2) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}

/** Shared special-value rules of / and div(). */
function divSpecial(a: Numeric, b: Numeric): Numeric | null {
  if (a.special === null && b.special === null) {
    if (b.coef === 0n) throw divisionByZero();
    return null;
  }
  if (a.isNaN() || b.isNaN()) return NAN;
  if (a.special !== null) {
    if (b.special !== null) return NAN;
    const s = b.sign();
    if (s === 0) throw divisionByZero();
    return infOf(a.sign() * s);
  }
  return ZERO;
}

/** x / y with rounding to a given scale (default: PostgreSQL's division scale). */
export function numericDiv(a: Numeric, b: Numeric, scale?: number): Numeric {
  const sp = divSpecial(a, b);
  if (sp !== null) return sp;
  const rscale = scale ?? selectDivScale(a, b);
  // a/b = (ca / 10^sa) / (cb / 10^sb) = ca * 10^sb / (cb * 10^sa)
  return checkNumericRange(
    ratioToNumeric(a.coef * pow10(b.scale), b.coef * pow10(a.scale), rscale),
  );
}

/** div(x, y): the truncated integer quotient. */
export function numericDivTrunc(a: Numeric, b: Numeric): Numeric {
  const sp = divSpecial(a, b);
  if (sp !== null) return sp;
  return Numeric.of((a.coef * pow10(b.scale)) / (b.coef * pow10(a.scale)), 0);
}

export function numericMod(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) {
    if (a.isNaN() || b.isNaN()) return NAN;
    if (a.special !== null) {
      if (b.sign() === 0) throw divisionByZero();
      return NAN;
    }
    return a;
  }
  if (b.coef === 0n) throw divisionByZero();
  const [x, y, s] = align(a, b);
  return Numeric.of(x % y, s);
}

function clampScale(s: number): number {
  return Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, s));
}

/** round(x, s): half away from zero; a negative s rounds left of the point (scale 0). */
export function numericRound(a: Numeric, s = 0): Numeric {
  if (a.special !== null) return a;
  const scale = clampScale(s);
  if (scale >= 0) return a.withScale(scale);
  const r = a.withScale(0);
  const m = pow10(-scale);
  const q = r.coef / m;
  const rem = r.coef % m;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  const adj = twice >= m ? (r.coef < 0n ? -1n : 1n) : 0n;
  return checkNumericRange(Numeric.of((q + adj) * m, 0));
}

/** trunc(x, s): toward zero. */
export function numericTrunc(a: Numeric, s = 0): Numeric {
  if (a.special !== null) return a;
  const scale = clampScale(s);
  if (scale >= a.scale) return Numeric.of(a.coef * pow10(scale - a.scale), scale);
  const drop = pow10(a.scale - Math.max(scale, 0));
  const q = a.coef / drop;
  if (scale >= 0) return Numeric.of(q, scale);
  const m = pow10(-scale);
  return Numeric.of((q / m) * m, 0);
}

export function numericCeil(a: Numeric): Numeric {
  if (a.special !== null) return a;
  const t = numericTrunc(a, 0);
  return a.coef > 0n && t.coef * pow10(a.scale) !== a.coef ? Numeric.of(t.coef + 1n, 0) : t;
}

export function numericFloor(a: Numeric): Numeric {
  if (a.special !== null) return a;
  const t = numericTrunc(a, 0);
  return a.coef < 0n && t.coef * pow10(a.scale) !== a.coef ? Numeric.of(t.coef - 1n, 0) : t;
}

export function numericSign(a: Numeric): Numeric {
  if (a.isNaN()) return NAN;
  return Numeric.of(BigInt(a.sign()), 0);
}

/** scale(x): the display scale; NULL for NaN/Infinity. */
export function numericScale(a: Numeric): number | null {
  return a.special !== null ? null : a.scale;
}

/** min_scale(x): the smallest scale that represents x exactly. */
export function numericMinScale(a: Numeric): number | null {
  return a.special !== null ? null : a.normalize().scale;
}

export function numericTrimScale(a: Numeric): Numeric {
  return a.normalize();
}

function bigAbs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function bigGcd(a: bigint, b: bigint): bigint {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function numericGcd(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) return NAN;
  const [x, y, s] = align(a, b);
  return Numeric.of(bigGcd(x, y), s);
}

export function numericLcm(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) return NAN;
  const [x, y, s] = align(a, b);
  if (x === 0n || y === 0n) return Numeric.of(0n, s);
  return checkNumericRange(Numeric.of(bigAbs((x / bigGcd(x, y)) * y), s));
}

export type IntKind = 'int2' | 'int4' | 'int8';

const INT_RANGE: Record<IntKind, readonly [bigint, bigint, string, string]> = {
  int2: [-32768n, 32767n, 'smallint out of range', 'smallint'],
  int4: [-2147483648n, 2147483647n, 'integer out of range', 'integer'],
  int8: [-(2n ** 63n), 2n ** 63n - 1n, 'bigint out of range', 'bigint'],
};

/** Range-checks an exact integer for an integer type (22003 with PostgreSQL's message). */
export function checkIntRange(v: bigint, kind: IntKind): bigint {
  const [lo, hi, msg] = INT_RANGE[kind];
  if (v < lo || v > hi) throw numericValueOutOfRange(msg);
  return v;
}

/** numeric → int2/int4/int8: rounds half away from zero; NaN/Infinity are 0A000. */
export function numericToInt(a: Numeric, kind: IntKind): bigint {
  if (a.special !== null) {
    const what = a.isNaN() ? 'NaN' : 'infinity';
    throw featureNotSupported(`cannot convert ${what} to ${INT_RANGE[kind][3]}`);
  }
  return checkIntRange(a.withScale(0).coef, kind);
}

/** factorial(n) for int8 n. */
export function numericFactorial(n: bigint): Numeric {
  if (n < 0n) {
    throw numericValueOutOfRange('factorial of a negative number is undefined');
  }
  if (n > 32177n) throw numericValueOutOfRange('value overflows numeric format');
  let r = 1n;
  for (let i = 2n; i <= n; i++) r *= i;
  return Numeric.of(r, 0);
}
