// The evaluation context of a statement: session time zone and settings, transaction and
// statement start times, and the session facts that functions like current_user need.
import type { EvalContext, SessionInfo } from '../expr/signature.js';
import { nowMicros } from '../repr/datetime/clock.js';

export { nowMicros };

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

/**
 * A statement's context with the session facts built on first use (most statements call no
 * function needing them). A class with a prototype getter on purpose: an object literal whose
 * getter is a new closure each time gets a hidden class of its own, which V8 allocates in the
 * old generation, and that hidden class keeps the closure — and through it the statement's
 * snapshot and whatever else it reaches — alive through young-generation collections (under
 * point lookups ~1 MB was promoted, then discarded, at every scavenge).
 */
export class StatementContext implements EvalContext {
  readonly timeZone: string;
  private info: SessionInfo | undefined = undefined;

  constructor(
    readonly setting: (name: string) => string | undefined,
    readonly txnStart: bigint,
    readonly statementStart: bigint,
    private readonly sessionFacts: () => SessionInfo,
  ) {
    this.timeZone = setting('TimeZone') ?? 'UTC';
  }

  get session(): SessionInfo {
    return (this.info ??= this.sessionFacts());
  }
}
