// Text input of intervals (PostgreSQL's interval_in): postgres style ('1 year 2 mons 3 days
// 04:05:06.5', '1 day 02:00', '-1 day +02:03'), verbose style ('@ 1 hour ago'), abbreviated and
// fractional units ('1.5 days', '3 hrs'), 'Y-M' year-month fields and ISO 8601 ('P1Y2M3DT4H').
import { datetimeFieldOverflow } from '../../errors/index.js';
import { Interval } from '../datum.js';
import { DtError, dateTimeError, parseFractionMicros, tokenizeDateTime } from './tokenize.js';

type Unit =
  | 'microsecond'
  | 'millisecond'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium';

const UNITS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  ...(['c', 'cent', 'centuries', 'century'] as const).map((k) => [k, 'century'] as const),
  ...(['d', 'day', 'days'] as const).map((k) => [k, 'day'] as const),
  ...(['dec', 'decade', 'decades', 'decs'] as const).map((k) => [k, 'decade'] as const),
  ...(['h', 'hour', 'hours', 'hr', 'hrs'] as const).map((k) => [k, 'hour'] as const),
  ...(['m', 'min', 'mins', 'minute', 'minutes'] as const).map((k) => [k, 'minute'] as const),
  ...(['mil', 'millennia', 'millennium', 'mils'] as const).map((k) => [k, 'millennium'] as const),
  ...(['millisecon', 'ms', 'msec', 'msecond', 'mseconds', 'msecs'] as const).map(
    (k) => [k, 'millisecond'] as const,
  ),
  ...(['mon', 'mons', 'month', 'months'] as const).map((k) => [k, 'month'] as const),
  ...(['s', 'sec', 'second', 'seconds', 'secs'] as const).map((k) => [k, 'second'] as const),
  ...(['microsecon', 'us', 'usec', 'usecond', 'useconds', 'usecs'] as const).map(
    (k) => [k, 'microsecond'] as const,
  ),
  ...(['w', 'week', 'weeks'] as const).map((k) => [k, 'week'] as const),
  ...(['y', 'year', 'years', 'yr', 'yrs'] as const).map((k) => [k, 'year'] as const),
]);

const UNIT_MICROS: Partial<Record<Unit, bigint>> = {
  microsecond: 1n,
  millisecond: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
};

interface Acc {
  months: bigint;
  days: bigint;
  micros: bigint;
}

/** Fraction (|f| < 1) of a unit of `scale` µs, rounded to the microsecond as PostgreSQL does. */
function fracMicros(frac: number, scale: number): bigint {
  if (frac === 0) return 0n;
  const v = frac * scale;
  let us = Math.trunc(v);
  const rest = v - us;
  if (rest > 0.5) us++;
  else if (rest < -0.5) us--;
  return BigInt(us);
}

function addFractDays(acc: Acc, frac: number, scale: number): void {
  if (frac === 0) return;
  const v = frac * scale;
  const extra = Math.trunc(v);
  acc.days += BigInt(extra);
  acc.micros += fracMicros(v - extra, 86_400_000_000);
}

function addUnit(acc: Acc, unit: Unit, val: bigint, frac: number): void {
  const us = UNIT_MICROS[unit];
  if (us !== undefined) {
    acc.micros += val * us + fracMicros(frac, Number(us));
    return;
  }
  switch (unit) {
    case 'day':
      acc.days += val;
      acc.micros += fracMicros(frac, 86_400_000_000);
      return;
    case 'week':
      acc.days += val * 7n;
      addFractDays(acc, frac, 7);
      return;
    case 'month':
      acc.months += val;
      addFractDays(acc, frac, 30);
      return;
    default: {
      const years = unit === 'year' ? 1 : unit === 'decade' ? 10 : unit === 'century' ? 100 : 1000;
      acc.months += val * BigInt(years * 12);
      acc.months += BigInt(Math.round(frac * years * 12));
    }
  }
}

/** 'hh:mm[:ss[.fff]]' or 'mm:ss.fff' as µs. */
function timeMicros(text: string): bigint {
  const m = /^(\d+):(\d+)(?::(\d+))?(\.\d*)?$/.exec(text);
  if (m === null) throw new DtError('bad');
  let h = BigInt(m[1]!);
  let mi = Number(m[2]);
  let s = Number(m[3] ?? 0);
  if (m[3] === undefined && m[4] !== undefined) {
    s = mi;
    mi = Number(h);
    h = 0n;
  }
  const frac = m[4] !== undefined ? parseFractionMicros(m[4]) : 0;
  if (mi > 59 || s > 60 || frac > 1_000_000) throw new DtError('overflow');
  return h * 3_600_000_000n + BigInt(mi * 60_000_000 + s * 1_000_000 + frac);
}

function decodePostgres(text: string): Acc {
  const fields = tokenizeDateTime(text, (w) => UNITS.has(w.slice(0, 10)) || w === 'ago');
  const acc: Acc = { months: 0n, days: 0n, micros: 0n };
  let type: Unit | undefined;
  let before = false;
  const seen = new Set<string>();
  let found = false;
  const mark = (k: string): void => {
    if (seen.has(k)) throw new DtError('bad');
    seen.add(k);
    found = true;
  };
  const markTime = (): void => {
    mark('hour');
    mark('minute');
    mark('second');
  };
  const numberField = (text: string): void => {
    const unit = type ?? 'second';
    const m = /^([+-]?)(\d*)(?:(-)(\d+)|(\.\d*))?$/.exec(text);
    if (m === null || (m[2] === '' && m[5] === undefined)) throw new DtError('bad');
    const neg = m[1] === '-';
    let val = BigInt(m[2] || '0');
    if (neg) val = -val;
    if (m[3] !== undefined) {
      const months = Number(m[4]);
      if (months >= 12) throw new DtError('overflow');
      mark('month');
      acc.months += val * 12n + BigInt(neg ? -months : months);
      type = 'month';
      return;
    }
    let frac = m[5] !== undefined && m[5] !== '.' ? Number(`0${m[5]}`) : 0;
    if (neg) frac = -frac;
    mark(unit === 'second' && frac !== 0 ? 'second' : unit);
    if (unit === 'second' && frac !== 0) {
      mark('millisecond');
      mark('microsecond');
    }
    addUnit(acc, unit, val, frac);
    if (unit === 'hour') type = 'day';
  };
  for (let i = fields.length - 1; i >= 0; i--) {
    const f = fields[i]!;
    switch (f.kind) {
      case 'time':
        markTime();
        acc.micros += timeMicros(f.text);
        type = 'day';
        break;
      case 'tz':
        if (f.text.slice(1).includes(':')) {
          markTime();
          const us = timeMicros(f.text.slice(1));
          acc.micros += f.text[0] === '-' ? -us : us;
          type = 'day';
        } else {
          numberField(f.text);
        }
        break;
      case 'date':
      case 'number':
        numberField(f.text);
        break;
      case 'string':
      case 'special': {
        if (f.text === 'ago') {
          before = true;
          break;
        }
        const unit = UNITS.get(f.text.slice(0, 10));
        if (unit === undefined) throw new DtError('bad');
        type = unit;
        break;
      }
    }
  }
  if (!found) throw new DtError('bad');
  if (before) {
    acc.months = -acc.months;
    acc.days = -acc.days;
    acc.micros = -acc.micros;
  }
  return acc;
}

function decodeIso(text: string): Acc {
  const acc: Acc = { months: 0n, days: 0n, micros: 0n };
  let s = text.slice(1);
  if (s === '') throw new DtError('bad');
  let datePart = true;
  while (s.length > 0) {
    if (s[0] === 'T') {
      datePart = false;
      s = s.slice(1);
      continue;
    }
    const m = /^([+-]?)(\d*)(\.\d*)?([A-Z])/.exec(s);
    if (m === null || (m[2] === '' && (m[3] ?? '.') === '.')) throw new DtError('bad');
    s = s.slice(m[0].length);
    const neg = m[1] === '-';
    const val = BigInt(m[2] || '0') * (neg ? -1n : 1n);
    const frac = (m[3] !== undefined && m[3] !== '.' ? Number(`0${m[3]}`) : 0) * (neg ? -1 : 1);
    const u = m[4]!;
    const unit: Unit | undefined = datePart
      ? { Y: 'year' as const, M: 'month' as const, W: 'week' as const, D: 'day' as const }[u]
      : { H: 'hour' as const, M: 'minute' as const, S: 'second' as const }[u];
    if (unit === undefined) throw new DtError('bad');
    addUnit(acc, unit, val, frac);
  }
  return acc;
}

const INT32_MAX = 2_147_483_647n;
const INT64_MAX = 2n ** 63n - 1n;

/** interval_in (IntervalStyle-independent input). */
export function parseInterval(text: string): Interval {
  let acc: Acc;
  try {
    const t = text.trim();
    acc = t.startsWith('P') ? decodeIso(t) : decodePostgres(text);
  } catch (e) {
    throw dateTimeError(e, text, 'interval');
  }
  if (
    acc.months > INT32_MAX ||
    acc.months < -INT32_MAX - 1n ||
    acc.days > INT32_MAX ||
    acc.days < -INT32_MAX - 1n ||
    acc.micros > INT64_MAX ||
    acc.micros < -INT64_MAX - 1n
  )
    throw datetimeFieldOverflow('interval out of range');
  return new Interval(Number(acc.months), Number(acc.days), acc.micros);
}
