// Decodes date, time and timestamp input into broken-down fields, following PostgreSQL's
// DecodeDateTime: ISO dates, 'Jan 5 2024', '01/05/2024' (MDY/DMY/YMD per DateStyle),
// 'yyyymmdd', an optional 'T', fractional seconds, AM/PM, AD/BC, time zone offsets,
// abbreviations and IANA names, and the special words epoch/infinity/now/today/....
import { daysInMonth } from './calendar.js';
import { DtError, type Field, parseFractionMicros, tokenizeDateTime } from './tokenize.js';
import { ianaZoneName, type TimeZone, timeZoneAbbrevOffset } from './timezone.js';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export type ZoneSpec =
  | { readonly kind: 'offset'; readonly seconds: number }
  | { readonly kind: 'zone'; readonly zone: TimeZone };

export type Decoded =
  | {
      readonly kind: 'fields';
      readonly hasDate: boolean;
      readonly hasTime: boolean;
      readonly year: number;
      readonly month: number;
      readonly day: number;
      readonly hour: number;
      readonly minute: number;
      readonly second: number;
      readonly micro: number;
      /** Set when the input named a zone or offset. */
      readonly zone: ZoneSpec | undefined;
      /** The value was relative to the current day ('today', 'tomorrow', 'yesterday'). */
      readonly relativeDay: number | undefined;
    }
  | { readonly kind: 'special'; readonly value: 'epoch' | 'infinity' | '-infinity' | 'now' };

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['january', 1],
  ['feb', 2],
  ['february', 2],
  ['mar', 3],
  ['march', 3],
  ['apr', 4],
  ['april', 4],
  ['may', 5],
  ['jun', 6],
  ['june', 6],
  ['jul', 7],
  ['july', 7],
  ['aug', 8],
  ['august', 8],
  ['sep', 9],
  ['sept', 9],
  ['september', 9],
  ['oct', 10],
  ['october', 10],
  ['nov', 11],
  ['november', 11],
  ['dec', 12],
  ['december', 12],
]);

const IGNORED = new Set([
  'sun',
  'sunday',
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'at',
  'on',
]);

const KEYWORDS = new Set([
  ...MONTHS.keys(),
  ...IGNORED,
  'am',
  'pm',
  'ad',
  'bc',
  't',
  'epoch',
  'infinity',
  'now',
  'today',
  'tomorrow',
  'yesterday',
  'allballs',
  'z',
  'zulu',
  'y',
  'm',
  'd',
  'h',
  'j',
]);

export function isDateTimeKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}

const enum F {
  Year = 1,
  Month = 2,
  Day = 4,
  Hour = 8,
  Minute = 16,
  Second = 32,
  Tz = 64,
  AmPm = 128,
  Bc = 256,
}
const DATE_M = F.Year | F.Month | F.Day;
const TIME_M = F.Hour | F.Minute | F.Second;

interface State {
  fmask: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  is2digits: boolean;
  haveTextMonth: boolean;
  bc: boolean;
  ampm: 'am' | 'pm' | undefined;
  zone: ZoneSpec | undefined;
  relativeDay: number | undefined;
  isoT: boolean;
  timeOnly: boolean;
}

/**
 * Decodes date/time input. Throws DtError (turn it into PostgreSQL's error with
 * dateTimeError). `timeOnly` is for the time type: a date is then optional.
 */
export function decodeDateTime(input: string, order: DateOrder, timeOnly = false): Decoded {
  const fields = tokenizeDateTime(input, isDateTimeKeyword);
  const st: State = {
    fmask: 0,
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    micro: 0,
    is2digits: false,
    haveTextMonth: false,
    bc: false,
    ampm: undefined,
    zone: undefined,
    relativeDay: undefined,
    isoT: false,
    timeOnly,
  };
  for (const f of fields) {
    const special = decodeField(st, f, order);
    if (special !== undefined) {
      if (fields.length !== 1) throw new DtError('bad');
      return { kind: 'special', value: special };
    }
  }
  return finish(st, timeOnly);
}

function set(st: State, mask: number): void {
  if ((st.fmask & mask) !== 0) throw new DtError('bad');
  st.fmask |= mask;
}

type Special = 'epoch' | 'infinity' | '-infinity' | 'now';

function decodeField(st: State, f: Field, order: DateOrder): Special | undefined {
  switch (f.kind) {
    case 'date':
      if (/^[a-z]/.test(f.text) && (st.fmask & (F.Month | F.Day)) === (F.Month | F.Day)) {
        setZoneName(st, f.text);
      } else if (/^\d/.test(f.text) && (st.fmask & DATE_M) === DATE_M) {
        throw new DtError('bad');
      } else {
        decodeDate(st, f.text, order);
      }
      return undefined;
    case 'time':
      decodeTime(st, f.text);
      return undefined;
    case 'tz':
      set(st, F.Tz);
      st.zone = { kind: 'offset', seconds: decodeOffset(f.text) };
      return undefined;
    case 'special':
      if (f.text === '-infinity' || f.text === '+infinity')
        return f.text === '+infinity' ? 'infinity' : '-infinity';
      throw new DtError('bad');
    case 'number':
      decodeNumberToken(st, f.text, order);
      return undefined;
    case 'string':
      return decodeString(st, f.text);
  }
}

function decodeString(st: State, w: string): 'epoch' | 'infinity' | 'now' | undefined {
  const month = MONTHS.get(w);
  if (month !== undefined) {
    if (
      (st.fmask & F.Month) !== 0 &&
      !st.haveTextMonth &&
      (st.fmask & F.Day) === 0 &&
      st.month >= 1 &&
      st.month <= 31
    ) {
      // '5 January 2024': the number taken as a month was the day.
      st.day = st.month;
      st.fmask = (st.fmask & ~F.Month) | F.Day;
    }
    set(st, F.Month);
    st.month = month;
    st.haveTextMonth = true;
    return undefined;
  }
  if (IGNORED.has(w)) return undefined;
  switch (w) {
    case 'am':
    case 'pm':
      set(st, F.AmPm);
      st.ampm = w;
      return undefined;
    case 'ad':
    case 'bc':
      set(st, F.Bc);
      st.bc = w === 'bc';
      return undefined;
    case 't':
      st.isoT = true;
      return undefined;
    case 'epoch':
    case 'infinity':
    case 'now':
      return w;
    case 'today':
    case 'tomorrow':
    case 'yesterday':
      set(st, DATE_M);
      st.relativeDay = w === 'today' ? 0 : w === 'tomorrow' ? 1 : -1;
      return undefined;
    case 'allballs':
      set(st, TIME_M);
      st.hour = st.minute = st.second = st.micro = 0;
      set(st, F.Tz);
      st.zone = { kind: 'offset', seconds: 0 };
      return undefined;
    default:
      break;
  }
  const abbrev = timeZoneAbbrevOffset(w);
  if (abbrev !== undefined) {
    set(st, F.Tz);
    st.zone = { kind: 'offset', seconds: abbrev };
    return undefined;
  }
  if (ianaZoneName(w) !== undefined) {
    setZoneName(st, w);
    return undefined;
  }
  throw new DtError('bad');
}

function setZoneName(st: State, name: string): void {
  const canon = ianaZoneName(name);
  if (canon === undefined) throw new DtError('bad-tz', name);
  set(st, F.Tz);
  st.zone = { kind: 'zone', zone: { kind: 'iana', name: canon } };
}

/** '+02', '+0230', '+02:30', '-08:00:00' → seconds east. */
export function decodeOffset(text: string): number {
  const m = /^([+-])(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(text);
  if (m === null) throw new DtError('bad');
  let hh = m[2]!;
  let mm = m[3] ?? '0';
  let ss = m[4] ?? '0';
  if (m[3] === undefined && hh.length > 2) {
    if (hh.length === 4) [hh, mm] = [hh.slice(0, 2), hh.slice(2)];
    else if (hh.length === 6) [hh, mm, ss] = [hh.slice(0, 2), hh.slice(2, 4), hh.slice(4)];
    else if (hh.length === 3) [hh, mm] = [hh.slice(0, 1), hh.slice(1)];
    else throw new DtError('bad');
  }
  const h = Number(hh);
  const mi = Number(mm);
  const s = Number(ss);
  if (h > 15 || mi >= 60 || s >= 60) throw new DtError('tz-overflow');
  const secs = h * 3600 + mi * 60 + s;
  return m[1] === '-' ? -secs : secs;
}

function decodeTime(st: State, text: string): void {
  set(st, TIME_M);
  const m = /^(\d+):(\d+)(?::(\d+))?(\.\d*)?$/.exec(text);
  if (m === null) throw new DtError('bad');
  if (m[3] === undefined && m[4] !== undefined) {
    // mm:ss.fff
    st.hour = 0;
    st.minute = Number(m[1]);
    st.second = Number(m[2]);
  } else {
    st.hour = Number(m[1]);
    st.minute = Number(m[2]);
    st.second = Number(m[3] ?? 0);
  }
  st.micro = m[4] !== undefined ? parseFractionMicros(m[4]) : 0;
  checkTime(st);
}

function checkTime(st: State): void {
  if (
    st.hour > 24 ||
    st.minute > 59 ||
    st.second > 60 ||
    st.micro > 1_000_000 ||
    (st.hour === 24 && (st.minute > 0 || st.second > 0 || st.micro > 0))
  )
    throw new DtError('overflow');
}

function decodeDate(st: State, text: string, order: DateOrder): void {
  const parts = text.split(/[^a-z0-9]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new DtError('bad');
  const rest: string[] = [];
  for (const p of parts) {
    if (/^[a-z]/.test(p)) {
      const month = MONTHS.get(p);
      if (month === undefined) {
        if (IGNORED.has(p)) continue;
        throw new DtError('bad');
      }
      set(st, F.Month);
      st.month = month;
      st.haveTextMonth = true;
    } else {
      rest.push(p);
    }
  }
  for (const p of rest) decodeNumber(st, p, order);
  if ((st.fmask & DATE_M) !== DATE_M) throw new DtError('bad');
}

function decodeNumberToken(st: State, text: string, order: DateOrder): void {
  const dot = text.indexOf('.');
  if (dot >= 0 && (st.fmask & DATE_M) === 0) {
    decodeDate(st, text, order);
  } else if (
    dot > 2 ||
    (dot < 0 && text.length >= 6 && ((st.fmask & DATE_M) === 0 || (st.fmask & TIME_M) === 0))
  ) {
    decodeNumberField(st, text);
  } else {
    decodeNumber(st, text, order);
  }
}

/** Run-together fields: yyyymmdd, yymmdd, hhmmss, hhmm, with optional fraction. */
function decodeNumberField(st: State, text: string): void {
  let str = text;
  const dot = str.indexOf('.');
  if (dot >= 0) {
    st.micro = parseFractionMicros(str.slice(dot));
    str = str.slice(0, dot);
  } else if ((st.fmask & DATE_M) !== DATE_M && str.length >= 6 && !st.timeOnly) {
    set(st, DATE_M);
    st.day = Number(str.slice(-2));
    st.month = Number(str.slice(-4, -2));
    st.year = Number(str.slice(0, -4));
    st.is2digits = str.length - 4 === 2;
    return;
  }
  if ((st.fmask & TIME_M) !== TIME_M && (str.length === 6 || str.length === 4)) {
    set(st, TIME_M);
    st.hour = Number(str.slice(0, 2));
    st.minute = Number(str.slice(2, 4));
    st.second = str.length === 6 ? Number(str.slice(4, 6)) : 0;
    checkTime(st);
    return;
  }
  throw new DtError('bad');
}

function decodeNumber(st: State, text: string, order: DateOrder): void {
  if (!/^\d+$/.test(text)) throw new DtError('bad');
  const flen = text.length;
  const val = Number(text);
  const have = st.fmask & DATE_M;
  let field: F;
  switch (have) {
    case 0:
      field = flen >= 3 || order === 'YMD' ? F.Year : order === 'DMY' ? F.Day : F.Month;
      break;
    case F.Year:
      field = F.Month;
      break;
    case F.Month:
      field = st.haveTextMonth ? (flen >= 3 || order === 'YMD' ? F.Year : F.Day) : F.Day;
      break;
    case F.Year | F.Month:
      if (st.haveTextMonth && flen >= 3 && st.is2digits) {
        st.day = st.year;
        st.fmask |= F.Day;
        st.year = val;
        st.is2digits = false;
        return;
      }
      field = F.Day;
      break;
    case F.Day:
      field = F.Month;
      break;
    case F.Month | F.Day:
      field = F.Year;
      break;
    case DATE_M:
      decodeNumberField(st, text);
      return;
    default:
      throw new DtError('bad');
  }
  set(st, field);
  if (field === F.Year) {
    st.year = val;
    st.is2digits = flen <= 2;
  } else if (field === F.Month) st.month = val;
  else st.day = val;
}

function finish(st: State, timeOnly: boolean): Decoded {
  const hasDate = (st.fmask & DATE_M) === DATE_M;
  const hasTime = (st.fmask & TIME_M) !== 0;
  if (!hasDate && !timeOnly) throw new DtError('bad');
  if (timeOnly && !hasTime && !hasDate) throw new DtError('bad');
  if (st.ampm !== undefined) {
    if (st.hour > 12) throw new DtError('overflow');
    if (st.ampm === 'am' && st.hour === 12) st.hour = 0;
    else if (st.ampm === 'pm' && st.hour !== 12) st.hour += 12;
  }
  if (hasDate && st.relativeDay === undefined) {
    if (st.bc) {
      if (st.year <= 0) throw new DtError('overflow');
      st.year = -(st.year - 1);
    } else if (st.is2digits) {
      if (st.year < 70) st.year += 2000;
      else if (st.year < 100) st.year += 1900;
    } else if (st.year <= 0) {
      throw new DtError('overflow');
    }
    if (st.month < 1 || st.month > 12) throw new DtError('md-overflow');
    if (st.day < 1 || st.day > 31) throw new DtError('md-overflow');
    if (st.day > daysInMonth(st.year, st.month)) throw new DtError('overflow');
  }
  return {
    kind: 'fields',
    hasDate,
    hasTime,
    year: st.year,
    month: st.month,
    day: st.day,
    hour: st.hour,
    minute: st.minute,
    second: st.second,
    micro: st.micro,
    zone: st.zone,
    relativeDay: st.relativeDay,
  };
}
