// Join keys: SQL equality, so a key containing NULL never matches anything (unlike GROUP BY).
// The planner must cast both sides' key columns to one type (int4 1 and int8 1 have different
// keys). Stateless helpers shared by join and semiJoin: keying a batch, the residual test.
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import type { KeyedUpdate } from './arrangement.js';
import { FAILED, attempt } from './error-set.js';
import type { TickContext } from './graph.js';

export interface KeyedBatch {
  /** Updates whose key has no NULL, addressed to their key. */
  readonly keyed: KeyedUpdate[];
  /** Updates whose key contains a NULL: they match nothing. */
  readonly nullKeyed: Update[];
}

/** Splits a batch by key; rows whose key closure throws become errors (with their diff). */
export function keyBatch(
  batch: readonly Update[],
  key: (row: Row) => readonly Datum[],
  ctx: TickContext,
): KeyedBatch {
  const keyed: KeyedUpdate[] = [];
  const nullKeyed: Update[] = [];
  for (const u of batch) {
    const k = attempt(ctx, u[2], () => key(u[0]));
    if (k === FAILED) continue;
    if (k.some((d) => d === null)) nullKeyed.push(u);
    else keyed.push([rowKey(k), u[0], u[2]]);
  }
  return { keyed, nullKeyed };
}

/**
 * Whether the optional residual predicate holds on a combined row (three-valued: only true
 * matches); a residual that throws yields the error with `diff` and counts as no match.
 */
export function residualHolds(
  residual: ((row: Row) => boolean | null) | undefined,
  row: Row,
  diff: number,
  ctx: TickContext,
): boolean {
  return residual === undefined || attempt(ctx, diff, () => residual(row)) === true;
}

/** A row of `n` NULLs (the padding of an outer join's missing side). */
export function nulls(n: number): Row {
  return new Array<Datum>(n).fill(null);
}
