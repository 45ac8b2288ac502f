// semiJoin / antiJoin: the left rows with at least one (semi) / no (anti) right row with an
// equal key for which the optional residual predicate (over left ++ right) is true. Output rows
// are left rows with their own diff, however many right rows match. Used for EXISTS / NOT EXISTS
// / IN decorrelation.
//
// NULL handling: a left row whose key contains NULL matches nothing, so semiJoin drops it and
// antiJoin keeps it; right rows whose key contains NULL are ignored. That is NOT EXISTS
// semantics. NOT IN differs (a NULL on either side makes the comparison unknown, so the row is
// dropped): the planner must add those conditions itself.
//
// State: both inputs arranged by key. For a key whose right side changes in the tick, the key's
// output is recomputed from the old and new arrangements and the difference emitted; for a key
// where only left rows change, just those rows are tested against the (unchanged) right side.
//
// Errors: key closures that throw yield the error with the row's diff; a residual that throws
// on a pair yields the error with diff dl·dr and the pair counts as unmatched.
import type { Datum, Row, Update } from '../repr/index.js';
import { groupByKey, type Entry } from './arrangement.js';
import type { Collection, TickContext } from './graph.js';
import { keyBatch, residualHolds } from './join-key.js';

export interface SemiJoinSpec {
  readonly leftKey: (row: Row) => readonly Datum[];
  readonly rightKey: (row: Row) => readonly Datum[];
  /** Evaluated on left ++ right for pairs with equal keys; only true matches. */
  readonly residual?: (row: Row) => boolean | null;
}

export function semiJoin(left: Collection, right: Collection, spec: SemiJoinSpec): Collection {
  return build(left, right, spec, false);
}

export function antiJoin(left: Collection, right: Collection, spec: SemiJoinSpec): Collection {
  return build(left, right, spec, true);
}

function build(left: Collection, right: Collection, spec: SemiJoinSpec, anti: boolean): Collection {
  const L = left.dataflow.arrangement();
  const R = left.dataflow.arrangement();

  /** Whether l (multiplicity dl) has a match in rs; residual errors carry dl·dr. */
  const matches = (l: Row, dl: number, rs: readonly Entry[], ctx: TickContext): boolean => {
    let found = false;
    for (const [r, dr] of rs) {
      if (dr <= 0) continue;
      if (spec.residual === undefined) return true;
      // Keep scanning after a match only to report every erroring pair consistently.
      if (residualHolds(spec.residual, [...l, ...r], dl * dr, ctx)) found = true;
    }
    return found;
  };

  const emitFor = (
    ls: readonly Entry[],
    rs: readonly Entry[],
    sign: number,
    out: Update[],
    ctx: TickContext,
  ): void => {
    for (const [l, dl] of ls) {
      if (matches(l, sign * dl, rs, ctx) !== anti) out.push([l, ctx.time, sign * dl]);
    }
  };

  return left.dataflow.addNode(
    {
      name: anti ? 'antiJoin' : 'semiJoin',
      step: ([lb, rb], ctx) => {
        const dl = keyBatch(lb!, spec.leftKey, ctx);
        const dr = keyBatch(rb!, spec.rightKey, ctx);
        const out: Update[] = [];
        if (anti) out.push(...dl.nullKeyed);
        const rChanged = new Set(dr.keyed.map(([k]) => k));
        for (const [k, ls] of groupByKey(dl.keyed)) {
          if (!rChanged.has(k)) emitFor(ls, R.get(k), 1, out, ctx);
        }
        for (const k of rChanged) emitFor(L.get(k), R.get(k), -1, out, ctx);
        L.apply(dl.keyed);
        R.apply(dr.keyed);
        for (const k of rChanged) emitFor(L.get(k), R.get(k), 1, out, ctx);
        return out;
      },
    },
    [left, right],
  );
}
