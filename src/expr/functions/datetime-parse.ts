// to_timestamp(text, text) and to_date(text, text): reads a date/time by a to_char template
// (numeric fields, month and day names, AM/PM, BC, TZH:TZM, quoted text; non-FX mode, where a
// separator in the template matches any separator in the input and leading spaces are skipped).
import { datetimeFieldOverflow, invalidDatetimeFormat } from '../../errors/index.js';
import {
  dayTimeToTimestamp,
  daysFromCivil,
  daysInMonth,
  localToUtc,
  type TimeZone,
} from '../../repr/datetime/index.js';
import { DAYS, MONTHS, parseTemplate, type FmtNode } from './datetime-format.js';

interface Parsed {
  year?: number;
  yearDigits?: number;
  bc?: boolean;
  month?: number;
  day?: number;
  doy?: number;
  hour?: number;
  hour12?: boolean;
  pm?: boolean;
  minute?: number;
  second?: number;
  micro?: number;
  tzh?: number;
  tzm?: number;
  julian?: number;
  cc?: number;
}

const WIDTH: Readonly<Record<string, number>> = {
  YYYY: 4,
  YYY: 3,
  YY: 2,
  Y: 1,
  IYYY: 4,
  IYY: 3,
  IY: 2,
  I: 1,
  MM: 2,
  DD: 2,
  DDD: 3,
  IDDD: 3,
  HH: 2,
  HH12: 2,
  HH24: 2,
  MI: 2,
  SS: 2,
  MS: 3,
  US: 6,
  FF1: 1,
  FF2: 2,
  FF3: 3,
  FF4: 4,
  FF5: 5,
  FF6: 6,
  SSSS: 5,
  SSSSS: 5,
  CC: 2,
  J: 7,
  TZH: 3,
  TZM: 2,
  D: 1,
  ID: 1,
  W: 1,
  WW: 2,
  IW: 2,
  Q: 1,
};

function isNumericKey(n: FmtNode | undefined): boolean {
  return n !== undefined && n.kind === 'key' && WIDTH[n.key.toUpperCase()] !== undefined;
}

function parseInput(text: string, fmt: string): Parsed {
  const nodes = parseTemplate(fmt);
  const p: Parsed = {};
  let i = 0;
  for (let ni = 0; ni < nodes.length; ni++) {
    const n = nodes[ni]!;
    if (n.kind === 'lit') {
      if (/\s/.test(n.text)) {
        while (i < text.length && /\s/.test(text[i]!)) i++;
      } else if (i < text.length && !/[A-Za-z0-9]/.test(n.text)) {
        // A separator matches any one non-alphanumeric character (or none before a digit).
        if (!/[A-Za-z0-9]/.test(text[i]!)) i++;
      } else if (i < text.length) {
        i += n.text.length;
      }
      continue;
    }
    const k = n.key.toUpperCase();
    while (i < text.length && text[i] === ' ') i++;
    const width = WIDTH[k];
    if (width !== undefined) {
      let j = i;
      if (k === 'TZH' && (text[j] === '+' || text[j] === '-')) j++;
      else if (text[j] === '-' && (k === 'YYYY' || k === 'J')) j++;
      const fixed = isNumericKey(nodes[ni + 1]) || n.key === 'FX';
      while (j < text.length && /\d/.test(text[j]!) && (!fixed || j - i < width)) j++;
      const raw = text.slice(i, j);
      if (!/\d/.test(raw)) {
        const got = text.slice(i, i + width);
        throw invalidDatetimeFormat(`invalid value "${got}" for "${n.key}"`, {
          detail: got === '' ? undefined : 'Value must be an integer.',
        });
      }
      i = j;
      assignNumber(p, k, Number(raw), raw.replace(/^[+-]/, '').length);
      continue;
    }
    switch (k) {
      case 'MONTH':
      case 'MON': {
        const idx = matchName(text, i, MONTHS, k === 'MON');
        if (idx === null)
          throw invalidValue(
            text,
            i,
            n.key,
            'The given value did not match any of the allowed values for this field.',
          );
        p.month = idx.index + 1;
        i += idx.length;
        break;
      }
      case 'DAY':
      case 'DY': {
        const idx = matchName(text, i, DAYS, k === 'DY');
        if (idx === null)
          throw invalidValue(
            text,
            i,
            n.key,
            'The given value did not match any of the allowed values for this field.',
          );
        i += idx.length;
        break;
      }
      case 'AM':
      case 'PM':
      case 'A.M.':
      case 'P.M.': {
        const s = text.slice(i, i + k.length).toUpperCase();
        if (s !== k.replace('P', 'A') && s !== k.replace('A', 'P')) {
          throw invalidValue(
            text,
            i,
            n.key,
            'The given value did not match any of the allowed values for this field.',
          );
        }
        p.pm = s.startsWith('P');
        i += k.length;
        break;
      }
      case 'AD':
      case 'BC':
      case 'A.D.':
      case 'B.C.': {
        const s = text.slice(i, i + k.length).toUpperCase();
        p.bc = s.startsWith('B');
        i += k.length;
        break;
      }
      default:
        break;
    }
  }
  return p;
}

function invalidValue(text: string, i: number, key: string, detail: string): Error {
  return invalidDatetimeFormat(`invalid value "${text.slice(i, i + key.length)}" for "${key}"`, {
    detail,
  });
}

function matchName(
  text: string,
  i: number,
  names: readonly string[],
  abbrev: boolean,
): { index: number; length: number } | null {
  const rest = text.slice(i).toLowerCase();
  for (let k = 0; k < names.length; k++) {
    const full = names[k]!.toLowerCase();
    if (!abbrev && rest.startsWith(full)) return { index: k, length: full.length };
    if (rest.startsWith(full.slice(0, 3))) return { index: k, length: 3 };
  }
  return null;
}

function assignNumber(p: Parsed, k: string, v: number, digits: number): void {
  switch (k) {
    case 'YYYY':
    case 'YYY':
    case 'YY':
    case 'Y':
    case 'IYYY':
    case 'IYY':
    case 'IY':
    case 'I':
      p.year = v;
      p.yearDigits = digits;
      break;
    case 'MM':
      p.month = v;
      break;
    case 'DD':
      p.day = v;
      break;
    case 'DDD':
    case 'IDDD':
      p.doy = v;
      break;
    case 'HH':
    case 'HH12':
      p.hour = v;
      p.hour12 = true;
      break;
    case 'HH24':
      p.hour = v;
      break;
    case 'MI':
      p.minute = v;
      break;
    case 'SS':
      p.second = v;
      break;
    case 'MS':
      p.micro = v * 10 ** (3 - digits) * 1000;
      break;
    case 'US':
    case 'FF1':
    case 'FF2':
    case 'FF3':
    case 'FF4':
    case 'FF5':
    case 'FF6':
      p.micro = v * 10 ** (6 - digits);
      break;
    case 'SSSS':
    case 'SSSSS':
      p.hour = Math.trunc(v / 3600);
      p.minute = Math.trunc(v / 60) % 60;
      p.second = v % 60;
      break;
    case 'TZH':
      p.tzh = v;
      break;
    case 'TZM':
      p.tzm = v;
      break;
    case 'J':
      p.julian = v;
      break;
    case 'CC':
      p.cc = v;
      break;
    default:
      break;
  }
}

function resolveYear(p: Parsed): number {
  let y = p.year ?? (p.cc !== undefined ? (p.cc - 1) * 100 + 1 : 0);
  if (p.year !== undefined && p.yearDigits !== undefined && p.yearDigits <= 2 && p.year < 100) {
    // Two-digit years: 70-99 → 19xx, 00-69 → 20xx (PostgreSQL's adjust_partial_year_to_2020).
    y = p.yearDigits === 1 ? 2000 + y : y < 70 ? 2000 + y : 1900 + y;
  } else if (p.yearDigits === 3 && y < 100) {
    y += 2000;
  }
  if (p.bc === true) y = 1 - y;
  return y;
}

function resolveDate(p: Parsed, text: string): number {
  if (p.julian !== undefined) return p.julian - 2440588;
  const year = resolveYear(p);
  if (p.doy !== undefined && p.month === undefined) return daysFromCivil(year, 1, 1) + p.doy - 1;
  const month = p.month ?? 1;
  const day = p.day ?? 1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw datetimeFieldOverflow(`date/time field value out of range: "${text}"`);
  }
  return daysFromCivil(year, month, day);
}

/** to_date(text, template). */
export function toDate(text: string, fmt: string): number {
  return resolveDate(parseInput(text, fmt), text);
}

/** to_timestamp(text, template): a timestamptz, read in `zone` unless TZH/TZM say otherwise. */
export function toTimestamp(text: string, fmt: string, zone: TimeZone): bigint {
  const p = parseInput(text, fmt);
  const days = resolveDate(p, text);
  let hour = p.hour ?? 0;
  if (p.hour12 === true || p.pm !== undefined) {
    if (p.hour12 === true && (hour < 1 || hour > 12)) {
      throw datetimeFieldOverflow(`hour "${hour}" is invalid for the 12-hour clock`, {
        hint: 'Use the 24-hour clock, or give an hour between 1 and 12.',
      });
    }
    if (p.pm === true && hour < 12) hour += 12;
    else if (p.pm === false && hour === 12) hour = 0;
  }
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  if (hour > 24 || minute > 59 || second > 60) {
    throw datetimeFieldOverflow(`date/time field value out of range: "${text}"`);
  }
  const local = dayTimeToTimestamp(
    days,
    ((hour * 60 + minute) * 60 + second) * 1_000_000 + (p.micro ?? 0),
  );
  if (p.tzh !== undefined || p.tzm !== undefined) {
    const h = p.tzh ?? 0;
    const off = (Math.abs(h) * 3600 + (p.tzm ?? 0) * 60) * (h < 0 || Object.is(h, -0) ? -1 : 1);
    return local - BigInt(off) * 1_000_000n;
  }
  return localToUtc(zone, local);
}
