// Fast paths for the commonest date/time text in Kafka records — ISO 8601 dates and timestamps
// such as '2024-01-02', '2024-01-02T03:04:05.123Z', '2024-01-02 03:04:05+01:00' — which the
// general PostgreSQL datetime parser (src/repr/datetime) handles ~5x slower. Each function
// returns undefined for anything outside its narrow shape (years 1000-9999, hours 0-23,
// seconds 0-59, at most 6 fractional digits, offsets up to ±15:59), and the caller falls back
// to the general parser; within the shape the result is the general parser's, which
// test/formats/fast-datetime.test.ts checks on random inputs.
import { daysFromCivil, daysInMonth } from '../repr/datetime/index.js';

/** The value of the `n` decimal digits at `at`, or -1 if any is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of the 'YYYY-MM-DD' at the start of `s`, or undefined. */
function day(s: string): number | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined; // '-'
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const dom = digits(s, 8, 2);
  if (year < 1000 || month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month))
    return undefined;
  return daysFromCivil(year, month, dom);
}

/** Days since 1970-01-01 of 'YYYY-MM-DD', or undefined. */
export function fastDate(s: string): number | undefined {
  return s.length === 10 ? day(s) : undefined;
}

/** 2^53 / 10^6: seconds whose µs are exact in a double (beyond ±2255, bigint arithmetic). */
const EXACT_SECONDS = 9_007_199_254;

/**
 * µs since 1970-01-01 of an ISO timestamp. `withZone`: timestamptz (an offset is applied; none
 * means UTC, so the caller must only ask when the session zone is UTC). Without it (timestamp),
 * text with an offset is left to the general parser. Parsed by character codes: this runs once
 * per timestamp field of every record of a source.
 */
export function fastTimestamp(s: string, withZone: boolean): bigint | undefined {
  const len = s.length;
  if (len < 19) return undefined;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return undefined; // 'T' or ' ', ':'
  const days = day(s);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (days === undefined || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59) return undefined;
  let at = 19;
  let frac = 0;
  if (at < len && s.charCodeAt(at) === 46) {
    // '.': 1 to 6 digits
    let n = 0;
    at++;
    while (at < len && n < 7) {
      const c = s.charCodeAt(at) - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      n++;
      at++;
    }
    if (n === 0 || n > 6) return undefined;
    for (; n < 6; n++) frac *= 10;
  }
  let offsetSeconds = 0;
  if (at < len) {
    if (!withZone) return undefined;
    const c = s.charCodeAt(at);
    if (c === 90) {
      at++; // 'Z'
    } else if (c === 43 || c === 45) {
      const oh = digits(s, at + 1, 2);
      at += 3;
      let om = 0;
      if (at < len) {
        if (s.charCodeAt(at) === 58) at++; // ':'
        om = digits(s, at, 2);
        at += 2;
      }
      if (oh < 0 || om < 0 || oh > 15 || om > 59) return undefined;
      offsetSeconds = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
    } else return undefined;
    if (at !== len) return undefined;
  }
  const seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  if (seconds > -EXACT_SECONDS && seconds < EXACT_SECONDS)
    return BigInt(seconds * 1_000_000 + frac);
  return BigInt(seconds) * 1_000_000n + BigInt(frac);
}
