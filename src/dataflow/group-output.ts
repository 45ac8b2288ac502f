// The last output of each group of a reduce — a row, or the error its computation raised — kept
// in a ValueState (so it survives restarts with the rest of a maintained view's state) and
// replaced group by group: only a real change emits a retraction of the old output and an
// insertion of the new one.
//
// Stored rows: [0, ...row] for a row, [1, code, message, detail, hint] for an error.
import { EddyError } from '../errors/index.js';
import { sameExactRow, type Row, type Update } from '../repr/index.js';
import { errorKey, errorToRow, rowToError } from './error-set.js';
import type { TickContext } from './graph.js';
import type { ValueState } from './state.js';

export type GroupOutput = Row | EddyError;

function encode(o: GroupOutput): Row {
  return o instanceof EddyError ? [1, ...errorToRow(o)] : [0, ...o];
}

function decode(stored: Row): GroupOutput {
  return stored[0] === 0 ? stored.slice(1) : rowToError(stored.slice(1));
}

function same(a: GroupOutput | undefined, b: GroupOutput | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a instanceof EddyError || b instanceof EddyError) {
    return a instanceof EddyError && b instanceof EddyError && errorKey(a) === errorKey(b);
  }
  return sameExactRow(a, b);
}

export class GroupOutputs {
  constructor(private readonly values: ValueState) {}

  /**
   * Makes `after` the output of group `key` (undefined: the group outputs nothing), pushing the
   * retraction of the previous output and the new output (rows to `out`, errors to ctx).
   */
  replace(key: string, after: GroupOutput | undefined, out: Update[], ctx: TickContext): void {
    const stored = this.values.get(key);
    const before = stored === undefined ? undefined : decode(stored);
    if (!emitChange(before, after, out, ctx)) return;
    if (after !== undefined) this.values.set(key, encode(after));
    else this.values.delete(key);
  }
}

/**
 * Pushes the change from a group's output `before` to `after` (rows to `out`, errors to ctx):
 * the retraction of the old and the new, unless they are the same. Whether anything changed.
 */
export function emitChange(
  before: GroupOutput | undefined,
  after: GroupOutput | undefined,
  out: Update[],
  ctx: TickContext,
): boolean {
  if (same(before, after)) return false;
  if (before !== undefined) emit(before, -1, out, ctx);
  if (after !== undefined) emit(after, 1, out, ctx);
  return true;
}

function emit(o: GroupOutput, diff: number, out: Update[], ctx: TickContext): void {
  if (o instanceof EddyError) ctx.error(o, diff);
  else out.push([o, ctx.time, diff]);
}
