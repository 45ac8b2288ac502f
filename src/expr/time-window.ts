// Time windows for the TUMBLE and HOP table functions (as in RisingWave and Flink): which windows
// contain a point in time. A window is the half-open span [start, start + size); window starts
// are spaced `hop` apart (hop = size for TUMBLE) and aligned to the Unix epoch plus `offset`, so
// TUMBLE's start is `date_bin(size, t, 'epoch' + offset)`. Times are microseconds since
// 1970-01-01 (UTC for timestamptz, wall clock for timestamp), as timestamps are stored.
//
// The arguments arrive as interval datums, checked here so that the binder (for constants) and
// the dataflow (for anything computed) raise the same errors. Intervals with months are refused
// (a month has no fixed length; PostgreSQL's date_bin refuses them too); a day is 24 hours.
import {
  featureNotSupported,
  invalidParameterValue,
  nullValueNotAllowed,
  programLimitExceeded,
} from '../errors/index.js';
import { Interval, type Datum } from '../repr/index.js';
import {
  USECS_PER_DAY,
  checkTimestamp,
  formatInterval,
  isFiniteTimestamp,
} from '../repr/datetime/index.js';

export type WindowKind = 'tumble' | 'hop';

/** The windows of one TUMBLE or HOP call, in microseconds. */
export interface WindowSpec {
  readonly size: bigint;
  /** Distance between consecutive window starts (= size for TUMBLE). */
  readonly hop: bigint;
  /** Window starts are congruent to this modulo `hop`. */
  readonly offset: bigint;
}

/** HOP's size / hop bound: more windows per input row is refused rather than run out of memory. */
export const MAX_WINDOWS_PER_ROW = 100_000;

function micros(fn: WindowKind, what: string, d: Datum, canBeNegative = false): bigint {
  const name = fn.toUpperCase();
  if (d === null) throw nullValueNotAllowed(`${name} ${what} must not be null`);
  const iv = d as Interval;
  if (iv.months !== 0) {
    throw featureNotSupported(`${name} ${what} cannot contain months or years`, {
      hint: 'Months vary in length; give the interval in days or smaller units.',
    });
  }
  const us = BigInt(iv.days) * USECS_PER_DAY + iv.micros;
  if (!canBeNegative && us <= 0n) {
    throw invalidParameterValue(`${name} ${what} must be greater than zero`);
  }
  return us;
}

/** TUMBLE(rel, time, size [, offset]). */
export function tumbleSpec(size: Datum, offset: Datum = Interval.ZERO): WindowSpec {
  const s = micros('tumble', 'window size', size);
  return { size: s, hop: s, offset: micros('tumble', 'window offset', offset, true) };
}

/** HOP(rel, time, hop, size [, offset]): the size must be a whole number of hops. */
export function hopSpec(hop: Datum, size: Datum, offset: Datum = Interval.ZERO): WindowSpec {
  const h = micros('hop', 'window slide', hop);
  const s = micros('hop', 'window size', size);
  if (s % h !== 0n) {
    throw invalidParameterValue(
      `HOP window size ${formatInterval(size as Interval)} is not a multiple of the window slide ${formatInterval(hop as Interval)}`,
    );
  }
  if (s / h > BigInt(MAX_WINDOWS_PER_ROW)) {
    throw programLimitExceeded(
      `HOP would put each row in ${s / h} windows (window size / window slide), more than the maximum of ${MAX_WINDOWS_PER_ROW}`,
    );
  }
  return { size: s, hop: h, offset: micros('hop', 'window offset', offset, true) };
}

/** The aligned window start at or before t. */
function alignDown(t: bigint, spec: WindowSpec): bigint {
  const r = (t - spec.offset) % spec.hop;
  return t - (r < 0n ? r + spec.hop : r);
}

/**
 * The [start, end) windows containing time t, earliest first: one for TUMBLE, size / hop for HOP.
 * An infinite time lies in no window. Throws 22008 if a window reaches outside the timestamp
 * range.
 */
export function windowsContaining(t: bigint, spec: WindowSpec): [bigint, bigint][] {
  if (!isFiniteTimestamp(t)) return [];
  const out: [bigint, bigint][] = [];
  for (let start = alignDown(t - spec.size + spec.hop, spec); start <= t; start += spec.hop) {
    out.push([checkTimestamp(start), checkTimestamp(start + spec.size)]);
  }
  return out;
}
