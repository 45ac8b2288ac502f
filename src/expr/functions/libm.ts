// Elementary float8 functions that return what PostgreSQL returns. PostgreSQL calls the C
// library (glibc), whose exp, log, log10 and pow are correctly rounded in all but vanishingly rare
// cases; V8's Math.exp / log / log10 / pow are off by one unit in the last place for a few percent
// of arguments (ln 3 = 1.0986122886681098 there, 1.0986122886681096 in V8), which the shortest
// round-trip output shows. Here they are computed in double-double arithmetic (about 106 bits)
// and rounded once. sinh, cosh, asinh and acosh follow the classic formulas glibc uses, with these
// exp and log where it uses its exp and log (and Math.expm1 / Math.log1p, the same fdlibm
// routines in both, where it uses those).
//
// A double-double is an unevaluated sum hi + lo with |lo| <= ulp(hi) / 2; operations return the
// low part in `lo` (module scratch) and the high part as their value, so nothing is allocated.

/** Low part of the last operation's double-double result. */
let lo = 0;

const SPLIT = 134217729; // 2^27 + 1 (Dekker's split)

/** hi + lo = a + b exactly. */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  lo = a - (s - bb) + (b - bb);
  return s;
}

/** hi + lo = a + b exactly, given |a| >= |b|. */
function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  lo = b - (s - a);
  return s;
}

/** hi + lo = a * b exactly (no FMA in JavaScript: Dekker's product). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  lo = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** (ah + al) + (bh + bl). */
function add(ah: number, al: number, bh: number, bl: number): number {
  const sh = twoSum(ah, bh);
  let sl = lo;
  const th = twoSum(al, bl);
  const tl = lo;
  sl += th;
  const h = fastTwoSum(sh, sl);
  return fastTwoSum(h, lo + tl);
}

/** (ah + al) * (bh + bl). */
function mul(ah: number, al: number, bh: number, bl: number): number {
  const p = twoProd(ah, bh);
  return fastTwoSum(p, lo + (ah * bl + al * bh));
}

/** (ah + al) / (bh + bl). */
function div(ah: number, al: number, bh: number, bl: number): number {
  const q1 = ah / bh;
  // r = a - q1 * b
  let ph = mul(bh, bl, q1, 0);
  let pl = lo;
  let rh = add(ah, al, -ph, -pl);
  let rl = lo;
  const q2 = rh / bh;
  ph = mul(bh, bl, q2, 0);
  pl = lo;
  rh = add(rh, rl, -ph, -pl);
  rl = lo;
  const q3 = rh / bh;
  const qh = fastTwoSum(q1, q2);
  return add(qh, lo, q3, 0);
}

// ln 2 as a double-double (from its 80-digit value).
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
// fdlibm's log10 constants: 1 / ln 10 rounded, log10(2) as a 33-bit high part and the rest.
const INV_LN10 = 4.34294481903251816668e-1;
const LOG10_2_HI = 3.01029995663611771306e-1;
const LOG10_2_LO = 3.69423907715893078616e-13;

/** 1 / (2n + 1), n = 0.., as double-doubles: the series of log below. */
const ODD_HI: number[] = [];
const ODD_LO: number[] = [];
/** 1 / n!, n = 0.., as double-doubles: the series of exp below. */
const FACT_HI: number[] = [1];
const FACT_LO: number[] = [0];
for (let n = 0; n < 24; n++) {
  ODD_HI.push(div(1, 0, 2 * n + 1, 0));
  ODD_LO.push(lo);
}
for (let n = 1; n < 29; n++) {
  FACT_HI.push(div(FACT_HI[n - 1]!, FACT_LO[n - 1]!, n, 0));
  FACT_LO.push(lo);
}

const view = new DataView(new ArrayBuffer(8));

/** The binary exponent of a positive normal double. */
function exponentOf(x: number): number {
  view.setFloat64(0, x);
  return ((view.getUint32(0) >>> 20) & 0x7ff) - 1023;
}

/** x = m × 2^e for a positive finite double, m its integer significand. */
function significand(x: number): { m: bigint; e: number } {
  const e =
    Math.max(exponentOf(x < 2.2250738585072014e-308 ? 2.2250738585072014e-308 : x), -1022) - 52;
  return { m: BigInt(x * pow2Big(-e)), e };
}

/** 2^k for any integer k in [-1074, 1023], exactly. */
function pow2(k: number): number {
  if (k >= -1022) {
    view.setUint32(0, (k + 1023) << 20);
    view.setUint32(4, 0);
    return view.getFloat64(0);
  }
  return pow2(k + 200) * pow2(-200);
}

/** ln x for a positive finite x, as a double-double. */
function logDD(x: number): number {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
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
  // ln m = ln c + 2 atanh((m - c) / (m + c)), c = 1 + j/64 the nearest such to m (a table)
  const j = Math.round((m - 1) * 64);
  const c = 1 + j / 64;
  const ph = atanhSeries(m - c, m, c, 6); // m - c is exact: within 1/128
  const pl = lo;
  const th = add(ph, pl, LOG_C_HI[j + LOG_C_OFFSET]!, LOG_C_LO[j + LOG_C_OFFSET]!);
  const tl = lo;
  const kh = twoProd(k, LN2_HI);
  const kl = lo + k * LN2_LO;
  return add(kh, kl, th, tl);
}

/**
 * 2 atanh(d / (a + b)) = ln(a / b) for d = a - b (exact), as a double-double, with `terms`
 * terms of 2 (s + s^3/3 + s^5/5 + ...), s = d / (a + b).
 */
function atanhSeries(d: number, a: number, b: number, terms: number): number {
  const dh = twoSum(a, b);
  const sh = div(d, 0, dh, lo);
  const sl = lo;
  const s2h = mul(sh, sl, sh, sl);
  const s2l = lo;
  let ph = ODD_HI[terms - 1]!;
  let pl = ODD_LO[terms - 1]!;
  for (let n = terms - 2; n >= 0; n--) {
    ph = mul(ph, pl, s2h, s2l);
    ph = add(ph, lo, ODD_HI[n]!, ODD_LO[n]!);
    pl = lo;
  }
  return mul(ph, pl, 2 * sh, 2 * sl);
}

/** ln(1 + j/64) for j = -LOG_C_OFFSET.. (m in [sqrt 1/2, sqrt 2]), as double-doubles. */
const LOG_C_OFFSET = 19;
const LOG_C_HI: number[] = [];
const LOG_C_LO: number[] = [];
for (let j = -LOG_C_OFFSET; j <= 27; j++) {
  const c = 1 + j / 64;
  // |s| <= 0.18: 24 terms for 106 bits
  LOG_C_HI.push(atanhSeries(c - 1, c, 1, 24));
  LOG_C_LO.push(lo);
}

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
  const eh = expSeries(dh, lo, 13);
  const ph = mul(eh, lo, EXP_J_HI[j + EXP_J_OFFSET]!, EXP_J_LO[j + EXP_J_OFFSET]!);
  // ph + lo is normalised: ph is e^r rounded; scaling by a power of two is exact unless the
  // result is subnormal.
  if (k > 1000) return ph * pow2(k - 1000) * pow2(1000);
  if (k < -1000) return ph * pow2(k + 1000) * pow2(-1000);
  return ph * pow2(k);
}

/** 1 + d + d^2/2! + ... (`terms` terms), as a double-double. */
function expSeries(dh: number, dl: number, terms: number): number {
  let ph = FACT_HI[terms - 1]!;
  let pl = FACT_LO[terms - 1]!;
  for (let n = terms - 2; n >= 0; n--) {
    ph = mul(ph, pl, dh, dl);
    ph = add(ph, lo, FACT_HI[n]!, FACT_LO[n]!);
    pl = lo;
  }
  return fastTwoSum(ph, pl);
}

/** e^(j/64) for |j| <= 23 (|r| <= ln2/2), as double-doubles. */
const EXP_J_OFFSET = 23;
const EXP_J_HI: number[] = [];
const EXP_J_LO: number[] = [];
for (let j = -EXP_J_OFFSET; j <= EXP_J_OFFSET; j++) {
  EXP_J_HI.push(expSeries(j / 64, 0, 29)); // |j/64| <= 0.36: 29 terms
  EXP_J_LO.push(lo);
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
  const scale = x < 2.2250738585072014e-308 ? 54 : 0; // a subnormal is scaled to a normal
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

// ---- Trigonometric functions (glibc's are IBM's correctly rounded ones) ----------------------

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
 * x reduced mod pi/2 exactly (2/pi to 1,300 bits: enough for any double): returns r (and its
 * low part in lo) with |r| <= pi/4 and x = r + k pi/2, quadrant = k mod 4.
 */
function reduce(x: number): number {
  if (Math.abs(x) <= PIO4) {
    quadrant = 0;
    lo = 0;
    return x;
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
  // f / 2^shift as a double-double, then times pi/2
  const neg = f < 0n;
  const a = neg ? -f : f;
  const len = a.toString(2).length;
  const drop = BigInt(Math.max(0, len - 106));
  const top = a >> drop;
  const hiBits = top >> 53n;
  const scale = pow2Big(Number(drop) - Number(shift));
  let fh = Number(hiBits) * pow2Big(53) * scale;
  let fl = Number(top & ((1n << 53n) - 1n)) * scale;
  fh = fastTwoSum(fh, fl);
  fl = lo;
  if (neg !== x < 0) {
    fh = -fh;
    fl = -fl;
  }
  return mul(fh, fl, PIO2_HI, PIO2_LO);
}

/** 2^k for k in a wider range than pow2 (as a product of two). */
function pow2Big(k: number): number {
  if (k < -1022) return pow2(k + 500) * pow2(-500);
  if (k > 1023) return pow2(k - 500) * pow2(500);
  return pow2(k);
}

/** Series of sin d (odd = true: d - d^3/3! + ...) or cos d (1 - d^2/2! + ...), `terms` terms. */
function sinCosSeries(dh: number, dl: number, odd: boolean, terms: number): number {
  const d2h = mul(dh, dl, dh, dl);
  const d2l = lo;
  const first = odd ? 1 : 0;
  let n = first + 2 * (terms - 1);
  let ph = FACT_HI[n]!;
  let pl = FACT_LO[n]!;
  for (n -= 2; n >= first; n -= 2) {
    ph = mul(ph, pl, -d2h, -d2l);
    ph = add(ph, lo, FACT_HI[n]!, FACT_LO[n]!);
    pl = lo;
  }
  return odd ? mul(ph, pl, dh, dl) : fastTwoSum(ph, pl);
}

/** sin(j/64) and cos(j/64), j = 0..51 (to pi/4), as double-doubles. */
const SIN_J_HI: number[] = [];
const SIN_J_LO: number[] = [];
const COS_J_HI: number[] = [];
const COS_J_LO: number[] = [];
for (let j = 0; j <= 51; j++) {
  SIN_J_HI.push(sinCosSeries(j / 64, 0, true, 14));
  SIN_J_LO.push(lo);
  COS_J_HI.push(sinCosSeries(j / 64, 0, false, 15));
  COS_J_LO.push(lo);
}

/** sin (odd) or cos of rh + rl, |r| <= pi/4: from the table at j/64 and the series of the rest. */
function sinCosDD(rh: number, rl: number, odd: boolean): number {
  const j = Math.round(Math.abs(rh) * 64);
  const neg = rh < 0;
  const ah = neg ? -rh : rh;
  const al = neg ? -rl : rl;
  // a = j/64 + d, |d| <= 1/128: 6 terms of each series for 106 bits
  const dh = add(ah, al, -j / 64, 0);
  const dl = lo;
  const sdh = sinCosSeries(dh, dl, true, 6);
  const sdl = lo;
  const cdh = sinCosSeries(dh, dl, false, 7);
  const cdl = lo;
  let h: number;
  if (odd) {
    // sin(j/64 + d) = sin(j/64) cos d + cos(j/64) sin d
    const xh = mul(SIN_J_HI[j]!, SIN_J_LO[j]!, cdh, cdl);
    const xl = lo;
    const yh = mul(COS_J_HI[j]!, COS_J_LO[j]!, sdh, sdl);
    h = add(xh, xl, yh, lo);
    if (neg) {
      lo = -lo;
      return -h;
    }
    return h;
  }
  // cos(j/64 + d) = cos(j/64) cos d - sin(j/64) sin d
  const xh = mul(COS_J_HI[j]!, COS_J_LO[j]!, cdh, cdl);
  const xl = lo;
  const yh = mul(SIN_J_HI[j]!, SIN_J_LO[j]!, sdh, sdl);
  return add(xh, xl, -yh, -lo);
}

const sinDD = (rh: number, rl: number): number => sinCosDD(rh, rl, true);
const cosDD = (rh: number, rl: number): number => sinCosDD(rh, rl, false);

/** sin x as glibc's (correctly rounded). */
export function sin(x: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.sin(x);
  const rh = reduce(x);
  const rl = lo;
  switch (quadrant) {
    case 0:
      return sinDD(rh, rl);
    case 1:
      return cosDD(rh, rl);
    case 2:
      return -sinDD(rh, rl);
    default:
      return -cosDD(rh, rl);
  }
}

/** cos x as glibc's (correctly rounded). */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return Math.cos(x);
  const rh = reduce(x);
  const rl = lo;
  switch (quadrant) {
    case 0:
      return cosDD(rh, rl);
    case 1:
      return -sinDD(rh, rl);
    case 2:
      return -cosDD(rh, rl);
    default:
      return sinDD(rh, rl);
  }
}

/** tan x as glibc's (correctly rounded). */
export function tan(x: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.tan(x);
  const rh = reduce(x);
  const rl = lo;
  const sh = sinDD(rh, rl);
  const sl = lo;
  const ch = cosDD(rh, rl);
  const cl = lo;
  return quadrant % 2 === 0 ? div(sh, sl, ch, cl) : -div(ch, cl, sh, sl);
}

/** sqrt(ah + al) as a double-double (one Newton step from the double square root). */
function sqrtDD(ah: number, al: number): number {
  if (ah <= 0) {
    lo = 0;
    return 0;
  }
  const s = Math.sqrt(ah);
  // s + (a - s^2) / (2 s)
  const sq = twoProd(s, s);
  const d = add(ah, al, -sq, -lo);
  return fastTwoSum(s, d / (2 * s));
}

/** atan(ah + al) for any finite a, as a double-double. */
function atanDD(ah: number, al: number): number {
  const neg = ah < 0;
  if (neg) {
    ah = -ah;
    al = -al;
  }
  let offH = 0;
  let offL = 0;
  if (ah > 1e150) {
    // pi/2 - 1/a: the rest of the series is far below the last place
    const h = add(PIO2_HI, PIO2_LO, -1 / ah, 0);
    lo = neg ? -lo : lo;
    return neg ? -h : h;
  }
  if (ah > 1) {
    // atan a = pi/2 - atan(1/a)
    ah = div(1, 0, ah, al);
    al = lo;
    offH = PIO2_HI;
    offL = PIO2_LO;
  }
  // atan a = atan c + atan((a - c) / (1 + a c)), c = j/64 the nearest such (a table)
  const j = Math.round(ah * 64);
  const c = j / 64;
  const nh = add(ah, al, -c, 0);
  const nl = lo;
  const mh = mul(ah, al, c, 0);
  const dh = add(mh, lo, 1, 0);
  const qh = div(nh, nl, dh, lo);
  let ph = atanSeries(qh, lo, 9); // |q| <= 1/128
  ph = add(ph, lo, ATAN_J_HI[j]!, ATAN_J_LO[j]!);
  let pl = lo;
  if (offH !== 0) {
    ph = add(offH, offL, -ph, -pl);
    pl = lo;
  }
  if (neg) {
    lo = -pl;
    return -ph;
  }
  lo = pl;
  return ph;
}

/** a - a^3/3 + a^5/5 - ... (`terms` terms), as a double-double. */
function atanSeries(ah: number, al: number, terms: number): number {
  const a2h = mul(ah, al, ah, al);
  const a2l = lo;
  let ph = ODD_HI[terms - 1]!;
  let pl = ODD_LO[terms - 1]!;
  for (let n = terms - 2; n >= 0; n--) {
    ph = mul(ph, pl, -a2h, -a2l);
    ph = add(ph, lo, ODD_HI[n]!, ODD_LO[n]!);
    pl = lo;
  }
  return mul(ph, pl, ah, al);
}

/** atan(j/64), j = 0..64, as double-doubles (halving the angle thrice, then the series). */
const ATAN_J_HI: number[] = [];
const ATAN_J_LO: number[] = [];
for (let j = 0; j <= 64; j++) {
  // atan a = 2 atan(a / (1 + sqrt(1 + a^2))): after three, |a| <= tan(pi/32) < 0.1
  let ah = j / 64;
  let al = 0;
  for (let i = 0; i < 3; i++) {
    let th = mul(ah, al, ah, al);
    th = add(th, lo, 1, 0);
    th = sqrtDD(th, lo);
    th = add(th, lo, 1, 0);
    ah = div(ah, al, th, lo);
    al = lo;
  }
  const h = atanSeries(ah, al, 24);
  ATAN_J_HI.push(mul(h, lo, 8, 0));
  ATAN_J_LO.push(lo);
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
  const sh = sqrtDD(ph, lo);
  const qh = div(x, 0, sh, lo);
  return atanDD(qh, lo);
}

/** acos x for |x| <= 1 as glibc's (correctly rounded): 2 atan(sqrt((1 - x) / (1 + x))). */
export function acos(x: number): number {
  if (!(Math.abs(x) < 1)) return Math.acos(x);
  const dh = twoSum(1, -x);
  const qh = div(dh, lo, twoSum(1, x), lo);
  const sh = sqrtDD(qh, lo);
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
  const scale = pow2Big(
    -exponentOf(Math.abs(x) < 2.2250738585072014e-308 ? 2.2250738585072014e-308 : Math.abs(x)),
  );
  const qh = div(y * scale, 0, x * scale, 0);
  let h = atanDD(qh, lo);
  if (x > 0) return h;
  // x < 0: add pi toward y's side
  h = y > 0 ? add(h, lo, PI_HI, PI_LO) : add(h, lo, -PI_HI, -PI_LO);
  return h;
}
