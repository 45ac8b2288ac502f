// Text input of date, time, timestamp and timestamptz values (PostgreSQL's date_in, time_in,
// timestamp_in, timestamptz_in), on top of the field decoder in ./decode.ts.
import { datetimeFieldOverflow, invalidDatetimeFormat } from '../../errors/index.js';
import { TS_NEG_INFINITY, TS_POS_INFINITY } from '../datum.js';
import {
  daysFromCivil,
  floorDiv,
  isValidDate,
  isValidJulian,
  isValidTimestamp,
  USECS_PER_DAY,
} from './calendar.js';
import { type DateOrder, decodeDateTime, type Decoded } from './decode.js';
import { fieldsToTime } from './fields.js';
import { type TimeZone, utcOffsetForLocal, utcToLocal } from './timezone.js';
import { dateTimeError } from './tokenize.js';

export interface DateTimeContext {
  readonly dateOrder: DateOrder;
  /** The session time zone. */
  readonly zone: TimeZone;
  /** The current instant (µs since 1970 UTC), for 'now' and 'today'. */
  readonly now: bigint;
}

/** The DateStyle field order ('ISO, MDY' → MDY; 'German' → DMY; 'SQL, DMY' → DMY ...). */
export function dateOrderOf(dateStyle: string): DateOrder {
  const s = dateStyle.toUpperCase();
  if (s.includes('YMD')) return 'YMD';
  if (s.includes('DMY') || (s.includes('GERMAN') && !s.includes('MDY'))) return 'DMY';
  return 'MDY';
}

function decode(text: string, typeName: string, ctx: DateTimeContext, timeOnly = false): Decoded {
  try {
    return decodeDateTime(text, ctx.dateOrder, timeOnly);
  } catch (e) {
    throw dateTimeError(e, text, typeName);
  }
}

function localNow(ctx: DateTimeContext): bigint {
  return utcToLocal(ctx.zone, ctx.now);
}

/** Wall-clock µs since 1970 of decoded fields (no zone applied). */
function localMicros(d: Decoded & { kind: 'fields' }, ctx: DateTimeContext): bigint {
  let days: number;
  if (d.relativeDay !== undefined) {
    days = Number(floorDiv(localNow(ctx), USECS_PER_DAY)) + d.relativeDay;
  } else {
    days = daysFromCivil(d.year, d.month, d.day);
  }
  return BigInt(days) * USECS_PER_DAY + BigInt(fieldsToTime(d.hour, d.minute, d.second, d.micro));
}

function checkJulian(
  d: Decoded & { kind: 'fields' },
  text: string,
  what: 'date' | 'timestamp',
): void {
  if (d.relativeDay === undefined && !isValidJulian(d.year, d.month, d.day))
    throw datetimeFieldOverflow(`${what} out of range: "${text}"`);
}

/** date_in: days since 1970 (±Infinity for ±infinity). */
export function parseDate(text: string, ctx: DateTimeContext): number {
  const d = decode(text, 'date', ctx);
  if (d.kind === 'special') {
    switch (d.value) {
      case 'epoch':
        return 0;
      case 'infinity':
        return Infinity;
      case '-infinity':
        return -Infinity;
      case 'now':
        return Number(floorDiv(localNow(ctx), USECS_PER_DAY));
    }
  }
  checkJulian(d, text, 'date');
  const days =
    d.relativeDay !== undefined
      ? Number(floorDiv(localNow(ctx), USECS_PER_DAY)) + d.relativeDay
      : daysFromCivil(d.year, d.month, d.day);
  if (!isValidDate(days)) throw datetimeFieldOverflow(`date out of range: "${text}"`);
  return days;
}

/** time_in: µs since midnight (24:00:00 allowed). */
export function parseTime(text: string, ctx: DateTimeContext): number {
  const d = decode(text, 'time', ctx, true);
  if (d.kind === 'special') {
    if (d.value === 'now')
      return Number(((localNow(ctx) % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY);
    throw invalidDatetimeFormat(`invalid input syntax for type time: "${text}"`);
  }
  const t = fieldsToTime(d.hour, d.minute, d.second, d.micro);
  if (t > 86_400_000_000)
    throw datetimeFieldOverflow(`date/time field value out of range: "${text}"`);
  return t;
}

/** timestamp_in: wall-clock µs since 1970; a zone in the input is ignored. */
export function parseTimestamp(text: string, ctx: DateTimeContext): bigint {
  const d = decode(text, 'timestamp', ctx);
  if (d.kind === 'special') {
    switch (d.value) {
      case 'epoch':
        return 0n;
      case 'infinity':
        return TS_POS_INFINITY;
      case '-infinity':
        return TS_NEG_INFINITY;
      case 'now':
        return localNow(ctx);
    }
  }
  checkJulian(d, text, 'timestamp');
  const ts = localMicros(d, ctx);
  if (!isValidTimestamp(ts)) throw datetimeFieldOverflow(`timestamp out of range: "${text}"`);
  return ts;
}

/** timestamptz_in: µs since 1970 UTC; without a zone in the input, the session zone applies. */
export function parseTimestamptz(text: string, ctx: DateTimeContext): bigint {
  const d = decode(text, 'timestamp with time zone', ctx);
  if (d.kind === 'special') {
    switch (d.value) {
      case 'epoch':
        return 0n;
      case 'infinity':
        return TS_POS_INFINITY;
      case '-infinity':
        return TS_NEG_INFINITY;
      case 'now':
        return ctx.now;
    }
  }
  checkJulian(d, text, 'timestamp');
  const local = localMicros(d, ctx);
  let offset: number;
  if (d.zone === undefined) offset = utcOffsetForLocal(ctx.zone, local);
  else if (d.zone.kind === 'offset') offset = d.zone.seconds;
  else offset = utcOffsetForLocal(d.zone.zone, local);
  const ts = local - BigInt(offset) * 1_000_000n;
  if (!isValidTimestamp(ts)) throw datetimeFieldOverflow(`timestamp out of range: "${text}"`);
  return ts;
}
