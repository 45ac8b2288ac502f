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

import { DEFAULT_IO_SETTINGS, type IoSettings } from '../repr/io/settings.js';

/** Text I/O settings from the session's settings. */
export function ioSettings(setting: (name: string) => string | undefined): IoSettings {
  const d = DEFAULT_IO_SETTINGS;
  const efd = Number.parseInt(setting('extra_float_digits') ?? '', 10);
  const bytea = setting('bytea_output');
  return {
    dateStyle: setting('DateStyle') ?? d.dateStyle,
    intervalStyle: setting('IntervalStyle') ?? d.intervalStyle,
    timeZone: setting('TimeZone') ?? d.timeZone,
    extraFloatDigits: Number.isNaN(efd) ? d.extraFloatDigits : efd,
    byteaOutput: bytea === 'escape' || bytea === 'hex' ? bytea : d.byteaOutput,
  };
}
