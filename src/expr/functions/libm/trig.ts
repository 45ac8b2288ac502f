// sin, cos, tan, asin, acos, atan, atan2 as glibc's (so PostgreSQL's): IBM's correctly rounded
// routines there, double-double arithmetic rounded once here. Arguments are reduced mod pi/2
// exactly: Cody-Waite with pi/2 in five parts below 2^19, 2/pi to 1,300 bits beyond.
import { exponentOf, ldexp, significand } from '../../../repr/float-bits.js';
import {
  add,
  div,
  FACT,
  fastTwoSum,
  lo,
  mul,
  ODD,
  poly,
  sqrt,
  tabulate,
  twoSum,
  withLo,
} from './double-double.js';

/** 2/pi with TWO_OVER_PI_BITS bits after the binary point, for exact argument reduction. */
const TWO_OVER_PI_BITS = 1300;
const TWO_OVER_PI = BigInt(
  '0x' +
    'a2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561' +
    'b7246e3a424dd2e006492eea09d1921cfe1deb1cb129a73ee88235f52ebb4484' +
    'e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980f' +
    'ef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b' +
    '3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc209af4361d' +
    'a9e39',
);
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const PI_HI = 3.141592653589793;
const PI_LO = 1.2246467991473532e-16;
const PIO4 = 0.7853981633974483;
// pi/2 = CW1 + CW2 + ... (33 significant bits each) + O(2^-174)
const CW1 = 1.5707963267341256;
const CW2 = 6.077100506303966e-11;
const CW3 = 2.0222662487111665e-21;
const CW4 = 8.478427660348229e-32;
const CW5 = 2.067032109450824e-43;

/** Quadrant of the last reduce(): x = r + q pi/2 (mod 2 pi). */
let quadrant = 0;

/**
 * x reduced mod pi/2 exactly: returns r (and its low part in lo) with |r| <= pi/4 and
 * x = r + k pi/2, quadrant = k mod 4.
 */
function reduce(x: number): number {
  if (Math.abs(x) <= PIO4) {
    quadrant = 0;
    return withLo(x, 0);
  }
  if (Math.abs(x) < 524288) {
    // k pi/2 with pi/2 in five 33-bit parts: each k × part is exact for |k| < 2^20
    const k = Math.round(x * 0.6366197723675814);
    quadrant = k & 3;
    let h = twoSum(x - k * CW1, -(k * CW2)); // x - k CW1 is exact (Sterbenz)
    h = add(h, lo, -(k * CW3), 0);
    h = add(h, lo, -(k * CW4), 0);
    return add(h, lo, -(k * CW5), 0);
  }
  const { m, e } = significand(Math.abs(x));
  // x 2/pi = m C 2^(e - BITS); k = its nearest integer, f = the rest (|f| <= 1/2)
  const shift = BigInt(TWO_OVER_PI_BITS - e);
  const prod = m * TWO_OVER_PI;
  const k = (prod + (1n << (shift - 1n))) >> shift;
  const f = prod - (k << shift);
  quadrant = Number(k & 3n);
  if (x < 0) quadrant = (4 - quadrant) & 3;
  // f / 2^shift as a double-double (its top 106 bits), then times pi/2
  const neg = f < 0n;
  const a = neg ? -f : f;
  const drop = BigInt(Math.max(0, a.toString(2).length - 106));
  const top = a >> drop;
  const at = Number(drop) - Number(shift);
  let fh = ldexp(Number(top >> 53n), at + 53);
  let fl = ldexp(Number(top & ((1n << 53n) - 1n)), at);
  fh = fastTwoSum(fh, fl);
  fl = lo;
  if (neg !== x < 0) {
    fh = -fh;
    fl = -fl;
  }
  return mul(fh, fl, PIO2_HI, PIO2_LO);
}

/** Series of sin d (odd: d - d^3/3! + ...) or cos d (1 - d^2/2! + ...), `terms` terms. */
function sinCosSeries(dh: number, dl: number, odd: boolean, terms: number): number {
  const d2h = mul(dh, dl, dh, dl);
  const first = odd ? 1 : 0;
  const ph = poly(FACT, first, first + 2 * (terms - 1), 2, -d2h, -lo);
  return odd ? mul(ph, lo, dh, dl) : ph;
}

/** sin(j/64) and cos(j/64), j = 0..51 (to pi/4). */
const SIN_J = tabulate(52, (j) => sinCosSeries(j / 64, 0, true, 14));
const COS_J = tabulate(52, (j) => sinCosSeries(j / 64, 0, false, 15));

/** sin (odd) or cos of rh + rl, |r| <= pi/4: from the table at j/64 and the series of the rest. */
function sinCosDD(rh: number, rl: number, odd: boolean): number {
  const j = Math.round(Math.abs(rh) * 64);
  const neg = rh < 0;
  // |r| = j/64 + d, |d| <= 1/128: 6 terms of each series for 106 bits
  const dh = add(neg ? -rh : rh, neg ? -rl : rl, -j / 64, 0);
  const dl = lo;
  const sdh = sinCosSeries(dh, dl, true, 6);
  const sdl = lo;
  const cdh = sinCosSeries(dh, dl, false, 7);
  const cdl = lo;
  if (odd) {
    // sin(j/64 + d) = sin(j/64) cos d + cos(j/64) sin d; sin is odd
    const xh = mul(SIN_J.hi[j]!, SIN_J.lo[j]!, cdh, cdl);
    const xl = lo;
    const yh = mul(COS_J.hi[j]!, COS_J.lo[j]!, sdh, sdl);
    const h = add(xh, xl, yh, lo);
    return neg ? withLo(-h, -lo) : h;
  }
  // cos(j/64 + d) = cos(j/64) cos d - sin(j/64) sin d; cos is even
  const xh = mul(COS_J.hi[j]!, COS_J.lo[j]!, cdh, cdl);
  const xl = lo;
  const yh = mul(SIN_J.hi[j]!, SIN_J.lo[j]!, sdh, sdl);
  return add(xh, xl, -yh, -lo);
}

/** sin x as glibc's (correctly rounded). */
export function sin(x: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.sin(x);
  const rh = reduce(x);
  // sin(r + q pi/2): sin r, cos r, -sin r, -cos r
  const v = sinCosDD(rh, lo, quadrant % 2 === 0);
  return quadrant >= 2 ? -v : v;
}

/** cos x as glibc's (correctly rounded). */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return Math.cos(x);
  const rh = reduce(x);
  // cos(r + q pi/2): cos r, -sin r, -cos r, sin r
  const v = sinCosDD(rh, lo, quadrant % 2 === 1);
  return quadrant === 1 || quadrant === 2 ? -v : v;
}

/** tan x as glibc's (correctly rounded). */
export function tan(x: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.tan(x);
  const rh = reduce(x);
  const rl = lo;
  const sh = sinCosDD(rh, rl, true);
  const sl = lo;
  const ch = sinCosDD(rh, rl, false);
  const cl = lo;
  return quadrant % 2 === 0 ? div(sh, sl, ch, cl) : -div(ch, cl, sh, sl);
}

/** a - a^3/3 + a^5/5 - ... (`terms` terms). */
function atanSeries(ah: number, al: number, terms: number): number {
  const a2h = mul(ah, al, ah, al);
  const ph = poly(ODD, 0, terms - 1, 1, -a2h, -lo);
  return mul(ph, lo, ah, al);
}

/** atan(j/64), j = 0..64 (halving the angle thrice, then the series). */
const ATAN_J = tabulate(65, (j) => {
  // atan a = 2 atan(a / (1 + sqrt(1 + a^2))): after three, |a| <= tan(pi/32) < 0.1
  let ah = j / 64;
  let al = 0;
  for (let i = 0; i < 3; i++) {
    let th = mul(ah, al, ah, al);
    th = add(th, lo, 1, 0);
    th = sqrt(th, lo);
    th = add(th, lo, 1, 0);
    ah = div(ah, al, th, lo);
    al = lo;
  }
  const h = atanSeries(ah, al, 24);
  return mul(h, lo, 8, 0);
});

/** atan(ah + al) for any finite a, as a double-double. */
function atanDD(ah: number, al: number): number {
  const neg = ah < 0;
  if (neg) {
    ah = -ah;
    al = -al;
  }
  let ph: number;
  if (ah > 1e150) {
    // pi/2 - 1/a: the rest of the series is far below the last place
    ph = add(PIO2_HI, PIO2_LO, -1 / ah, 0);
  } else {
    const inverted = ah > 1;
    if (inverted) {
      // atan a = pi/2 - atan(1/a)
      ah = div(1, 0, ah, al);
      al = lo;
    }
    // atan a = atan c + atan((a - c) / (1 + a c)), c = j/64 the nearest such (the table)
    const j = Math.round(ah * 64);
    const c = j / 64;
    const nh = add(ah, al, -c, 0);
    const nl = lo;
    const mh = mul(ah, al, c, 0);
    const dh = add(mh, lo, 1, 0);
    const qh = div(nh, nl, dh, lo);
    ph = atanSeries(qh, lo, 9); // |q| <= 1/128
    ph = add(ph, lo, ATAN_J.hi[j]!, ATAN_J.lo[j]!);
    if (inverted) ph = add(PIO2_HI, PIO2_LO, -ph, -lo);
  }
  return neg ? withLo(-ph, -lo) : ph;
}

/** atan x as glibc's (correctly rounded). */
export function atan(x: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.atan(x);
  return atanDD(x, 0);
}

/** asin x for |x| <= 1 as glibc's (correctly rounded): atan(x / sqrt((1 - x)(1 + x))). */
export function asin(x: number): number {
  if (!(Math.abs(x) < 1) || x === 0) return Math.asin(x);
  const a = Math.abs(x);
  const dh = twoSum(1, -a);
  const ph = mul(dh, lo, twoSum(1, a), lo);
  const sh = sqrt(ph, lo);
  const qh = div(x, 0, sh, lo);
  return atanDD(qh, lo);
}

/** acos x for |x| <= 1 as glibc's (correctly rounded): 2 atan(sqrt((1 - x) / (1 + x))). */
export function acos(x: number): number {
  if (!(Math.abs(x) < 1)) return Math.acos(x);
  const dh = twoSum(1, -x);
  const qh = div(dh, lo, twoSum(1, x), lo);
  const sh = sqrt(qh, lo);
  const h = atanDD(sh, lo);
  return mul(h, lo, 2, 0);
}

/** atan2(y, x) as glibc's (correctly rounded). */
export function atan2(y: number, x: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0) return Math.atan2(y, x);
  // A quotient beyond 2^±800 rounds the angle to 0, ±pi/2 or ±pi, which Math.atan2 gets right;
  // otherwise both are scaled (exactly) so x is near 1 and the double-double division is safe.
  const q = Math.abs(y / x);
  if (!(q < 6.668014432879854e240 && q > 1.499696813895631e-241)) return Math.atan2(y, x);
  const ex = exponentOf(Math.abs(x));
  const qh = div(ldexp(y, -ex), 0, ldexp(x, -ex), 0);
  const h = atanDD(qh, lo);
  if (x > 0) return h;
  // x < 0: add pi toward y's side
  return y > 0 ? add(h, lo, PI_HI, PI_LO) : add(h, lo, -PI_HI, -PI_LO);
}
