// exp, log, log10 and pow as glibc's (so PostgreSQL's) — computed in double-double arithmetic and
// rounded once — and sinh, cosh, asinh, acosh by the formulas glibc uses (fdlibm's), over these
// exp and log where it uses its exp and log, and Math.expm1 / Math.log1p (fdlibm's routines in
// both) where it uses those.
import { exponentOf, pow2 } from '../../../repr/float-bits.js';
import { add, div, FACT, lo, mul, ODD, poly, tabulate, twoProd, twoSum } from './double-double.js';

// ln 2 as a double-double (from its 80-digit value).
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
// fdlibm's log10 constants: 1 / ln 10 rounded, log10(2) as a 33-bit high part and the rest.
const INV_LN10 = 4.34294481903251816668e-1;
const LOG10_2_HI = 3.01029995663611771306e-1;
const LOG10_2_LO = 3.69423907715893078616e-13;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * 2 atanh(d / (a + b)) = ln(a / b) for d = a - b (exact), with `terms` terms of
 * 2 s (1 + s^2/3 + s^4/5 + ...), s = d / (a + b).
 */
function atanhSeries(d: number, a: number, b: number, terms: number): number {
  const dh = twoSum(a, b);
  const sh = div(d, 0, dh, lo);
  const sl = lo;
  const s2h = mul(sh, sl, sh, sl);
  const ph = poly(ODD, 0, terms - 1, 1, s2h, lo);
  return mul(ph, lo, 2 * sh, 2 * sl);
}

/** ln(1 + j/64), j = -19..27 (m in [sqrt 1/2, sqrt 2]), at index j + 19. */
const LOG_C_OFFSET = 19;
const LOG_C = tabulate(47, (i) => {
  const c = 1 + (i - LOG_C_OFFSET) / 64;
  return atanhSeries(c - 1, c, 1, 24); // |s| <= 0.18: 24 terms for 106 bits
});

/** ln x for a positive finite x, as a double-double. */
function logDD(x: number): number {
  let k = 0;
  if (x < MIN_NORMAL) {
    x *= 18014398509481984; // 2^54: subnormal to normal
    k = -54;
  }
  const e = exponentOf(x);
  let m = x * pow2(-e);
  k += e;
  if (m > Math.SQRT2) {
    m *= 0.5;
    k += 1;
  }
  // ln m = ln c + 2 atanh((m - c) / (m + c)), c = 1 + j/64 the nearest such to m (the table)
  const j = Math.round((m - 1) * 64);
  const c = 1 + j / 64;
  const ph = atanhSeries(m - c, m, c, 6); // m - c is exact: within 1/128
  const th = add(ph, lo, LOG_C.hi[j + LOG_C_OFFSET]!, LOG_C.lo[j + LOG_C_OFFSET]!);
  const tl = lo;
  const kh = twoProd(k, LN2_HI);
  const kl = lo + k * LN2_LO;
  return add(kh, kl, th, tl);
}

/** e^(j/64), j = -23..23 (|r| <= ln2/2), at index j + 23. */
const EXP_J_OFFSET = 23;
const EXP_J = tabulate(47, (i) => poly(FACT, 0, 28, 1, (i - EXP_J_OFFSET) / 64, 0));

/** e^(xh + xl) for |xh| < 709.79 (no overflow before scaling), rounded to a double. */
function expDD(xh: number, xl: number): number {
  const k = Math.round(xh / LN2_HI);
  // r = x - k ln 2, |r| <= 0.35
  const kh = twoProd(k, LN2_HI);
  const kl = lo + k * LN2_LO;
  const rh = add(xh, xl, -kh, -kl);
  const rl = lo;
  // e^r = e^(j/64) e^d, |d| <= 1/128 (13 terms for 106 bits)
  const j = Math.round(rh * 64);
  const dh = add(rh, rl, -j / 64, 0);
  const eh = poly(FACT, 0, 12, 1, dh, lo);
  const ph = mul(eh, lo, EXP_J.hi[j + EXP_J_OFFSET]!, EXP_J.lo[j + EXP_J_OFFSET]!);
  // ph + lo is normalised: ph is e^r rounded; scaling by a power of two is exact unless the
  // result is subnormal.
  if (k > 1000) return ph * pow2(k - 1000) * pow2(1000);
  if (k < -1000) return ph * pow2(k + 1000) * pow2(-1000);
  return ph * pow2(k);
}

/** ln x as glibc's log: NaN for x < 0, -Infinity for 0 (callers check the domain first). */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  return logDD(x);
}

/**
 * log10 x as glibc's log10, which is not rounded from the exact value but computed from its log
 * (fdlibm's method): x = 2^y m, log10 x = y log10(2) + log(m) / ln 10, with log10(2) in two parts.
 */
export function log10(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log10(x);
  const scale = x < MIN_NORMAL ? 54 : 0; // a subnormal is scaled to a normal
  const xs = x * pow2(scale);
  const k = exponentOf(xs) - scale;
  // m in [1, 2) for k >= 0, in [0.5, 1) for k < 0
  const y = k < 0 ? k + 1 : k;
  const m = xs * pow2(-scale - y);
  const z = y * LOG10_2_LO + INV_LN10 * log(m);
  return z + y * LOG10_2_HI;
}

/** e^x as glibc's exp. */
export function exp(x: number): number {
  if (!Number.isFinite(x)) return Math.exp(x);
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  if (x === 0) return 1;
  return expDD(x, 0);
}

/** x^y as glibc's pow (callers handle PostgreSQL's errors and special cases first). */
export function pow(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0 || x === 1)
    return Math.pow(x, y);
  let sign = 1;
  if (x < 0) {
    if (Math.floor(y) !== y) return NaN;
    // An odd integer exponent keeps the sign (|y| >= 2^53 is even).
    if (Math.abs(y) < 9007199254740992 && Math.abs(y % 2) === 1) sign = -1;
    x = -x;
  }
  const lh = logDD(x);
  const ll = lo;
  // Far out of range (where y ln x would also overflow the exact product below): 0 or Infinity.
  const estimate = y * lh;
  if (estimate > 800) return sign * Infinity;
  if (estimate < -800) return sign * 0;
  const th = mul(lh, ll, y, 0);
  const tl = lo;
  if (th > 709.79) return sign * Infinity;
  if (th < -745.2) return sign * 0;
  return sign * expDD(th, tl);
}

/** sinh x as glibc computes it (fdlibm's method). */
export function sinh(x: number): number {
  const a = Math.abs(x);
  if (!(a >= 22)) return Math.sinh(x); // expm1-based below 22: the same in both
  const h = x < 0 ? -0.5 : 0.5;
  if (a < 709.782712893384) return h * exp(a);
  const w = exp(0.5 * a);
  return h * w * w;
}

/** cosh x as glibc computes it (fdlibm's method). */
export function cosh(x: number): number {
  const a = Math.abs(x);
  if (!(a >= 0.34657359027997264)) return Math.cosh(x); // expm1-based below ln2/2
  if (a < 22) {
    const t = exp(a);
    return 0.5 * t + 0.5 / t;
  }
  if (a < 709.782712893384) return 0.5 * exp(a);
  const w = exp(0.5 * a);
  return 0.5 * w * w;
}

/** asinh x as glibc computes it (fdlibm's method). */
export function asinh(x: number): number {
  const a = Math.abs(x);
  if (!(a > 2) || a === Infinity) return Math.asinh(x); // log1p-based up to 2: the same
  const r = a > 268435456 ? log(a) + LN2_HI : log(2 * a + 1 / (Math.sqrt(x * x + 1) + a));
  return x < 0 ? -r : r;
}

/** acosh x as glibc computes it (fdlibm's method); x >= 1 (callers check). */
export function acosh(x: number): number {
  if (!(x > 2) || x === Infinity) return Math.acosh(x); // log1p-based up to 2: the same
  return x > 268435456 ? log(x) + LN2_HI : log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
}
