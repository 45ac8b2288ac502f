// Double-double arithmetic: a value is the unevaluated sum hi + lo of two doubles with
// |lo| <= ulp(hi) / 2, about 106 bits. Operations return the high part and leave the low part in
// `lo` (module scratch), so nothing is allocated; read `lo` right after the call that set it.
// Also the one Horner evaluation every series of the elementary functions uses, and the
// coefficient tables they share (1/(2n+1) and 1/n!).

/** Low part of the last operation's result (a live binding: read it, set it with `withLo`). */
export let lo = 0;

/** Returns hi with `l` as the low part of the result. */
export function withLo(hi: number, l: number): number {
  lo = l;
  return hi;
}

const SPLIT = 134217729; // 2^27 + 1 (Dekker's split; operands must stay below 2^996)

/** hi + lo = a + b exactly. */
export function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  lo = a - (s - bb) + (b - bb);
  return s;
}

/** hi + lo = a + b exactly, given |a| >= |b|. */
export function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  lo = b - (s - a);
  return s;
}

/** hi + lo = a * b exactly (no FMA in JavaScript: Dekker's product). */
export function twoProd(a: number, b: number): number {
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
export function add(ah: number, al: number, bh: number, bl: number): number {
  const sh = twoSum(ah, bh);
  let sl = lo;
  const th = twoSum(al, bl);
  const tl = lo;
  sl += th;
  const h = fastTwoSum(sh, sl);
  return fastTwoSum(h, lo + tl);
}

/** (ah + al) * (bh + bl). */
export function mul(ah: number, al: number, bh: number, bl: number): number {
  const p = twoProd(ah, bh);
  return fastTwoSum(p, lo + (ah * bl + al * bh));
}

/** (ah + al) / (bh + bl). */
export function div(ah: number, al: number, bh: number, bl: number): number {
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

/** sqrt(ah + al) (one Newton step from the double square root). */
export function sqrt(ah: number, al: number): number {
  if (ah <= 0) return withLo(0, 0);
  const s = Math.sqrt(ah);
  // s + (a - s^2) / (2 s)
  const sq = twoProd(s, s);
  const d = add(ah, al, -sq, -lo);
  return fastTwoSum(s, d / (2 * s));
}

/** A table of double-double coefficients. */
export interface Coefficients {
  readonly hi: readonly number[];
  readonly lo: readonly number[];
}

/**
 * c[first] + c[first + step] x + c[first + 2 step] x^2 + ... up to c[last] x^k (Horner), for x =
 * xh + xl.
 */
export function poly(
  c: Coefficients,
  first: number,
  last: number,
  step: number,
  xh: number,
  xl: number,
): number {
  let ph = c.hi[last]!;
  let pl = c.lo[last]!;
  for (let n = last - step; n >= first; n -= step) {
    ph = mul(ph, pl, xh, xl);
    ph = add(ph, lo, c.hi[n]!, c.lo[n]!);
    pl = lo;
  }
  return withLo(ph, pl);
}

/** A table of n double-doubles: at(i, the previous entry) returns entry i (low part in lo). */
export function tabulate(
  n: number,
  at: (i: number, prevHi: number, prevLo: number) => number,
): Coefficients {
  const hi: number[] = [];
  const los: number[] = [];
  for (let i = 0; i < n; i++) {
    hi.push(at(i, hi[i - 1] ?? 1, los[i - 1] ?? 0));
    los.push(lo);
  }
  return { hi, lo: los };
}

/** 1 / (2n + 1), n = 0..23: the series of atanh and atan. */
export const ODD = tabulate(24, (n) => div(1, 0, 2 * n + 1, 0));

/** 1 / n!, n = 0..28: the series of exp, sin and cos. */
export const FACT = tabulate(29, (n, h, l) => (n === 0 ? withLo(1, 0) : div(h, l, n, 0)));
