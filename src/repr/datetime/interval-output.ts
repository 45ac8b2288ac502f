// Text output of intervals in each IntervalStyle: postgres ('1 year 2 mons 3 days 04:05:06.5',
// '-00:00:01'), postgres_verbose ('@ 1 year 2 mons ago'), iso_8601 ('P1Y2M3DT4H5M6.5S') and
// sql_standard ('1-2 3 4:05:06.5').
import type { Interval } from '../datum.js';
import { secondsText } from './format.js';

/** An interval's fields as PostgreSQL's interval2itm splits them (each truncated toward zero). */
export interface IntervalFields {
  year: number;
  month: number;
  day: number;
  hour: bigint;
  minute: number;
  second: number;
  micro: number;
}

export function intervalFields(iv: Interval): IntervalFields {
  const year = Math.trunc(iv.months / 12);
  const month = iv.months - year * 12;
  let t = iv.micros;
  const hour = t / 3_600_000_000n;
  t -= hour * 3_600_000_000n;
  const minute = Number(t / 60_000_000n);
  t -= BigInt(minute) * 60_000_000n;
  const second = Number(t / 1_000_000n);
  t -= BigInt(second) * 1_000_000n;
  return { year, month, day: iv.days, hour, minute, second, micro: Number(t) };
}

const pad2 = (n: bigint | number): string => String(n).padStart(2, '0');

function postgres(f: IntervalFields): string {
  let out = '';
  let isZero = true;
  let isBefore = false;
  const part = (value: number, unit: string): void => {
    if (value === 0) return;
    out += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
    isBefore = value < 0;
    isZero = false;
  };
  part(f.year, 'year');
  part(f.month, 'mon');
  part(f.day, 'day');
  if (isZero || f.hour !== 0n || f.minute !== 0 || f.second !== 0 || f.micro !== 0) {
    const minus = f.hour < 0n || f.minute < 0 || f.second < 0 || f.micro < 0;
    const h = f.hour < 0n ? -f.hour : f.hour;
    out +=
      `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${pad2(h)}:` +
      `${pad2(Math.abs(f.minute))}:${secondsText(Math.abs(f.second), Math.abs(f.micro))}`;
  }
  return out;
}

function verbose(f: IntervalFields): string {
  let out = '@';
  let isZero = true;
  let isBefore = false;
  const part = (v: bigint, unit: string): void => {
    if (v === 0n) return;
    let value = v;
    if (isZero) {
      isBefore = value < 0n;
      if (value < 0n) value = -value;
    } else if (isBefore) value = -value;
    out += ` ${value} ${unit}${value === 1n ? '' : 's'}`;
    isZero = false;
  };
  part(BigInt(f.year), 'year');
  part(BigInt(f.month), 'mon');
  part(BigInt(f.day), 'day');
  part(f.hour, 'hour');
  part(BigInt(f.minute), 'min');
  if (f.second !== 0 || f.micro !== 0) {
    out += ' ';
    if (f.second < 0 || (f.second === 0 && f.micro < 0)) {
      if (isZero) isBefore = true;
      else if (!isBefore) out += '-';
    } else if (isBefore) out += '-';
    out += secondsText(Math.abs(f.second), Math.abs(f.micro)).replace(/^0(?=\d)/, '');
    out += ` sec${Math.abs(f.second) !== 1 || f.micro !== 0 ? 's' : ''}`;
    isZero = false;
  }
  if (isZero) out += ' 0';
  if (isBefore) out += ' ago';
  return out;
}

function iso(f: IntervalFields): string {
  if (
    f.year === 0 &&
    f.month === 0 &&
    f.day === 0 &&
    f.hour === 0n &&
    f.minute === 0 &&
    f.second === 0 &&
    f.micro === 0
  )
    return 'PT0S';
  let out = 'P';
  if (f.year !== 0) out += `${f.year}Y`;
  if (f.month !== 0) out += `${f.month}M`;
  if (f.day !== 0) out += `${f.day}D`;
  if (f.hour !== 0n || f.minute !== 0 || f.second !== 0 || f.micro !== 0) out += 'T';
  if (f.hour !== 0n) out += `${f.hour}H`;
  if (f.minute !== 0) out += `${f.minute}M`;
  if (f.second !== 0 || f.micro !== 0) {
    const neg = f.second < 0 || f.micro < 0;
    const s = secondsText(Math.abs(f.second), Math.abs(f.micro)).replace(/^0(?=\d)/, '');
    out += `${neg ? '-' : ''}${s}S`;
  }
  return out;
}

function sqlStandard(f0: IntervalFields): string {
  const f = { ...f0 };
  const hasNeg =
    f.year < 0 ||
    f.month < 0 ||
    f.day < 0 ||
    f.hour < 0n ||
    f.minute < 0 ||
    f.second < 0 ||
    f.micro < 0;
  const hasPos =
    f.year > 0 ||
    f.month > 0 ||
    f.day > 0 ||
    f.hour > 0n ||
    f.minute > 0 ||
    f.second > 0 ||
    f.micro > 0;
  const hasYm = f.year !== 0 || f.month !== 0;
  const hasDayTime =
    f.day !== 0 || f.hour !== 0n || f.minute !== 0 || f.second !== 0 || f.micro !== 0;
  const standard = !(hasNeg && hasPos) && !(hasYm && hasDayTime);
  let out = '';
  if (hasNeg && standard) {
    out = '-';
    f.year = -f.year;
    f.month = -f.month;
    f.day = -f.day;
    f.hour = -f.hour;
    f.minute = -f.minute;
    f.second = -f.second;
    f.micro = -f.micro;
  }
  const absH = f.hour < 0n ? -f.hour : f.hour;
  const sec = secondsText(Math.abs(f.second), Math.abs(f.micro));
  if (!hasNeg && !hasPos) return '0';
  if (!standard) {
    const ySign = f.year < 0 || f.month < 0 ? '-' : '+';
    const dSign = f.day < 0 ? '-' : '+';
    const tSign = f.hour < 0n || f.minute < 0 || f.second < 0 || f.micro < 0 ? '-' : '+';
    return (
      `${ySign}${Math.abs(f.year)}-${Math.abs(f.month)} ${dSign}${Math.abs(f.day)} ` +
      `${tSign}${absH}:${pad2(Math.abs(f.minute))}:${sec}`
    );
  }
  if (hasYm) return `${out}${f.year}-${f.month}`;
  if (f.day !== 0) return `${out}${f.day} ${f.hour}:${pad2(f.minute)}:${sec}`;
  return `${out}${f.hour}:${pad2(f.minute)}:${sec}`;
}

/** interval_out for an IntervalStyle ('postgres' unless one of the others). */
export function formatInterval(iv: Interval, style = 'postgres'): string {
  const f = intervalFields(iv);
  switch (style.toLowerCase()) {
    case 'postgres_verbose':
      return verbose(f);
    case 'iso_8601':
      return iso(f);
    case 'sql_standard':
      return sqlStandard(f);
    default:
      return postgres(f);
  }
}
