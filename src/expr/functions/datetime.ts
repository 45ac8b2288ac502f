// Built-in date/time functions and operators: current time (now, statement/clock timestamps),
// extract/date_part, date_trunc, date_bin, age, make_*, to_char/to_date/to_timestamp,
// justify_*, isfinite, timezone() (AT TIME ZONE), and the +, -, *, / operators over date, time,
// timestamp, timestamptz and interval. generate_series is in ./datetime-series.ts.
import {
  datetimeFieldOverflow,
  featureNotSupported,
  invalidParameterValue,
} from '../../errors/index.js';
import {
  Interval,
  Numeric,
  T,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
  type Datum,
} from '../../repr/index.js';
import type { FunctionModule } from '../registry.js';
import type { EvalContext, ParamType, ReturnType, ScalarFunc, Volatility } from '../signature.js';
import {
  checkTimestamp,
  dayTimeToTimestamp,
  daysFromCivil,
  daysInMonth,
  isFiniteTimestamp,
  localToUtc,
  splitTimestamp,
  USECS_PER_DAY,
  sessionTimeZone,
  utcToLocal,
} from '../../repr/datetime/index.js';
import { nowMicros } from '../../repr/datetime/clock.js';
import * as A from './datetime-arith.js';
import {
  extractDate,
  extractInterval,
  extractTime,
  extractTimestamp,
  truncInterval,
  truncTimestamp,
  truncTimestamptz,
} from './datetime-fields.js';
import { toCharInterval, toCharTimestamp } from './datetime-format.js';
import { toDate, toTimestamp } from './datetime-parse.js';
import { seriesTables } from './datetime-series.js';

export {
  generateSeriesNumbers,
  generateSeriesNumeric,
  generateSeriesTimestamps,
} from './datetime-series.js';

type Impl = (a: readonly Datum[], ctx: EvalContext) => Datum;

function fn(
  name: string,
  args: readonly ParamType[],
  ret: ReturnType,
  impl: Impl,
  volatility: Volatility = 'immutable',
  strict = true,
): ScalarFunc {
  return { name, args, ret, strict, volatility, impl: (a, ctx) => impl(a, ctx) };
}

const zone = (ctx: EvalContext) => sessionTimeZone(ctx.timeZone);
const toF8 = (n: Numeric | null): Datum => (n === null ? null : n.toNumber());

const timeOutOfRange = (h: number, m: number, s: number): Error =>
  datetimeFieldOverflow(
    `time field value out of range: ${h}:${String(m).padStart(2, '0')}:${s < 10 ? '0' : ''}${s}`,
  );

function makeDate(y: number, m: number, d: number): number {
  const year = y < 0 ? y + 1 : y;
  if (y === 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(year, m)) {
    throw datetimeFieldOverflow(
      `date field value out of range: ${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
  }
  return daysFromCivil(year, m, d);
}

function makeTime(h: number, m: number, s: number): number {
  if (h < 0 || m < 0 || m > 59 || s < 0 || s > 60 || h > 24 || (h === 24 && (m > 0 || s > 0))) {
    throw timeOutOfRange(h, m, s);
  }
  const us = (h * 60 + m) * 60_000_000 + A.rint(s * 1e6);
  if (us > Number(USECS_PER_DAY)) throw timeOutOfRange(h, m, s);
  return us;
}

function makeTimestamp(a: readonly Datum[]): bigint {
  const days = makeDate(a[0] as number, a[1] as number, a[2] as number);
  const time = makeTime(a[3] as number, a[4] as number, a[5] as number);
  return checkTimestamp(dayTimeToTimestamp(days, time));
}

function makeInterval(a: readonly Datum[]): Interval {
  const n = (i: number): number => (a[i] as number | undefined) ?? 0;
  const secs = n(6);
  if (!Number.isFinite(secs)) throw A.intervalOutOfRange();
  const months = n(0) * 12 + n(1);
  const days = n(2) * 7 + n(3);
  const micros =
    BigInt(n(4)) * 3_600_000_000n + BigInt(n(5)) * 60_000_000n + BigInt(A.rint(secs * 1e6));
  return A.mkInterval(months, days, micros);
}

function toTimestampFloat(x: number): bigint {
  if (Number.isNaN(x)) throw datetimeFieldOverflow('timestamp cannot be NaN');
  if (x === Infinity) return TS_POS_INFINITY;
  if (x === -Infinity) return TS_NEG_INFINITY;
  const us = A.rint(x * 1e6);
  const ts = BigInt(Math.trunc(us));
  try {
    return checkTimestamp(ts);
  } catch {
    throw datetimeFieldOverflow(`timestamp out of range: "${formatG(x)}"`);
  }
}

/** C's %g for error messages. */
function formatG(x: number): string {
  const e = x.toExponential(5).replace(/\.?0+e/, 'e');
  const [m, exp] = e.split('e');
  const ex = Number(exp);
  if (ex < -4 || ex >= 6)
    return `${m}e${ex < 0 ? '-' : '+'}${String(Math.abs(ex)).padStart(2, '0')}`;
  return String(Number(x.toPrecision(6)));
}

function dateBin(stride: Interval, ts: bigint, origin: bigint): bigint {
  if (stride.months !== 0) {
    throw featureNotSupported(
      'timestamps cannot be binned into intervals containing months or years',
    );
  }
  if (!isFiniteTimestamp(ts)) return ts;
  if (!isFiniteTimestamp(origin)) throw datetimeFieldOverflow('origin out of range');
  const strideUs = BigInt(stride.days) * 86_400_000_000n + stride.micros;
  if (strideUs <= 0n) throw invalidParameterValue('stride must be greater than zero');
  const diff = ts - origin;
  let delta = diff - (diff % strideUs);
  // Before the origin, round down (toward -infinity) unless already on a boundary.
  if (diff < 0n && diff % strideUs !== 0n) delta -= strideUs;
  return checkTimestamp(origin + delta);
}

const ivl = (x: Datum | undefined): Interval => x as Interval;
const big = (x: Datum | undefined): bigint => x as bigint;
const int = (x: Datum | undefined): number => x as number;
const txt = (x: Datum | undefined): string => x as string;

const scalars: ScalarFunc[] = [
  fn('now', [], T.timestamptz, (_a, c) => c.txnStart, 'stable'),
  fn('transaction_timestamp', [], T.timestamptz, (_a, c) => c.txnStart, 'stable'),
  fn('current_timestamp', [], T.timestamptz, (_a, c) => c.txnStart, 'stable'),
  fn('statement_timestamp', [], T.timestamptz, (_a, c) => c.statementStart, 'stable'),
  fn('clock_timestamp', [], T.timestamptz, () => nowMicros(), 'volatile'),
  fn(
    'current_date',
    [],
    T.date,
    (_a, c) => splitTimestamp(utcToLocal(zone(c), c.txnStart)).days,
    'stable',
  ),
  fn('localtimestamp', [], T.timestamp, (_a, c) => utcToLocal(zone(c), c.txnStart), 'stable'),
  fn(
    'localtime',
    [],
    T.time,
    (_a, c) => splitTimestamp(utcToLocal(zone(c), c.txnStart)).time,
    'stable',
  ),
  // extract (numeric) and date_part (float8)
  fn('extract', ['text', 'timestamp'], T.numeric, (a) =>
    extractTimestamp(txt(a[0]), big(a[1]), null),
  ),
  fn(
    'extract',
    ['text', 'timestamptz'],
    T.numeric,
    (a, c) => extractTimestamp(txt(a[0]), big(a[1]), zone(c)),
    'stable',
  ),
  fn('extract', ['text', 'date'], T.numeric, (a) => extractDate(txt(a[0]), int(a[1]))),
  fn('extract', ['text', 'time'], T.numeric, (a) => extractTime(txt(a[0]), int(a[1]))),
  fn('extract', ['text', 'interval'], T.numeric, (a) => extractInterval(txt(a[0]), ivl(a[1]))),
  fn('date_part', ['text', 'timestamp'], T.float8, (a) =>
    toF8(extractTimestamp(txt(a[0]), big(a[1]), null)),
  ),
  fn(
    'date_part',
    ['text', 'timestamptz'],
    T.float8,
    (a, c) => toF8(extractTimestamp(txt(a[0]), big(a[1]), zone(c))),
    'stable',
  ),
  fn('date_part', ['text', 'date'], T.float8, (a) =>
    toF8(extractTimestamp(txt(a[0]), A.dateToTs(int(a[1])), null)),
  ),
  fn('date_part', ['text', 'time'], T.float8, (a) => toF8(extractTime(txt(a[0]), int(a[1])))),
  fn('date_part', ['text', 'interval'], T.float8, (a) =>
    toF8(extractInterval(txt(a[0]), ivl(a[1]))),
  ),
  // date_trunc
  fn('date_trunc', ['text', 'timestamp'], T.timestamp, (a) => truncTimestamp(txt(a[0]), big(a[1]))),
  fn(
    'date_trunc',
    ['text', 'timestamptz'],
    T.timestamptz,
    (a, c) => truncTimestamptz(txt(a[0]), big(a[1]), zone(c)),
    'stable',
  ),
  fn('date_trunc', ['text', 'timestamptz', 'text'], T.timestamptz, (a) =>
    truncTimestamptz(txt(a[0]), big(a[1]), A.zoneOf(txt(a[2]))),
  ),
  fn('date_trunc', ['text', 'interval'], T.interval, (a) => truncInterval(txt(a[0]), ivl(a[1]))),
  fn('date_bin', ['interval', 'timestamp', 'timestamp'], T.timestamp, (a) =>
    dateBin(ivl(a[0]), big(a[1]), big(a[2])),
  ),
  fn('date_bin', ['interval', 'timestamptz', 'timestamptz'], T.timestamptz, (a) =>
    dateBin(ivl(a[0]), big(a[1]), big(a[2])),
  ),
  // age
  fn('age', ['timestamp', 'timestamp'], T.interval, (a) => A.ageOf(big(a[0]), big(a[1]), null)),
  fn(
    'age',
    ['timestamptz', 'timestamptz'],
    T.interval,
    (a, c) => A.ageOf(big(a[0]), big(a[1]), zone(c)),
    'stable',
  ),
  fn(
    'age',
    ['timestamp'],
    T.interval,
    (a, c) => {
      const today = dayTimeToTimestamp(splitTimestamp(utcToLocal(zone(c), c.txnStart)).days, 0);
      return A.ageOf(today, big(a[0]), null);
    },
    'stable',
  ),
  fn(
    'age',
    ['timestamptz'],
    T.interval,
    (a, c) => {
      const z = zone(c);
      const today = localToUtc(
        z,
        dayTimeToTimestamp(splitTimestamp(utcToLocal(z, c.txnStart)).days, 0),
      );
      return A.ageOf(today, big(a[0]), z);
    },
    'stable',
  ),
  // constructors
  fn('make_date', ['int4', 'int4', 'int4'], T.date, (a) =>
    makeDate(int(a[0]), int(a[1]), int(a[2])),
  ),
  fn('make_time', ['int4', 'int4', 'float8'], T.time, (a) =>
    makeTime(int(a[0]), int(a[1]), int(a[2])),
  ),
  fn('make_timestamp', ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], T.timestamp, (a) =>
    makeTimestamp(a),
  ),
  fn(
    'make_timestamptz',
    ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'],
    T.timestamptz,
    (a, c) => checkTimestamp(localToUtc(zone(c), makeTimestamp(a))),
    'stable',
  ),
  fn(
    'make_timestamptz',
    ['int4', 'int4', 'int4', 'int4', 'int4', 'float8', 'text'],
    T.timestamptz,
    (a) => checkTimestamp(localToUtc(A.zoneOf(txt(a[6])), makeTimestamp(a))),
    'stable',
  ),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
    fn(
      'make_interval',
      (['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'] as const).slice(0, n),
      T.interval,
      (a) => makeInterval(a),
    ),
  ),
  fn('to_timestamp', ['float8'], T.timestamptz, (a) => toTimestampFloat(a[0] as number)),
  fn(
    'to_timestamp',
    ['text', 'text'],
    T.timestamptz,
    (a, c) => checkTimestamp(toTimestamp(txt(a[0]), txt(a[1]), zone(c))),
    'stable',
  ),
  fn('to_date', ['text', 'text'], T.date, (a) => toDate(txt(a[0]), txt(a[1])), 'stable'),
  fn(
    'to_char',
    ['timestamp', 'text'],
    T.text,
    (a) => (txt(a[1]) === '' ? null : toCharTimestamp(big(a[0]), txt(a[1]), null)),
    'stable',
  ),
  fn(
    'to_char',
    ['timestamptz', 'text'],
    T.text,
    (a, c) => (txt(a[1]) === '' ? null : toCharTimestamp(big(a[0]), txt(a[1]), zone(c))),
    'stable',
  ),
  fn(
    'to_char',
    ['interval', 'text'],
    T.text,
    (a) => (txt(a[1]) === '' ? null : toCharInterval(ivl(a[0]), txt(a[1]))),
    'stable',
  ),
  // justify, isfinite
  fn('justify_days', ['interval'], T.interval, (a) => A.justifyDays(ivl(a[0]))),
  fn('justify_hours', ['interval'], T.interval, (a) => A.justifyHours(ivl(a[0]))),
  fn('justify_interval', ['interval'], T.interval, (a) => A.justifyInterval(ivl(a[0]))),
  fn('isfinite', ['date'], T.bool, (a) => Number.isFinite(a[0] as number)),
  fn('isfinite', ['timestamp'], T.bool, (a) => isFiniteTimestamp(big(a[0]))),
  fn('isfinite', ['timestamptz'], T.bool, (a) => isFiniteTimestamp(big(a[0]))),
  fn('isfinite', ['interval'], T.bool, () => true),
  // AT TIME ZONE
  fn('timezone', ['text', 'timestamptz'], T.timestamp, (a) =>
    isFiniteTimestamp(big(a[1]))
      ? checkTimestamp(utcToLocal(A.zoneOf(txt(a[0])), big(a[1])))
      : a[1]!,
  ),
  fn('timezone', ['text', 'timestamp'], T.timestamptz, (a) =>
    isFiniteTimestamp(big(a[1]))
      ? checkTimestamp(localToUtc(A.zoneOf(txt(a[0])), big(a[1])))
      : a[1]!,
  ),
  fn('timezone', ['interval', 'timestamptz'], T.timestamp, (a) =>
    atIntervalZone(ivl(a[0]), big(a[1]), 1),
  ),
  fn('timezone', ['interval', 'timestamp'], T.timestamptz, (a) =>
    atIntervalZone(ivl(a[0]), big(a[1]), -1),
  ),
];

function atIntervalZone(z: Interval, ts: bigint, dir: 1 | -1): bigint {
  if (z.months !== 0 || z.days !== 0) {
    throw invalidParameterValue(
      `interval time zone "${z.months} mons ${z.days} days" must not include months or days`,
    );
  }
  if (!isFiniteTimestamp(ts)) return ts;
  return checkTimestamp(ts + BigInt(dir) * z.micros);
}

const op = (
  name: string,
  args: readonly ParamType[],
  ret: ReturnType,
  impl: Impl,
  v: Volatility = 'immutable',
): ScalarFunc => fn(name, args, ret, impl, v);

const operators: ScalarFunc[] = [
  op('+', ['date', 'int4'], T.date, (a) => A.datePlusDays(int(a[0]), int(a[1]))),
  op('+', ['int4', 'date'], T.date, (a) => A.datePlusDays(int(a[1]), int(a[0]))),
  op('-', ['date', 'int4'], T.date, (a) => A.datePlusDays(int(a[0]), -int(a[1]))),
  op('-', ['date', 'date'], T.int4, (a) => {
    const x = int(a[0]);
    const y = int(a[1]);
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw datetimeFieldOverflow('cannot subtract infinite dates');
    return x - y;
  }),
  op('+', ['date', 'interval'], T.timestamp, (a) =>
    A.timestampPlusInterval(A.dateToTs(int(a[0])), ivl(a[1])),
  ),
  op('+', ['interval', 'date'], T.timestamp, (a) =>
    A.timestampPlusInterval(A.dateToTs(int(a[1])), ivl(a[0])),
  ),
  op('-', ['date', 'interval'], T.timestamp, (a) =>
    A.timestampMinusInterval(A.dateToTs(int(a[0])), ivl(a[1])),
  ),
  op('+', ['date', 'time'], T.timestamp, (a) => dateTime(int(a[0]), int(a[1]))),
  op('+', ['time', 'date'], T.timestamp, (a) => dateTime(int(a[1]), int(a[0]))),
  op('+', ['timestamp', 'interval'], T.timestamp, (a) =>
    A.timestampPlusInterval(big(a[0]), ivl(a[1])),
  ),
  op('+', ['interval', 'timestamp'], T.timestamp, (a) =>
    A.timestampPlusInterval(big(a[1]), ivl(a[0])),
  ),
  op('-', ['timestamp', 'interval'], T.timestamp, (a) =>
    A.timestampMinusInterval(big(a[0]), ivl(a[1])),
  ),
  op(
    '+',
    ['timestamptz', 'interval'],
    T.timestamptz,
    (a, c) => A.timestamptzPlusInterval(big(a[0]), ivl(a[1]), zone(c)),
    'stable',
  ),
  op(
    '+',
    ['interval', 'timestamptz'],
    T.timestamptz,
    (a, c) => A.timestamptzPlusInterval(big(a[1]), ivl(a[0]), zone(c)),
    'stable',
  ),
  op(
    '-',
    ['timestamptz', 'interval'],
    T.timestamptz,
    (a, c) => A.timestamptzMinusInterval(big(a[0]), ivl(a[1]), zone(c)),
    'stable',
  ),
  op('-', ['timestamp', 'timestamp'], T.interval, (a) => A.timestampDiff(big(a[0]), big(a[1]))),
  op('-', ['timestamptz', 'timestamptz'], T.interval, (a) => A.timestampDiff(big(a[0]), big(a[1]))),
  op('+', ['interval', 'interval'], T.interval, (a) => A.intervalAdd(ivl(a[0]), ivl(a[1]))),
  op('-', ['interval', 'interval'], T.interval, (a) => A.intervalSub(ivl(a[0]), ivl(a[1]))),
  op('-', ['interval'], T.interval, (a) => A.intervalNeg(ivl(a[0]))),
  op('+', ['interval'], T.interval, (a) => a[0]!),
  op('*', ['interval', 'float8'], T.interval, (a) => A.intervalMul(ivl(a[0]), a[1] as number)),
  op('*', ['float8', 'interval'], T.interval, (a) => A.intervalMul(ivl(a[1]), a[0] as number)),
  op('/', ['interval', 'float8'], T.interval, (a) => A.intervalDiv(ivl(a[0]), a[1] as number)),
  op('+', ['time', 'interval'], T.time, (a) => A.timePlusInterval(int(a[0]), ivl(a[1]))),
  op('+', ['interval', 'time'], T.time, (a) => A.timePlusInterval(int(a[1]), ivl(a[0]))),
  op('-', ['time', 'interval'], T.time, (a) =>
    A.timePlusInterval(int(a[0]), A.intervalNeg(ivl(a[1]))),
  ),
  op('-', ['time', 'time'], T.interval, (a) => new Interval(0, 0, BigInt(int(a[0]) - int(a[1])))),
];

function dateTime(d: number, t: number): bigint {
  if (!Number.isFinite(d)) return A.dateToTs(d);
  return checkTimestamp(dayTimeToTimestamp(d, t));
}

export const module: FunctionModule = { scalars, operators, tables: seriesTables };
