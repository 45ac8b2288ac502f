// Numeric aggregates: sum, avg and the variance/stddev family with PostgreSQL's result types and
// digits (ints → int8/numeric exactly, numeric with select_div_scale rounding, floats with the
// Youngs-Cramer float8 accumulator, intervals with interval_div). Inputs are (args, diff) pairs.
import { numericValueOutOfRange } from '../../errors/index.js';
import { Interval, Numeric, T, type Datum } from '../../repr/index.js';
import { numericAdd, numericDiv, numericMul } from '../numeric-math/index.js';
import type { AccumulableAgg, AggInput, AggregateFunc, ParamType } from '../signature.js';
import { intervalAdd, intervalDiv, intervalMul } from './datetime-arith.js';

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** Non-null first arguments with their multiplicities. */
export function values(inputs: readonly AggInput[]): [Datum, number][] {
  const out: [Datum, number][] = [];
  for (const [args, diff] of inputs) {
    const v = args[0] ?? null;
    if (v !== null && diff > 0) out.push([v, diff]);
  }
  return out;
}

const toNumeric = (v: Datum): Numeric =>
  v instanceof Numeric ? v : Numeric.fromBigInt(typeof v === 'bigint' ? v : BigInt(v as number));

function numericSum(vals: readonly [Datum, number][]): Numeric {
  let s = Numeric.ZERO;
  for (const [v, d] of vals)
    s = numericAdd(
      s,
      d === 1 ? toNumeric(v) : numericMul(toNumeric(v), Numeric.fromBigInt(BigInt(d))),
    );
  return s;
}

function count(vals: readonly [Datum, number][]): number {
  let n = 0;
  for (const [, d] of vals) n += d;
  return n;
}

function sumInt8(vals: readonly [Datum, number][]): bigint {
  let s = 0n;
  for (const [v, d] of vals) s += BigInt(v as number) * BigInt(d);
  if (s < INT8_MIN || s > INT8_MAX) throw numericValueOutOfRange('bigint out of range');
  return s;
}

/** Repeated float addition, as PostgreSQL adds one row at a time. */
function floatSum(vals: readonly [Datum, number][], f4: boolean): number {
  let s = 0;
  for (const [v, d] of vals) {
    for (let i = 0; i < d; i++) s = f4 ? Math.fround(s + (v as number)) : s + (v as number);
  }
  return s;
}

/** float8 accumulator: N, Sx, Sxx (Youngs-Cramer), as float8_accum keeps it. */
function floatAccum(vals: readonly [Datum, number][]): [number, number, number] {
  let n = 0;
  let sx = 0;
  let sxx = 0;
  for (const [v, d] of vals) {
    const x = v as number;
    for (let i = 0; i < d; i++) {
      const oldSx = sx;
      n += 1;
      sx += x;
      if (n > 1) {
        const tmp = x * n - sx;
        sxx += (tmp * tmp) / (n * (n - 1));
        if (!Number.isFinite(sx) || !Number.isFinite(sxx)) {
          if (Number.isFinite(oldSx) && Number.isFinite(x)) {
            throw numericValueOutOfRange('value out of range: overflow');
          }
          sxx = NaN;
        }
      } else if (!Number.isFinite(x)) {
        sxx = NaN;
      }
    }
  }
  return [n, sx, sxx];
}

/** sqrt rounded to `scale` decimals. */
function sqrtAt(x: Numeric, scale: number): Numeric {
  const shift = 2 * (scale + 1) - x.scale;
  const n = shift >= 0 ? x.coef * 10n ** BigInt(shift) : x.coef / 10n ** BigInt(-shift);
  let r = isqrt(n);
  r = (r + 5n) / 10n;
  return Numeric.of(r, scale);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y;
  }
}

type VarKind = 'var_samp' | 'var_pop' | 'stddev_samp' | 'stddev_pop';

function numericVariance(vals: readonly [Datum, number][], kind: VarKind): Datum {
  const n = count(vals);
  const sample = kind === 'var_samp' || kind === 'stddev_samp';
  if (n === 0 || (sample && n <= 1)) return null;
  const nums = vals.map(([v, d]) => [toNumeric(v), d] as const);
  if (nums.some(([v]) => !v.isFinite())) return Numeric.NaN;
  const scale = Math.max(0, ...nums.map(([v]) => v.scale));
  let sx = 0n;
  let sxx = 0n;
  for (const [v, d] of nums) {
    const c = v.withScale(scale).coef;
    sx += c * BigInt(d);
    sxx += c * c * BigInt(d);
  }
  const N = BigInt(n);
  const numer = N * sxx - sx * sx; // at scale 2*scale
  if (numer <= 0n) return Numeric.ZERO;
  const denom = sample ? N * (N - 1n) : N * N;
  const a = Numeric.of(numer, 2 * scale);
  const b = Numeric.fromBigInt(denom);
  const variance = numericDiv(a, b);
  if (kind === 'var_samp' || kind === 'var_pop') return variance;
  return sqrtAt(variance, variance.scale);
}

function floatVariance(vals: readonly [Datum, number][], kind: VarKind): Datum {
  const [n, , sxx] = floatAccum(vals);
  const sample = kind === 'var_samp' || kind === 'stddev_samp';
  if (n === 0 || (sample && n <= 1)) return null;
  const v = sxx / (sample ? n - 1 : n);
  return kind.startsWith('stddev') ? Math.sqrt(v) : v;
}

function agg(
  name: string,
  args: readonly ParamType[],
  ret: AggregateFunc['ret'],
  apply: (vals: [Datum, number][]) => Datum,
  accumulate?: AccumulableAgg,
): AggregateFunc {
  return {
    name,
    args,
    ret,
    strict: true,
    apply: (inputs) => apply(values(inputs)),
    ...(accumulate ? { accumulate } : {}),
  };
}

/**
 * Accumulator over exact numerics (int and numeric sum/avg), correct under retractions:
 * [sum of the finite values, count, NaN count, +Infinity count, -Infinity count, then pairs
 * (display scale, count)]. PostgreSQL shows a sum with the largest display scale among the values
 * summed, so the scales of the current values are counted, not just the largest ever seen.
 */
const exactAccum = (finish: (sum: Numeric, n: bigint) => Datum): AccumulableAgg => ({
  zero: () => [Numeric.ZERO, 0n, 0n, 0n, 0n],
  add: (state, args, diff) => {
    const v = args[0] ?? null;
    if (v === null) return state;
    const d = BigInt(diff);
    const next = [...state];
    next[1] = (state[1] as bigint) + d;
    const n = toNumeric(v);
    if (n.special !== null) {
      const at = n.special === 'NaN' ? 2 : n.special === 'Infinity' ? 3 : 4;
      next[at] = (state[at] as bigint) + d;
      return next;
    }
    next[0] = numericAdd(state[0] as Numeric, numericMul(n, Numeric.fromBigInt(d)));
    let i = 5;
    while (i < next.length && next[i] !== n.scale) i += 2;
    if (i >= next.length) next.push(n.scale, 0n);
    next[i + 1] = (next[i + 1] as bigint) + d;
    if (next[i + 1] === 0n) next.splice(i, 2);
    return next;
  },
  finish: (state) => {
    const n = state[1] as bigint;
    const [nan, pinf, ninf] = [state[2], state[3], state[4]] as bigint[];
    if (n !== 0n && (nan! > 0n || (pinf! > 0n && ninf! > 0n))) return finish(Numeric.NaN, n);
    if (n !== 0n && pinf! > 0n) return finish(Numeric.Infinity, n);
    if (n !== 0n && ninf! > 0n) return finish(Numeric.NegInfinity, n);
    let scale = 0;
    for (let i = 5; i < state.length; i += 2)
      if ((state[i + 1] as bigint) > 0n) scale = Math.max(scale, state[i] as number);
    return finish(withScale(state[0] as Numeric, scale), n);
  },
});

/**
 * Accumulator for sum and avg over integers (int2, int4, int8): [sum, count], the sum a JS number
 * while it is a safe integer (a bigint beyond), the count a number: far less to allocate, store
 * and load per change than exactAccum's numerics. States that earlier builds stored in
 * exactAccum's layout (a numeric sum of scale 0, then bigint counts) are read too.
 */
const integerAccum = (finish: (sum: bigint, n: number) => Datum): AccumulableAgg => ({
  zero: () => [0, 0],
  add: (state, args, diff) => {
    const v = args[0] ?? null;
    if (v === null) return state;
    const [sum, n] = integerState(state);
    return [addProduct(sum, v as number | bigint, diff), n + diff];
  },
  finish: (state) => {
    const [sum, n] = integerState(state);
    return finish(typeof sum === 'bigint' ? sum : BigInt(sum), n);
  },
});

function integerState(state: readonly Datum[]): readonly [number | bigint, number] {
  if (state.length === 2) return [state[0] as number | bigint, state[1] as number];
  return [(state[0] as Numeric).coef, Number(state[1] as bigint)];
}

/** sum + v * diff, exactly: in numbers while every step is a safe integer. */
function addProduct(sum: number | bigint, v: number | bigint, diff: number): number | bigint {
  if (typeof sum === 'number' && typeof v === 'number') {
    const p = v * diff;
    if (Number.isSafeInteger(p)) {
      const t = sum + p;
      if (Number.isSafeInteger(t)) return t;
    }
  }
  return BigInt(sum) + BigInt(v) * BigInt(diff);
}

function int8Sum(sum: bigint, n: number): Datum {
  if (n === 0) return null;
  if (sum < INT8_MIN || sum > INT8_MAX) throw numericValueOutOfRange('bigint out of range');
  return sum;
}

/** The same finite value shown with `scale` digits (exact: the value has no more digits). */
function withScale(v: Numeric, scale: number): Numeric {
  if (v.scale === scale) return v;
  if (v.scale < scale) return Numeric.of(v.coef * 10n ** BigInt(scale - v.scale), scale);
  return Numeric.of(v.coef / 10n ** BigInt(v.scale - scale), scale);
}

const avgNumeric = (vals: readonly [Datum, number][]): Datum => {
  const n = count(vals);
  return n === 0 ? null : numericDiv(numericSum(vals), Numeric.fromBigInt(BigInt(n)));
};

function intervalSum(vals: readonly [Datum, number][]): Interval | null {
  if (vals.length === 0) return null;
  let s = Interval.ZERO;
  for (const [v, d] of vals)
    s = intervalAdd(s, d === 1 ? (v as Interval) : intervalMul(v as Interval, d));
  return s;
}

export const numericAggregates: AggregateFunc[] = [
  ...(['int2', 'int4'] as const).map((t) =>
    agg('sum', [t], T.int8, (v) => (v.length === 0 ? null : sumInt8(v)), integerAccum(int8Sum)),
  ),
  agg(
    'sum',
    ['int8'],
    T.numeric,
    (v) => (v.length === 0 ? null : numericSum(v)),
    integerAccum((s, n) => (n === 0 ? null : Numeric.fromBigInt(s))),
  ),
  agg(
    'sum',
    ['numeric'],
    T.numeric,
    (v) => (v.length === 0 ? null : numericSum(v)),
    exactAccum((s, n) => (n === 0n ? null : s)),
  ),
  agg('sum', ['float4'], T.float4, (v) => (v.length === 0 ? null : floatSum(v, true))),
  agg('sum', ['float8'], T.float8, (v) => (v.length === 0 ? null : floatSum(v, false))),
  agg('sum', ['interval'], T.interval, (v) => intervalSum(v)),
  ...(['int2', 'int4', 'int8'] as const).map((t) =>
    agg(
      'avg',
      [t],
      T.numeric,
      avgNumeric,
      integerAccum((s, n) =>
        n === 0 ? null : numericDiv(Numeric.fromBigInt(s), Numeric.fromBigInt(BigInt(n))),
      ),
    ),
  ),
  agg(
    'avg',
    ['numeric'],
    T.numeric,
    avgNumeric,
    exactAccum((s, n) => (n === 0n ? null : numericDiv(s, Numeric.fromBigInt(n)))),
  ),
  ...(['float4', 'float8'] as const).map((t) =>
    agg('avg', [t], T.float8, (v) => {
      const [n, sx] = floatAccum(v);
      return n === 0 ? null : sx / n;
    }),
  ),
  agg('avg', ['interval'], T.interval, (v) => {
    const s = intervalSum(v);
    return s === null ? null : intervalDiv(s, count(v));
  }),
];

const VARIANTS: readonly [string, VarKind][] = [
  ['variance', 'var_samp'],
  ['var_samp', 'var_samp'],
  ['var_pop', 'var_pop'],
  ['stddev', 'stddev_samp'],
  ['stddev_samp', 'stddev_samp'],
  ['stddev_pop', 'stddev_pop'],
];

for (const [name, kind] of VARIANTS) {
  for (const t of ['int2', 'int4', 'int8', 'numeric'] as const) {
    numericAggregates.push(agg(name, [t], T.numeric, (v) => numericVariance(v, kind)));
  }
  for (const t of ['float4', 'float8'] as const) {
    numericAggregates.push(agg(name, [t], T.float8, (v) => floatVariance(v, kind)));
  }
}
