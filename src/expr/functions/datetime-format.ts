// to_char() for timestamps and intervals (PostgreSQL's template patterns: YYYY MM DD HH24 HH12 MI
// SS MS US FF1-6 AM/PM Mon Month Day Dy DDD IW TZ OF J Q RM ..., FM prefix, TH suffix, quoted
// text), and the ISO 8601 rendering used by to_jsonb.
import {
  dayOfWeek,
  daysFromCivil,
  formatOffset,
  isoDayOfWeek,
  isoWeek,
  isoYearStart,
  secondsText,
  splitTimestamp,
  timestampToFields,
  utcOffsetAt,
  zoneAbbrev,
  type TimeZone,
} from '../../repr/datetime/index.js';
import type { Interval } from '../../repr/index.js';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Template keywords, longest first so that a prefix never shadows a longer keyword. */
export const KEYWORDS = [
  'A.D.',
  'A.M.',
  'AD',
  'AM',
  'B.C.',
  'BC',
  'CC',
  'DAY',
  'DDD',
  'DD',
  'DY',
  'Day',
  'Dy',
  'D',
  'FF1',
  'FF2',
  'FF3',
  'FF4',
  'FF5',
  'FF6',
  'FX',
  'HH24',
  'HH12',
  'HH',
  'IDDD',
  'ID',
  'IW',
  'IYYY',
  'IYY',
  'IY',
  'I',
  'J',
  'MI',
  'MM',
  'MONTH',
  'MON',
  'MS',
  'Month',
  'Mon',
  'OF',
  'P.M.',
  'PM',
  'Q',
  'RM',
  'SSSSS',
  'SSSS',
  'SS',
  'TZH',
  'TZM',
  'TZ',
  'US',
  'WW',
  'W',
  'Y,YYY',
  'YYYY',
  'YYY',
  'YY',
  'Y',
  'a.d.',
  'a.m.',
  'ad',
  'am',
  'b.c.',
  'bc',
  'cc',
  'day',
  'ddd',
  'dd',
  'dy',
  'd',
  'ff1',
  'ff2',
  'ff3',
  'ff4',
  'ff5',
  'ff6',
  'fx',
  'hh24',
  'hh12',
  'hh',
  'iddd',
  'id',
  'iw',
  'iyyy',
  'iyy',
  'iy',
  'i',
  'j',
  'mi',
  'mm',
  'month',
  'mon',
  'ms',
  'of',
  'p.m.',
  'pm',
  'q',
  'rm',
  'sssss',
  'ssss',
  'ss',
  'tzh',
  'tzm',
  'tz',
  'us',
  'ww',
  'w',
  'y,yyy',
  'yyyy',
  'yyy',
  'yy',
  'y',
].sort((a, b) => b.length - a.length);

export type FmtNode =
  | { readonly kind: 'lit'; readonly text: string }
  | {
      readonly kind: 'key';
      readonly key: string;
      readonly fm: boolean;
      readonly th: 'TH' | 'th' | null;
    };

/** Splits a template into keywords and literal text. */
export function parseTemplate(fmt: string): FmtNode[] {
  const out: FmtNode[] = [];
  let i = 0;
  while (i < fmt.length) {
    let fm = false;
    if (fmt.startsWith('FM', i) || fmt.startsWith('fm', i)) {
      fm = true;
      i += 2;
    }
    const key = KEYWORDS.find((k) => fmt.startsWith(k, i));
    if (key !== undefined) {
      i += key.length;
      let th: 'TH' | 'th' | null = null;
      if (fmt.startsWith('TH', i)) th = 'TH';
      else if (fmt.startsWith('th', i)) th = 'th';
      if (th !== null) i += 2;
      out.push({ kind: 'key', key, fm, th });
      continue;
    }
    if (fm) continue;
    const c = fmt[i]!;
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < fmt.length && fmt[j] !== '"') {
        if (fmt[j] === '\\' && j + 1 < fmt.length) j++;
        text += fmt[j];
        j++;
      }
      out.push({ kind: 'lit', text });
      i = j + 1;
      continue;
    }
    if (c === '\\' && fmt[i + 1] === '"') {
      out.push({ kind: 'lit', text: '"' });
      i += 2;
      continue;
    }
    out.push({ kind: 'lit', text: c });
    i++;
  }
  return out;
}

function ordinal(n: number, th: 'TH' | 'th'): string {
  const a = Math.abs(n);
  let s = 'th';
  if (a % 100 < 11 || a % 100 > 13) s = ['th', 'st', 'nd', 'rd'][a % 10] ?? 'th';
  return th === 'TH' ? s.toUpperCase() : s;
}

/** Broken-down time as to_char sees it (interval values may be negative or exceed ranges). */
export interface CharFields {
  readonly year: number; // astronomical for timestamps; years of an interval
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micro: number;
  readonly days: number | null; // day number (days since epoch), null for intervals
  readonly tzOffset: number | null;
  readonly tzAbbrev: string | null;
  readonly interval: boolean;
}

function pad(n: number, width: number, fm: boolean): string {
  if (fm) return String(n);
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(neg ? width : width, '0');
  return neg ? `-${s}` : s;
}

function casing(key: string, word: string): string {
  if (key === key.toUpperCase() && key !== key.toLowerCase()) return word.toUpperCase();
  if (key === key.toLowerCase()) return word.toLowerCase();
  return word;
}

function keyValue(n: Extract<FmtNode, { kind: 'key' }>, f: CharFields): string {
  const { fm } = n;
  const k = n.key.toUpperCase();
  const dispYear = f.interval ? f.year : f.year > 0 ? f.year : 1 - f.year;
  const days = f.days ?? 0;
  const num = (v: number, w: number): string =>
    pad(v, w, fm) + (n.th !== null ? ordinal(v, n.th) : '');
  switch (k) {
    case 'HH':
    case 'HH12': {
      const h = f.hour % 12 === 0 ? 12 : f.hour % 12;
      return num(h, 2);
    }
    case 'HH24':
      return num(f.hour, 2);
    case 'MI':
      return num(f.minute, 2);
    case 'SS':
      return num(f.second, 2);
    case 'MS':
      return num(Math.trunc(f.micro / 1000), 3);
    case 'US':
      return num(f.micro, 6);
    case 'FF1':
    case 'FF2':
    case 'FF3':
    case 'FF4':
    case 'FF5':
    case 'FF6': {
      const d = Number(k[2]);
      return num(Math.trunc(f.micro / 10 ** (6 - d)), d);
    }
    case 'SSSS':
    case 'SSSSS':
      return num(f.hour * 3600 + f.minute * 60 + f.second, 0);
    case 'AM':
    case 'PM':
      return casing(n.key, f.hour >= 12 ? 'PM' : 'AM');
    case 'A.M.':
    case 'P.M.':
      return casing(n.key, f.hour >= 12 ? 'P.M.' : 'A.M.');
    case 'AD':
    case 'BC':
      return casing(n.key, f.year <= 0 && !f.interval ? 'BC' : 'AD');
    case 'A.D.':
    case 'B.C.':
      return casing(n.key, f.year <= 0 && !f.interval ? 'B.C.' : 'A.D.');
    case 'Y,YYY': {
      const s = String(dispYear).padStart(4, '0');
      return `${s.slice(0, s.length - 3)},${s.slice(-3)}`;
    }
    case 'YYYY':
      return num(dispYear, 4);
    case 'YYY':
      return num(dispYear % 1000, 3);
    case 'YY':
      return num(dispYear % 100, 2);
    case 'Y':
      return num(dispYear % 10, 1);
    case 'IYYY':
    case 'IYY':
    case 'IY':
    case 'I': {
      const iy = isoWeek(days).year;
      const mod = [10000, 1000, 100, 10][4 - k.length]!;
      return num(k.length === 4 ? iy : iy % mod, k.length);
    }
    case 'CC': {
      const y = f.interval ? f.year : f.year;
      const cc = f.interval
        ? Math.trunc(y / 100)
        : y > 0
          ? Math.trunc((y + 99) / 100)
          : -Math.trunc((99 - (y - 1)) / 100);
      return num(cc, 2);
    }
    case 'Q':
      return num(Math.trunc((f.month - 1) / 3) + 1, 0);
    case 'MM':
      return num(f.month, 2);
    case 'MONTH':
    case 'MON': {
      if (f.month < 1) return '';
      const name = MONTHS[f.month - 1]!;
      if (k === 'MON') return casing(n.key, name.slice(0, 3));
      return casing(n.key, fm ? name : name.padEnd(9, ' '));
    }
    case 'DAY':
    case 'DY': {
      if (f.interval) return '';
      const name = DAYS[dayOfWeek(days)]!;
      if (k === 'DY') return casing(n.key, name.slice(0, 3));
      return casing(n.key, fm ? name : name.padEnd(9, ' '));
    }
    case 'DDD':
      return num(f.interval ? f.day : days - daysFromCivil(f.year, 1, 1) + 1, 3);
    case 'IDDD': {
      return num(days - isoYearStart(isoWeek(days).year) + 1, 3);
    }
    case 'DD':
      return num(f.day, 2);
    case 'D':
      return num(dayOfWeek(days) + 1, 0);
    case 'ID':
      return num(isoDayOfWeek(days), 0);
    case 'W':
      return num(Math.trunc((f.day - 1) / 7) + 1, 0);
    case 'WW':
      return num(Math.trunc((days - daysFromCivil(f.year, 1, 1)) / 7) + 1, 2);
    case 'IW':
      return num(isoWeek(days).week, 2);
    case 'J':
      return num(days + 2440588, 0);
    case 'RM': {
      if (f.month < 1) return '';
      const r = ROMAN[f.month - 1]!;
      return casing(n.key, fm ? r : r.padEnd(4, ' '));
    }
    case 'TZ':
      return f.tzAbbrev === null ? '' : casing(n.key, f.tzAbbrev);
    case 'TZH':
      if (f.tzOffset === null) return '';
      return (
        (f.tzOffset < 0 ? '-' : '+') +
        String(Math.trunc(Math.abs(f.tzOffset) / 3600)).padStart(2, '0')
      );
    case 'TZM':
      if (f.tzOffset === null) return '';
      return String(Math.trunc(Math.abs(f.tzOffset) / 60) % 60).padStart(2, '0');
    case 'OF':
      if (f.tzOffset === null) return '';
      return formatOffset(f.tzOffset);
    case 'FX':
      return '';
    default:
      return '';
  }
}

export function renderTemplate(fmt: string, f: CharFields): string {
  let out = '';
  for (const n of parseTemplate(fmt)) out += n.kind === 'lit' ? n.text : keyValue(n, f);
  return out;
}

/** to_char(timestamp | timestamptz, text); `zone` is set for timestamptz. */
export function toCharTimestamp(ts: bigint, fmt: string, zone: TimeZone | null): string {
  const offset = zone === null ? null : utcOffsetAt(zone, ts);
  const local = ts + BigInt(offset ?? 0) * 1_000_000n;
  const f = timestampToFields(local);
  return renderTemplate(fmt, {
    ...f,
    days: splitTimestamp(local).days,
    tzOffset: offset,
    tzAbbrev: zone === null ? null : zoneAbbrev(zone, ts),
    interval: false,
  });
}

/** to_char(interval, text). */
export function toCharInterval(s: Interval, fmt: string): string {
  const H = 3_600_000_000n;
  const rest = s.micros % H;
  return renderTemplate(fmt, {
    year: Math.trunc(s.months / 12),
    month: s.months % 12,
    day: s.days,
    hour: Number(s.micros / H),
    minute: Number(rest / 60_000_000n),
    second: Number((rest % 60_000_000n) / 1_000_000n),
    micro: Number(rest % 1_000_000n),
    days: null,
    tzOffset: null,
    tzAbbrev: null,
    interval: true,
  });
}

/** ISO 8601 text of a timestamp as JSON renders it: 2020-01-02T03:04:05.5+01:00. */
export function isoTimestamp(ts: bigint, offsetSecs: number | null): string {
  const local = ts + BigInt(offsetSecs ?? 0) * 1_000_000n;
  const f = timestampToFields(local);
  const y = f.year > 0 ? f.year : 1 - f.year;
  let out = `${String(y).padStart(4, '0')}-${p2(f.month)}-${p2(f.day)}T${p2(f.hour)}:${p2(f.minute)}:${secondsText(f.second, f.micro)}`;
  if (offsetSecs !== null) out += formatOffset(offsetSecs, true);
  if (f.year <= 0) out += ' BC';
  return out;
}

function p2(n: number): string {
  return String(n).padStart(2, '0');
}
