// generate_series as table functions: over int4/int8/numeric (default step 1) and over
// timestamps/timestamptz with an interval step (timestamptz steps on the session zone's clock).
import { invalidParameterValue } from '../../errors/index.js';
import { Interval, Numeric, T, type Datum, type SqlType } from '../../repr/index.js';
import { numericAdd } from '../numeric-math/index.js';
import type { EvalContext, TableFunc } from '../signature.js';
import { sessionTimeZone } from '../../repr/datetime/index.js';
import { timestampPlusInterval, timestamptzPlusInterval } from './datetime-arith.js';

const stepZero = (): Error => invalidParameterValue('step size cannot equal zero');

/** generate_series(start, stop[, step]) over int4 (number) or int8 (bigint) values. */
export function* generateSeriesNumbers(
  start: number | bigint,
  stop: number | bigint,
  step: number | bigint = typeof start === 'bigint' ? 1n : 1,
): Generator<number | bigint> {
  if (typeof start === 'bigint') {
    const b = BigInt(stop);
    const s = BigInt(step);
    if (s === 0n) throw stepZero();
    for (let v = start; s > 0n ? v <= b : v >= b; v += s) yield v;
    return;
  }
  const b = Number(stop);
  const s = Number(step);
  if (s === 0) throw stepZero();
  for (let v = start; s > 0 ? v <= b : v >= b; v += s) yield v;
}

/** generate_series over numeric, with PostgreSQL's NaN/infinity checks. */
export function* generateSeriesNumeric(
  start: Numeric,
  stop: Numeric,
  step: Numeric = Numeric.ONE,
): Generator<Numeric> {
  const check = (v: Numeric, what: string): void => {
    if (v.isNaN()) throw invalidParameterValue(`${what} cannot be NaN`);
    if (!v.isFinite()) throw invalidParameterValue(`${what} cannot be infinity`);
  };
  check(start, 'start value');
  check(stop, 'stop value');
  check(step, 'step size');
  const sign = step.sign();
  if (sign === 0) throw stepZero();
  for (
    let v = start;
    sign > 0 ? v.compare(stop) <= 0 : v.compare(stop) >= 0;
    v = numericAdd(v, step)
  ) {
    yield v;
  }
}

/** generate_series(timestamp[tz], timestamp[tz], interval); `zone` set for timestamptz. */
export function* generateSeriesTimestamps(
  start: bigint,
  stop: bigint,
  step: Interval,
  zone: string | null,
): Generator<bigint> {
  if (step.months === 0 && step.days === 0 && step.micros === 0n) throw stepZero();
  const z = zone === null ? null : sessionTimeZone(zone);
  const positive = step.span() > 0n;
  for (let v = start; positive ? v <= stop : v >= stop;) {
    yield v;
    v = z === null ? timestampPlusInterval(v, step) : timestamptzPlusInterval(v, step, z);
  }
}

function col(type: SqlType): (argTypes: readonly SqlType[]) => { name: string; type: SqlType }[] {
  return () => [{ name: 'generate_series', type }];
}

function rows<X extends Datum>(it: Iterable<X>): Iterable<readonly Datum[]> {
  return {
    *[Symbol.iterator]() {
      for (const v of it) yield [v];
    },
  };
}

function series(
  args: TableFunc['args'],
  type: SqlType,
  impl: (a: readonly Datum[], ctx: EvalContext) => Iterable<readonly Datum[]>,
): TableFunc {
  return {
    name: 'generate_series',
    args,
    ret: type,
    columns: col(type),
    scalarResult: true,
    strict: true,
    impl,
  };
}

export const seriesTables: readonly TableFunc[] = [
  series(['int4', 'int4'], T.int4, (a) =>
    rows(generateSeriesNumbers(a[0] as number, a[1] as number)),
  ),
  series(['int4', 'int4', 'int4'], T.int4, (a) =>
    rows(generateSeriesNumbers(a[0] as number, a[1] as number, a[2] as number)),
  ),
  series(['int8', 'int8'], T.int8, (a) =>
    rows(generateSeriesNumbers(a[0] as bigint, a[1] as bigint)),
  ),
  series(['int8', 'int8', 'int8'], T.int8, (a) =>
    rows(generateSeriesNumbers(a[0] as bigint, a[1] as bigint, a[2] as bigint)),
  ),
  series(['numeric', 'numeric'], T.numeric, (a) =>
    rows(generateSeriesNumeric(a[0] as Numeric, a[1] as Numeric)),
  ),
  series(['numeric', 'numeric', 'numeric'], T.numeric, (a) =>
    rows(generateSeriesNumeric(a[0] as Numeric, a[1] as Numeric, a[2] as Numeric)),
  ),
  series(['timestamp', 'timestamp', 'interval'], T.timestamp, (a) =>
    rows(generateSeriesTimestamps(a[0] as bigint, a[1] as bigint, a[2] as Interval, null)),
  ),
  series(['timestamptz', 'timestamptz', 'interval'], T.timestamptz, (a, ctx) =>
    rows(generateSeriesTimestamps(a[0] as bigint, a[1] as bigint, a[2] as Interval, ctx.timeZone)),
  ),
];
