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
