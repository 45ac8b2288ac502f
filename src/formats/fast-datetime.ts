// Fast paths for the commonest date/time text in Kafka records — ISO 8601 dates and timestamps
// such as '2024-01-02', '2024-01-02T03:04:05.123Z', '2024-01-02 03:04:05+01:00' — which the
// general PostgreSQL datetime parser (src/repr/datetime) handles ~5x slower. Each function
// returns undefined for anything outside its narrow shape (years 1000-9999, hours 0-23,
// seconds 0-59, at most 6 fractional digits, offsets up to ±15:59), and the caller falls back
// to the general parser; within the shape the result is the general parser's, which
// test/formats/fast-datetime.test.ts checks on random inputs.
import { daysFromCivil, daysInMonth } from '../repr/datetime/index.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function day(y: string, m: string, d: string): number | undefined {
  const year = Number(y);
  const month = Number(m);
  const dom = Number(d);
  if (year < 1000 || month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month))
    return undefined;
  return daysFromCivil(year, month, dom);
}

/** Days since 1970-01-01 of 'YYYY-MM-DD', or undefined. */
export function fastDate(s: string): number | undefined {
  const m = DATE.exec(s);
  return m === null ? undefined : day(m[1]!, m[2]!, m[3]!);
}

/**
 * µs since 1970-01-01 of an ISO timestamp. `withZone`: timestamptz (an offset is applied; none
 * means UTC, so the caller must only ask when the session zone is UTC). Without it (timestamp),
 * text with an offset is left to the general parser.
 */
export function fastTimestamp(s: string, withZone: boolean): bigint | undefined {
  const m = TIMESTAMP.exec(s);
  if (m === null) return undefined;
  const days = day(m[1]!, m[2]!, m[3]!);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (days === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const hasOffset = m[8] !== undefined || m[9] !== undefined;
  if (hasOffset && !withZone) return undefined;
  let offsetSeconds = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 15 || om > 59) return undefined;
    offsetSeconds = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const frac = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0'));
  const seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return BigInt(seconds) * 1_000_000n + BigInt(frac);
}
