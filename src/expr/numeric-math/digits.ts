// Helpers that let Eddy's bigint-based Numeric reproduce PostgreSQL's result-scale rules.
// PostgreSQL stores numerics in base-10000 digits (NBASE) and several of its scale choices
// (division, sqrt, ln, power) depend on the weight and leading digits in that base; nbaseView
// recovers them. Also exact rounding helpers (half away from zero, PostgreSQL's numeric rule).
import { Numeric } from '../../repr/numeric.js';
import { numericValueOutOfRange } from '../../errors/index.js';

export const NBASE = 10000;
export const DEC_DIGITS = 4;
export const MIN_SIG_DIGITS = 16;
export const MAX_DISPLAY_SCALE = 1000;
export const MAX_RESULT_SCALE = 2000;
/** NUMERIC_DSCALE_MAX: the largest display scale a numeric can carry. */
export const DSCALE_MAX = 0x3fff;

export interface NbaseView {
  /** Weight (power of NBASE) of the first nonzero digit; 0 for zero. */
  readonly weight: number;
  /** Base-10000 digits with leading and trailing zero digits stripped (empty for zero). */
  readonly digits: readonly number[];
}

/** The stripped base-10000 digits of a finite numeric, as PostgreSQL would store them. */
export function nbaseView(n: Numeric): NbaseView {
  let s = (n.coef < 0n ? -n.coef : n.coef).toString();
  if (s === '0') return { weight: 0, digits: [] };
  const fracPad = (DEC_DIGITS - (n.scale % DEC_DIGITS)) % DEC_DIGITS;
  s += '0'.repeat(fracPad);
  const fracGroups = (n.scale + fracPad) / DEC_DIGITS;
  const lead = (DEC_DIGITS - (s.length % DEC_DIGITS)) % DEC_DIGITS;
  s = '0'.repeat(lead) + s;
  const groups: number[] = [];
  for (let i = 0; i < s.length; i += DEC_DIGITS) groups.push(Number(s.slice(i, i + DEC_DIGITS)));
  let first = 0;
  while (groups[first] === 0) first++;
  let last = groups.length - 1;
  while (groups[last] === 0) last--;
  const weight = groups.length - fracGroups - 1 - first;
  return { weight, digits: groups.slice(first, last + 1) };
}

/** a / b rounded half away from zero (b ≠ 0). */
export function divRound(a: bigint, b: bigint): bigint {
  let q = a / b;
  const r = a % b;
  if (r !== 0n) {
    const twice = (r < 0n ? -r : r) * 2n;
    const bb = b < 0n ? -b : b;
    if (twice >= bb) q += a < 0n !== b < 0n ? -1n : 1n;
  }
  return q;
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The exact value num/den rounded half away from zero to `scale` decimals. */
export function ratioToNumeric(num: bigint, den: bigint, scale: number): Numeric {
  if (scale >= 0) return Numeric.of(divRound(num * pow10(scale), den), scale);
  return Numeric.of(divRound(num, den * pow10(-scale)) * pow10(-scale), 0);
}

/** Number of decimal digits before the point (0 for |x| < 1). */
export function intDigits(n: Numeric): number {
  const a = n.coef < 0n ? -n.coef : n.coef;
  const len = a.toString().length;
  return Math.max(0, len - n.scale);
}

/** PostgreSQL's limit: at most 131072 digits before the decimal point. */
export function checkNumericRange(n: Numeric): Numeric {
  if (n.isFinite() && intDigits(n) > 131072) {
    throw numericValueOutOfRange('value overflows numeric format');
  }
  return n;
}

/** Decimal exponent of the leading digit of a nonzero finite numeric (floor(log10|x|)). */
export function decimalWeight(n: Numeric): number {
  const a = n.coef < 0n ? -n.coef : n.coef;
  return a.toString().length - 1 - n.scale;
}
