// The dataflow's error collection: evaluation errors travel as (error, time, diff) updates with
// the same diff discipline as data, so retracting the row that caused an error retracts the
// error. Two errors are the same element of the collection when their SQLSTATE, message, detail
// and hint are equal.
//
// State kept: ErrorSet holds the live errors (accumulated diff per distinct error).
import { EddyError } from '../errors/index.js';
import type { Diff, Row, Timestamp } from '../repr/index.js';
import type { TickContext } from './graph.js';

export type ErrorUpdate = readonly [error: EddyError, time: Timestamp, diff: Diff];

/** The identity of an error within the error collection. */
export function errorKey(e: EddyError): string {
  return `${e.code}\u0000${e.message}\u0000${e.detail ?? ''}\u0000${e.hint ?? ''}`;
}

/** An error as a row [code, message, detail, hint], for state and storage in LMDB. */
export function errorToRow(e: EddyError): Row {
  return [e.code, e.message, e.detail ?? null, e.hint ?? null];
}

/** The error stored by errorToRow. */
export function rowToError(row: Row): EddyError {
  const [code, message, detail, hint] = row as [string, string, string | null, string | null];
  return new EddyError(code, message, {
    ...(detail === null ? {} : { detail }),
    ...(hint === null ? {} : { hint }),
  });
}

/** Sums the diffs of equal errors at equal times; drops the ones that cancel. */
export function consolidateErrors(updates: readonly ErrorUpdate[]): ErrorUpdate[] {
  const index = new Map<string, [EddyError, Timestamp, Diff]>();
  for (const [e, t, d] of updates) {
    const k = `${t}|${errorKey(e)}`;
    const cur = index.get(k);
    if (cur === undefined) index.set(k, [e, t, d]);
    else cur[2] += d;
  }
  return [...index.values()].filter((u) => u[2] !== 0);
}

/** The live set of errors: each distinct error with its accumulated diff. */
export class ErrorSet {
  private readonly acc = new Map<string, [EddyError, Diff]>();

  apply(batch: readonly ErrorUpdate[]): void {
    for (const [e, , d] of batch) {
      const k = errorKey(e);
      const cur = this.acc.get(k);
      if (cur === undefined) this.acc.set(k, [e, d]);
      else if (cur[1] + d === 0) this.acc.delete(k);
      else cur[1] += d;
    }
  }

  live(): (readonly [EddyError, Diff])[] {
    return [...this.acc.values()].map(([e, d]) => [e, d] as const);
  }

  get size(): number {
    return this.acc.size;
  }
}

/** Returned by `attempt` when the closure raised an EddyError (already reported). */
export const FAILED: unique symbol = Symbol('failed');
export type Failed = typeof FAILED;

/**
 * Runs a closure over one update; an EddyError is reported with the update's diff and FAILED
 * is returned. Any other throw is a bug and propagates.
 */
export function attempt<T>(ctx: TickContext, diff: Diff, fn: () => T): T | Failed {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EddyError) {
      ctx.error(e, diff);
      return FAILED;
    }
    throw e;
  }
}

/** Runs a closure; an EddyError is returned instead of thrown. Any other throw propagates. */
export function catchEddy<T>(fn: () => T): T | EddyError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EddyError) return e;
    throw e;
  }
}
