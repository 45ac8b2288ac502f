// Numeric sqrt, exp, ln, log and power with PostgreSQL's result scales (numeric.c: numeric_sqrt,
// numeric_exp, estimate_ln_dweight, log_var, power_var, power_var_int) and its special-value and
// error rules. Values are computed exactly or with guard digits, then rounded half away from zero.
import { Numeric } from '../../repr/numeric.js';
import {
  divisionByZero,
  invalidArgumentForLogarithm,
  invalidArgumentForPowerFunction,
  numericValueOutOfRange,
} from '../../errors/index.js';
import {
  DEC_DIGITS,
  MAX_DISPLAY_SCALE,
  MAX_RESULT_SCALE,
  MIN_SIG_DIGITS,
  checkNumericRange,
  decimalWeight,
  nbaseView,
  pow10,
  ratioToNumeric,
} from './digits.js';
import { expToScale, isqrt, lnFixed } from './fixed.js';
import { numericMul, numericRound } from './basic.js';

const { NaN: NAN, Infinity: PINF, NegInfinity: NINF, ZERO, ONE } = Numeric;

function clampRscale(r: number, ...scales: number[]): number {
  return Math.min(Math.max(r, ...scales, 0), MAX_DISPLAY_SCALE);
}

export function numericSqrt(a: Numeric): Numeric {
  if (a.isNaN() || a.special === 'Infinity') return a;
  if (a.sign() < 0) {
    throw invalidArgumentForPowerFunction('cannot take square root of a negative number');
  }
  const { weight } = nbaseView(a);
  const sweight = Math.trunc(((weight + 1) * DEC_DIGITS) / 2) - 1;
  const rscale = clampRscale(MIN_SIG_DIGITS - sweight, a.scale);
  const t = isqrt(a.coef * pow10(2 * (rscale + 1) - a.scale));
  const q = t / 10n;
  return Numeric.of(t % 10n >= 5n ? q + 1n : q, rscale);
}

export function numericExp(a: Numeric): Numeric {
  if (a.isNaN() || a.special === 'Infinity') return a;
  if (a.special === '-Infinity') return ZERO;
  let val = a.toNumber() * 0.434294481903252;
  val = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, val));
  const rscale = clampRscale(MIN_SIG_DIGITS - Math.trunc(val), a.scale);
  return expWithScale(a.coef, a.scale, a.toNumber(), rscale);
}

/** exp(x / 10^xScale) at rscale, with exp_var's overflow/underflow limits. */
function expWithScale(x: bigint, xScale: number, approx: number, rscale: number): Numeric {
  if (Math.abs(approx) >= MAX_RESULT_SCALE * 3) {
    if (approx > 0) throw numericValueOutOfRange('value overflows numeric format');
    return Numeric.of(0n, rscale);
  }
  const coef = expToScale(x, xScale, rscale, approx * 0.434294481903252);
  return checkNumericRange(Numeric.of(coef, rscale));
}

const ZERO_POINT_NINE = Numeric.of(9n, 1);
const ONE_POINT_ONE = Numeric.of(11n, 1);

/** PostgreSQL's estimate_ln_dweight: the decimal weight of ln(x). */
export function estimateLnDweight(a: Numeric): number {
  if (a.sign() <= 0) return 0;
  if (a.compare(ZERO_POINT_NINE) >= 0 && a.compare(ONE_POINT_ONE) <= 0) {
    const x = Numeric.of(a.coef - pow10(a.scale), a.scale);
    return x.coef === 0n ? 0 : decimalWeight(x);
  }
  const v = nbaseView(a);
  let digits = v.digits[0] ?? 0;
  let dweight = v.weight * DEC_DIGITS;
  if (v.digits.length > 1) {
    digits = digits * 10000 + v.digits[1]!;
    dweight -= DEC_DIGITS;
  }
  const ln = Math.log(digits) + dweight * 2.302585092994046;
  return Math.trunc(Math.log10(Math.abs(ln)));
}

function checkLnArg(a: Numeric): void {
  const s = a.sign();
  if (s === 0) throw invalidArgumentForLogarithm('cannot take logarithm of zero');
  if (s < 0) throw invalidArgumentForLogarithm('cannot take logarithm of a negative number');
}

export function numericLn(a: Numeric): Numeric {
  if (a.isNaN() || a.special === 'Infinity') return a;
  checkLnArg(a);
  const rscale = clampRscale(MIN_SIG_DIGITS - estimateLnDweight(a), a.scale);
  return ratioToNumeric(lnFixed(a.coef, a.scale, rscale + 10), pow10(rscale + 10), rscale);
}

/** log(base, x). */
export function numericLog(base: Numeric, x: Numeric): Numeric {
  if (base.special !== null || x.special !== null) {
    if (base.isNaN() || x.isNaN()) return NAN;
    const s1 = base.sign();
    const s2 = x.sign();
    if (s1 < 0 || s2 < 0) {
      throw invalidArgumentForLogarithm('cannot take logarithm of a negative number');
    }
    if (s1 === 0 || s2 === 0) throw invalidArgumentForLogarithm('cannot take logarithm of zero');
    if (base.special === 'Infinity') return x.special === 'Infinity' ? NAN : ZERO;
    return PINF;
  }
  checkLnArg(base);
  checkLnArg(x);
  const dBase = estimateLnDweight(base);
  const dX = estimateLnDweight(x);
  const resultDweight = dX - dBase;
  const rscale = clampRscale(MIN_SIG_DIGITS - resultDweight, base.scale, x.scale);
  const w = rscale + 20 + Math.max(0, -dBase) + Math.max(0, resultDweight);
  const lb = lnFixed(base.coef, base.scale, w);
  if (lb === 0n) throw divisionByZero();
  return ratioToNumeric(lnFixed(x.coef, x.scale, w), lb, rscale);
}

/** True if the numeric is an integer (no nonzero fractional digits). */
function isIntegral(a: Numeric): boolean {
  return a.isFinite() && a.coef % pow10(a.scale) === 0n;
}

function isOddInteger(a: Numeric): boolean {
  return isIntegral(a) && (a.coef / pow10(a.scale)) % 2n !== 0n;
}

export function numericPower(a: Numeric, b: Numeric): Numeric {
  if (a.special !== null || b.special !== null) return powerSpecial(a, b);
  if (a.sign() === 0 && b.sign() < 0) {
    throw invalidArgumentForPowerFunction('zero raised to a negative power is undefined');
  }
  if (isIntegral(b)) {
    const e = b.coef / pow10(b.scale);
    if (e >= -2147483648n && e <= 2147483647n) return powerInt(a, Number(e));
  }
  if (a.sign() === 0) return Numeric.of(0n, MIN_SIG_DIGITS);
  let negative = false;
  let base = a;
  if (a.sign() < 0) {
    if (!isIntegral(b)) {
      throw invalidArgumentForPowerFunction(
        'a negative number raised to a non-integer power yields a complex result',
      );
    }
    negative = isOddInteger(b);
    base = Numeric.of(-a.coef, a.scale);
  }
  const lnDweight = estimateLnDweight(base);
  const localRscale = Math.max(8 - lnDweight, 0);
  const lnLow = ratioToNumeric(
    lnFixed(base.coef, base.scale, localRscale + 10),
    pow10(localRscale + 10),
    localRscale,
  );
  let val = numericRound(numericMul(lnLow, b), localRscale).toNumber();
  if (Math.abs(val) > MAX_RESULT_SCALE * 3.01) {
    if (val > 0) throw numericValueOutOfRange('value overflows numeric format');
    return Numeric.of(0n, MAX_DISPLAY_SCALE);
  }
  const approx = val;
  val *= 0.434294481903252;
  const rscale = clampRscale(MIN_SIG_DIGITS - Math.trunc(val), base.scale, b.scale);
  const w = rscale + Math.max(0, Math.ceil(val)) + 20 + Math.max(0, -lnDweight);
  // y = b * ln(base) as a fixed-point value with scale w + b.scale
  const y = lnFixed(base.coef, base.scale, w) * b.coef;
  const r = expWithScale(y, w + b.scale, approx, rscale);
  return negative && r.coef !== 0n ? Numeric.of(-r.coef, r.scale) : r;
}

function powerInt(a: Numeric, e: number): Numeric {
  // PostgreSQL 15 (power_var): integer exponents use a fixed result scale.
  const rscale = clampRscale(MIN_SIG_DIGITS, a.scale);
  let f = 0;
  const v = nbaseView(a);
  if (v.digits.length > 0) {
    let m = v.digits[0]!;
    let p = v.weight * DEC_DIGITS;
    for (let i = 1; i < v.digits.length && i * DEC_DIGITS < 16; i++) {
      m = m * 10000 + v.digits[i]!;
      p -= DEC_DIGITS;
    }
    f = e * (Math.log10(m) + p);
  }
  if (e !== 0 && e !== 1 && e !== -1 && e !== 2 && a.coef !== 0n) {
    if (f > 3 * 32767 * DEC_DIGITS) throw numericValueOutOfRange('value overflows numeric format');
    if (f + 1 < -rscale || f + 1 < -MAX_DISPLAY_SCALE) return Numeric.of(0n, rscale);
  }
  if (e === 0) return Numeric.of(pow10(rscale), rscale);
  if (a.coef === 0n) {
    if (e < 0) throw divisionByZero();
    return Numeric.of(0n, rscale);
  }
  const n = Math.abs(e);
  const coefDigits = a.coef.toString().length;
  if (n * coefDigits <= 40000) {
    const num = a.coef ** BigInt(n);
    const den = pow10(a.scale * n);
    return checkNumericRange(
      e > 0 ? ratioToNumeric(num, den, rscale) : ratioToNumeric(den, num, rscale),
    );
  }
  // Too large to do exactly: exp(e * ln|a|) with guard digits.
  const negative = a.coef < 0n && n % 2 === 1;
  const absCoef = a.coef < 0n ? -a.coef : a.coef;
  const w =
    rscale +
    Math.max(0, Math.ceil(f)) +
    20 +
    Math.max(0, -estimateLnDweight(Numeric.of(absCoef, a.scale)));
  const y = lnFixed(absCoef, a.scale, w) * BigInt(e);
  const r = expWithScale(y, w, f / 0.434294481903252, rscale);
  return negative ? Numeric.of(-r.coef, r.scale) : r;
}

/** numeric_power's POSIX rules when an input is NaN or ±Infinity. */
function powerSpecial(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN()) return b.isFinite() && b.sign() === 0 ? ONE : NAN;
  if (b.isNaN()) return a.isFinite() && a.compare(ONE) === 0 ? ONE : NAN;
  const s1 = a.sign();
  const s2 = b.sign();
  if (s1 === 0 && s2 < 0) {
    throw invalidArgumentForPowerFunction('zero raised to a negative power is undefined');
  }
  if (s1 < 0 && b.isFinite() && !isIntegral(b)) {
    throw invalidArgumentForPowerFunction(
      'a negative number raised to a non-integer power yields a complex result',
    );
  }
  if (a.isFinite() && a.compare(ONE) === 0) return ONE;
  if (s2 === 0) return ONE;
  const minusOne = Numeric.of(-1n, 0);
  if (a.isFinite() && a.compare(minusOne) === 0) return ONE;
  if (!b.isFinite()) {
    const absGtOne = !a.isFinite() || (a.coef < 0n ? -a.coef : a.coef) > pow10(a.scale);
    return absGtOne === s2 > 0 ? PINF : ZERO;
  }
  if (a.special === 'Infinity') return s2 > 0 ? PINF : ZERO;
  if (s2 < 0) return ZERO;
  return isOddInteger(b) ? NINF : PINF;
}
