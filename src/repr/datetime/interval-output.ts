// Text output of intervals in each IntervalStyle: postgres ('1 year 2 mons 3 days 04:05:06.5',
// '-00:00:01'), postgres_verbose ('@ 1 year 2 mons ago'), iso_8601 ('P1Y2M3DT4H5M6.5S') and
// sql_standard ('1-2 3 4:05:06.5').
import type { Interval } from '../datum.js';
import { secondsText } from './format.js';

/** An interval's fields as PostgreSQL's interval2itm splits them (each truncated toward zero). */
export interface IntervalFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: bigint;
  readonly minute: number;
  readonly second: number;
  readonly micro: number;
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
  let isBefore = false;
  const part = (value: number | bigint, unit: string): void => {
    if (value === 0 || value === 0n) return;
    const v = typeof value === 'bigint' ? (value < 0n ? -value : value) : Math.abs(value);
    if (value < 0) isBefore = true;
    out += ` ${v} ${unit}${v !== 1 && v !== 1n ? 's' : ''}`;
  };
  part(f.year, 'year');
  part(f.month, 'mon');
  part(f.day, 'day');
  part(f.hour, 'hour');
  part(f.minute, 'min');
  if (f.second !== 0 || f.micro !== 0) {
    if (f.second < 0 || f.micro < 0) isBefore = true;
    const secs = secondsText(Math.abs(f.second), Math.abs(f.micro)).replace(/^0(?=\d)/, '');
    out += ` ${secs} sec${Math.abs(f.second) !== 1 || f.micro !== 0 ? 's' : ''}`;
  }
  if (out === '@') out += ' 0';
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

function sqlStandard(f: IntervalFields): string {
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
  const hasDay = f.day !== 0;
  const hasTime = f.hour !== 0n || f.minute !== 0 || f.second !== 0 || f.micro !== 0;
  const mixed = hasNeg && hasPos;
  const abs = (n: number): number => Math.abs(n);
  const absH = f.hour < 0n ? -f.hour : f.hour;
  const sec = secondsText(abs(f.second), abs(f.micro));
  if (!hasNeg && !hasPos) return '0';
  if (!mixed && hasYm && !hasDay && !hasTime)
    return `${hasNeg ? '-' : ''}${abs(f.year)}-${abs(f.month)}`;
  if (!mixed && !hasYm && hasDay && !hasTime) return `${f.day}`;
  if (!mixed && !hasYm && !hasTime) return `${f.day}`;
  if (!mixed && !hasYm) {
    const sign = hasNeg ? '-' : '';
    return hasDay
      ? `${sign}${abs(f.day)} ${absH}:${pad2(abs(f.minute))}:${sec}`
      : `${sign}${absH}:${pad2(abs(f.minute))}:${sec}`;
  }
  const ymSign = f.year < 0 || f.month < 0 ? '-' : '+';
  const daySign = f.day < 0 ? '-' : '+';
  const timeSign = f.hour < 0n || f.minute < 0 || f.second < 0 || f.micro < 0 ? '-' : '+';
  return (
    `${ymSign}${abs(f.year)}-${abs(f.month)} ${daySign}${abs(f.day)} ` +
    `${timeSign}${absH}:${pad2(abs(f.minute))}:${sec}`
  );
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
