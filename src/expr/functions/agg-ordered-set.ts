// Ordered-set aggregates: percentile_cont, percentile_disc and mode, called as
// `f(direct args) WITHIN GROUP (ORDER BY x)`. The binder passes the direct argument first and the
// sorted value last, and the inputs arrive sorted by x; NULL values of x are skipped (strict).
// The percentiles also take an array of fractions and give the array of their percentiles, in
// its shape (a NULL fraction gives NULL).
import { EddyError } from '../../errors/index.js';
import { Interval, PgArray, T, arrayOf, compareDatum, type Datum } from '../../repr/index.js';
import type { AggInput, AggregateFunc } from '../signature.js';

function fractionOf(inputs: readonly AggInput[]): number | null {
  return checkedFraction(inputs[0]?.[0][0] ?? null);
}

function checkedFraction(f: Datum): number | null {
  if (f === null) return null;
  const x = f as number;
  if (!(x >= 0 && x <= 1))
    throw new EddyError('22003', `percentile value ${x} is not between 0 and 1`);
  return x;
}

/** The values in order, each repeated by its multiplicity. */
function expand(inputs: readonly AggInput[]): Datum[] {
  const out: Datum[] = [];
  for (const [args, diff] of inputs)
    for (let i = 0; i < diff; i++) out.push(args[args.length - 1]!);
  return out;
}

function lerp(a: Datum, b: Datum, t: number): Datum {
  if (typeof a === 'number') return t === 0 ? a : a + ((b as number) - a) * t;
  const x = a as Interval;
  const y = b as Interval;
  if (t === 0) return x;
  // Interpolate on the interval's total span, as PostgreSQL's interval_lerp does per field.
  const months = x.months + (y.months - x.months) * t;
  const days = x.days + (y.days - x.days) * t;
  const micros = Number(x.micros) + Number(y.micros - x.micros) * t;
  const m = Math.trunc(months);
  const dayFrac = days + (months - m) * 30;
  const d = Math.trunc(dayFrac);
  return new Interval(m, d, BigInt(Math.round(micros + (dayFrac - d) * 86_400_000_000)));
}

function contAt(values: readonly Datum[], fraction: number): Datum {
  const pos = fraction * (values.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return lerp(values[lo]!, values[hi]!, pos - lo);
}

function discAt(values: readonly Datum[], fraction: number): Datum {
  return values[Math.max(0, Math.ceil(fraction * values.length) - 1)] ?? null;
}

/** A percentile aggregate over one fraction, or over an array of them. */
function percentile(at: (values: readonly Datum[], fraction: number) => Datum) {
  return {
    one: (inputs: readonly AggInput[]): Datum => {
      if (inputs.length === 0) return null;
      const fraction = fractionOf(inputs);
      return fraction === null ? null : at(expand(inputs), fraction);
    },
    many: (inputs: readonly AggInput[]): Datum => {
      if (inputs.length === 0) return null;
      const fractions = inputs[0]![0][0] as PgArray;
      const checked = fractions.elements.map(checkedFraction);
      const values = expand(inputs);
      return new PgArray(
        checked.map((f) => (f === null ? null : at(values, f))),
        fractions.dims,
      );
    },
  };
}

const cont = percentile(contAt);
const disc = percentile(discAt);

/** The most frequent value; among equally frequent ones, the first in sort order. */
function mode(inputs: readonly AggInput[]): Datum {
  let best: Datum = null;
  let bestCount = 0;
  let cur: Datum = null;
  let curCount = 0;
  for (const [args, diff] of inputs) {
    const v = args[args.length - 1]!;
    if (curCount > 0 && compareDatum(cur, v) === 0) curCount += diff;
    else {
      cur = v;
      curCount = diff;
    }
    if (curCount > bestCount) {
      best = cur;
      bestCount = curCount;
    }
  }
  return best;
}

export const orderedSetAggregates: AggregateFunc[] = [
  {
    name: 'percentile_cont',
    args: ['float8', 'float8'],
    ret: T.float8,
    strict: true,
    apply: cont.one,
  },
  {
    name: 'percentile_cont',
    args: ['float8', 'interval'],
    ret: T.interval,
    strict: true,
    apply: cont.one,
  },
  {
    name: 'percentile_cont',
    args: [{ array: 'float8' }, 'float8'],
    ret: arrayOf(T.float8),
    strict: true,
    apply: cont.many,
  },
  {
    name: 'percentile_cont',
    args: [{ array: 'float8' }, 'interval'],
    ret: arrayOf(T.interval),
    strict: true,
    apply: cont.many,
  },
  {
    name: 'percentile_disc',
    args: ['float8', 'anyelement'],
    ret: 'anyelement',
    strict: true,
    apply: disc.one,
  },
  {
    name: 'percentile_disc',
    args: [{ array: 'float8' }, 'anyelement'],
    ret: 'anyarray',
    strict: true,
    apply: disc.many,
  },
  { name: 'mode', args: ['anyelement'], ret: 'anyelement', strict: true, apply: mode },
];
