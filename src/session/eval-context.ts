// The evaluation context of a statement: session time zone and settings, transaction and
// statement start times, and the session facts that functions like current_user need.
import type { EvalContext } from '../expr/signature.js';

export function nowMicros(): bigint {
  return BigInt(Date.now()) * 1000n;
}

export function makeEvalContext(
  setting: (name: string) => string | undefined,
  txnStart: bigint,
  statementStart: bigint,
): EvalContext {
  return {
    timeZone: setting('TimeZone') ?? 'UTC',
    txnStart,
    statementStart,
    setting,
  };
}

import type { IoSettings } from '../repr/io/settings.js';

/** Text I/O settings from the session's settings. */
export function ioSettings(setting: (name: string) => string | undefined): IoSettings {
  return {
    dateStyle: setting('DateStyle') ?? 'ISO, MDY',
    intervalStyle: setting('IntervalStyle') ?? 'postgres',
    timeZone: setting('TimeZone') ?? 'UTC',
    extraFloatDigits: Number(setting('extra_float_digits') ?? '1'),
    byteaOutput: setting('bytea_output') === 'escape' ? 'escape' : 'hex',
  };
}
