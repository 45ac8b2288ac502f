// Fixed-point bigint kernels for numeric transcendental functions: a value v is held as the
// integer V = v * 10^W. ln and exp are computed with guard digits so that rounding the result
// to PostgreSQL's result scale gives PostgreSQL's digits.
import { divRound, pow10 } from './digits.js';

/** floor(sqrt(n)) for n ≥ 0. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(`0x1${'0'.repeat(Math.ceil(n.toString(16).length / 2))}`);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** atanh(1/k) * 10^w. */
function atanhInv(k: bigint, w: number): bigint {
  const k2 = k * k;
  let term = pow10(w) / k;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term /= k2;
  }
  return sum;
}

let ln10Cache: { w: number; v: bigint } = { w: 0, v: 0n };

/** ln(10) * 10^w (accurate to the last digit or so). */
export function ln10Fixed(w: number): bigint {
  if (ln10Cache.w < w + 10) {
    const g = w + 30;
    // ln 10 = 3 ln 2 + ln 1.25 = 6 atanh(1/3) + 2 atanh(1/9)
    ln10Cache = { w: g, v: 6n * atanhInv(3n, g) + 2n * atanhInv(9n, g) };
  }
  return ln10Cache.v / pow10(ln10Cache.w - w);
}

/** ln(coef / 10^scale) * 10^w for a positive value. */
export function lnFixed(coef: bigint, scale: number, w: number): bigint {
  const e = coef.toString().length - 1 - scale; // value = m * 10^e, 1 ≤ m < 10
  const g = w + 12 + String(Math.abs(e)).length;
  const one = pow10(g);
  const shift = g - scale - e;
  let m = shift >= 0 ? coef * pow10(shift) : coef / pow10(-shift);
  let halvings = 0;
  const limit = (one * 105n) / 100n;
  while (m > limit) {
    m = isqrt(m * one);
    halvings++;
  }
  // ln m = 2 atanh(z), z = (m-1)/(m+1)
  const z = ((m - one) * one) / (m + one);
  const z2 = (z * z) / one;
  let sum = 0n;
  let zp = z;
  for (let i = 1n; zp !== 0n; i += 2n) {
    sum += zp / i;
    zp = (zp * z2) / one;
  }
  const lnm = 2n * sum * (1n << BigInt(halvings));
  const total = lnm + BigInt(e) * ln10Fixed(g);
  return divRound(total, pow10(g - w));
}

/** exp(r) * 10^g for a fixed-point r = R / 10^g with |r| ≲ 3. */
function expSmall(r: bigint, g: number): bigint {
  const s = 10;
  const one = pow10(g);
  const x = r / (1n << BigInt(s));
  let sum = one;
  let term = one;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * x) / (i * one);
    sum += term;
  }
  for (let i = 0; i < s; i++) sum = (sum * sum) / one;
  return sum;
}

/**
 * exp(X / 10^xScale) rounded half away from zero to `rscale` decimals, as [coef, rscale].
 * `approxLog10` bounds the decimal weight of the result (for choosing the working precision).
 */
export function expToScale(x: bigint, xScale: number, rscale: number, approxLog10: number): bigint {
  const k0 = Math.ceil(Math.abs(approxLog10)) + 2;
  const g = Math.max(rscale + k0, 0) + 25;
  const gp = g + String(k0).length + 2;
  const xf = gp >= xScale ? x * pow10(gp - xScale) : x / pow10(xScale - gp);
  const l10 = ln10Fixed(gp);
  let k = xf / l10;
  if (xf < 0n && k * l10 !== xf) k -= 1n;
  const e = expSmall(xf - k * l10, gp); // exp(x) = e/10^gp * 10^k
  const shift = Number(k) + rscale - gp;
  return shift >= 0 ? e * pow10(shift) : divRound(e, pow10(-shift));
}
