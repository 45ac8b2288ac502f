// Range checks on timestamps that raise PostgreSQL's errors, for arithmetic results (input
// parsing reports its own, quoting the text): ±infinity pass, values outside
// 4714-11-24 BC .. 294276-12-31 raise `timestamp out of range` (22008).
import { datetimeFieldOverflow } from '../../errors/index.js';
import { TS_NEG_INFINITY, TS_POS_INFINITY } from '../datum.js';
import { isValidTimestamp } from './calendar.js';

export function isFiniteTimestamp(ts: bigint): boolean {
  return ts !== TS_NEG_INFINITY && ts !== TS_POS_INFINITY;
}

/** Returns ts if valid or infinite; otherwise throws `<what> out of range` (22008). */
export function checkTimestamp(ts: bigint, what = 'timestamp'): bigint {
  if (isFiniteTimestamp(ts) && !isValidTimestamp(ts)) {
    throw datetimeFieldOverflow(`${what} out of range`);
  }
  return ts;
}
