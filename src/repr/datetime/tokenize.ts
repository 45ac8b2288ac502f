// Splits date/time/interval input into typed fields the way PostgreSQL's ParseDateTime does:
// numbers, strings, dates ('2024-01-05', 'jan-05', 'europe/paris'), times ('13:45:00.5'),
// signed fields ('+02:00', '-1') and signed specials ('-infinity'). Other punctuation separates.
import {
  datetimeFieldOverflow,
  type EddyError,
  intervalFieldOverflow,
  invalidDatetimeFormat,
  invalidParameterValue,
  invalidTimeZoneDisplacement,
} from '../../errors/index.js';

export type FieldKind = 'number' | 'string' | 'date' | 'time' | 'tz' | 'special';

export interface Field {
  readonly kind: FieldKind;
  /** Lower-cased for strings, dates and specials. */
  readonly text: string;
}

/** A date/time decoding failure, turned into PostgreSQL's error by dateTimeError(). */
export type DtErrorCode =
  'bad' | 'overflow' | 'md-overflow' | 'tz-overflow' | 'bad-tz' | 'interval-overflow';

export class DtError extends Error {
  constructor(
    readonly code: DtErrorCode,
    readonly zone = '',
  ) {
    super(code);
  }
}

/** PostgreSQL's DateTimeParseError: the EddyError for a decoding failure. */
export function dateTimeError(e: unknown, input: string, typeName: string): EddyError {
  if (!(e instanceof DtError)) throw e;
  switch (e.code) {
    case 'overflow':
      return datetimeFieldOverflow(`date/time field value out of range: "${input}"`);
    case 'md-overflow':
      return datetimeFieldOverflow(`date/time field value out of range: "${input}"`, {
        hint: 'Perhaps you need a different "datestyle" setting.',
      });
    case 'interval-overflow':
      return intervalFieldOverflow(`interval field value out of range: "${input}"`);
    case 'tz-overflow':
      return invalidTimeZoneDisplacement(`time zone displacement out of range: "${input}"`);
    case 'bad-tz':
      return invalidParameterValue(`time zone "${e.zone}" not recognized`);
    case 'bad':
      return invalidDatetimeFormat(`invalid input syntax for type ${typeName}: "${input}"`);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Words that can be followed by a digit or '+' without starting a zone name ('t' in ISO 'T13'). */
export type KeywordCheck = (word: string) => boolean;

export function tokenizeDateTime(input: string, isKeyword: KeywordCheck): Field[] {
  const out: Field[] = [];
  const s = input;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    let text = '';
    let kind: FieldKind;
    if (isDigit(c)) {
      while (isDigit(s[i])) text += s[i++];
      if (s[i] === ':') {
        kind = 'time';
        text += s[i++];
        while (isDigit(s[i]) || s[i] === ':' || s[i] === '.') text += s[i++];
      } else if (s[i] === '-' || s[i] === '/' || s[i] === '.') {
        const delim = s[i]!;
        text += s[i++];
        if (isDigit(s[i])) {
          kind = delim === '.' ? 'number' : 'date';
          while (isDigit(s[i])) text += s[i++];
          if (s[i] === delim) {
            kind = 'date';
            text += s[i++];
            while (isDigit(s[i]) || s[i] === delim) text += s[i++];
          }
        } else {
          kind = 'date';
          while (isAlnum(s[i]) || s[i] === delim) text += s[i++]!.toLowerCase();
        }
      } else {
        kind = 'number';
      }
    } else if (c === '.') {
      text += s[i++];
      while (isDigit(s[i])) text += s[i++];
      kind = 'number';
    } else if (isAlpha(c)) {
      kind = 'string';
      while (isAlpha(s[i])) text += s[i++]!.toLowerCase();
      let isDate = false;
      const n = s[i];
      if (n === '-' || n === '/' || n === '.') isDate = true;
      else if (n === '+' || isDigit(n)) isDate = !isKeyword(text);
      if (isDate) {
        kind = 'date';
        do {
          text += s[i++]!.toLowerCase();
        } while (
          s[i] === '+' ||
          s[i] === '-' ||
          s[i] === '/' ||
          s[i] === '_' ||
          s[i] === '.' ||
          s[i] === ':' ||
          isAlnum(s[i])
        );
      }
    } else if (c === '+' || c === '-') {
      text += s[i++];
      while (isSpace(s[i])) i++;
      if (isDigit(s[i])) {
        kind = 'tz';
        text += s[i++];
        while (isDigit(s[i]) || s[i] === ':' || s[i] === '.' || s[i] === '-') text += s[i++];
      } else if (isAlpha(s[i])) {
        kind = 'special';
        while (isAlpha(s[i])) text += s[i++]!.toLowerCase();
      } else {
        throw new DtError('bad');
      }
    } else if (/[!-/:-@[-`{-~]/.test(c!)) {
      i++;
      continue;
    } else {
      throw new DtError('bad');
    }
    out.push({ kind, text });
  }
  return out;
}

/** Parses a fraction such as '.5' (leading '.' included) into µs, rounding like PostgreSQL. */
export function parseFractionMicros(frac: string): number {
  if (!/^\.\d*$/.test(frac)) throw new DtError('bad');
  if (frac === '.') return 0;
  return Math.round(Number(`0${frac}`) * 1_000_000);
}
