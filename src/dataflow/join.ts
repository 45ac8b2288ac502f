// join: equi-join of two collections on key closures, kinds inner/left/right/full, with an
// optional residual predicate over the combined row (three-valued: only true matches). Output
// row = left row ++ right row, NULL-padded on the missing side for unmatched rows of a
// preserved side. A join with no key columns (both closures return []) is a cross join over one
// key. Keys containing NULL never match (see join-key.ts).
//
// State: both inputs arranged by key (`left`, `right`); a side unique on the join key is marked
// so (leftUnique / rightUnique) for the state backend's layout.
//
// Inner join uses the delta rule: ΔL ⋈ R_old, then L_new ⋈ ΔR — each pair is produced once,
// with diff dl·dr. Outer joins recompute every key touched by the tick: the key's output from
// the old arrangements, then from the new ones, and emit the difference (cost ∝ |L_k|·|R_k| per
// touched key). Rows whose key contains NULL are handled without state: on a preserved side they
// are emitted NULL-padded with their own diff, otherwise dropped.
//
// Errors: a key closure that throws yields the error with the row's diff (row not arranged); a
// residual that throws on a pair yields the error with the pair's diff dl·dr and the pair counts
// as unmatched.
import type { Datum, Row, Update } from '../repr/index.js';
import { groupByKey, type Entry } from './arrangement.js';
import type { Collection, TickContext } from './graph.js';
import { keyBatch, nulls, residualHolds } from './join-key.js';

export type JoinKind = 'inner' | 'left' | 'right' | 'full';

export interface JoinSpec {
  readonly kind: JoinKind;
  readonly leftKey: (row: Row) => readonly Datum[];
  readonly rightKey: (row: Row) => readonly Datum[];
  /** Column counts of each side, for NULL padding. */
  readonly leftArity: number;
  readonly rightArity: number;
  /** Evaluated on left ++ right for pairs with equal keys; only true matches. */
  readonly residual?: (row: Row) => boolean | null;
  /** The side has at most one row per join key (a key of it is among the join columns). */
  readonly leftUnique?: boolean;
  readonly rightUnique?: boolean;
}

export function join(left: Collection, right: Collection, spec: JoinSpec): Collection {
  const L = left.dataflow.arrangement(spec.leftUnique === true);
  const R = left.dataflow.arrangement(spec.rightUnique === true);
  const keepLeft = spec.kind === 'left' || spec.kind === 'full';
  const keepRight = spec.kind === 'right' || spec.kind === 'full';
  const padLeft = nulls(spec.leftArity);
  const padRight = nulls(spec.rightArity);

  /** Emits the pair if it matches; returns whether it matched. */
  const pair = (l: Row, r: Row, diff: number, out: Update[], ctx: TickContext): boolean => {
    const row = [...l, ...r];
    if (!residualHolds(spec.residual, row, diff, ctx)) return false;
    out.push([row, ctx.time, diff]);
    return true;
  };

  /** The full output of one key (outer joins), with every diff multiplied by `sign`. */
  const keyOutput = (
    ls: readonly Entry[],
    rs: readonly Entry[],
    sign: number,
    out: Update[],
    ctx: TickContext,
  ): void => {
    const rMatched = new Array<boolean>(rs.length).fill(false);
    for (const [l, dl] of ls) {
      let matched = false;
      for (let j = 0; j < rs.length; j++) {
        const [r, dr] = rs[j]!;
        if (pair(l, r, sign * dl * dr, out, ctx)) {
          matched = true;
          rMatched[j] = true;
        }
      }
      if (!matched && keepLeft) out.push([[...l, ...padRight], ctx.time, sign * dl]);
    }
    if (keepRight) {
      for (let j = 0; j < rs.length; j++) {
        const [r, dr] = rs[j]!;
        if (!rMatched[j]) out.push([[...padLeft, ...r], ctx.time, sign * dr]);
      }
    }
  };

  return left.dataflow.addNode(
    {
      name: `join ${spec.kind}`,
      step: ([lb, rb], ctx) => {
        const dl = keyBatch(lb!, spec.leftKey, ctx);
        const dr = keyBatch(rb!, spec.rightKey, ctx);
        const out: Update[] = [];
        if (keepLeft) {
          for (const [l, , d] of dl.nullKeyed) out.push([[...l, ...padRight], ctx.time, d]);
        }
        if (keepRight) {
          for (const [r, , d] of dr.nullKeyed) out.push([[...padLeft, ...r], ctx.time, d]);
        }
        if (spec.kind === 'inner') {
          const lGroups = groupByKey(dl.keyed);
          const rGroups = groupByKey(dr.keyed);
          // Keys changed on both sides: R's are probed and then updated, L's updated and probed.
          if (lGroups.size > 0 && rGroups.size > 0) {
            L.readAgain?.(rGroups);
            R.readAgain?.(rGroups);
          }
          for (const [k, ls] of lGroups) {
            const rs = R.get(k);
            for (const [l, d1] of ls) for (const [r, d2] of rs) pair(l, r, d1 * d2, out, ctx);
          }
          L.apply(dl.keyed);
          for (const [k, rs] of rGroups) {
            const ls = L.get(k);
            for (const [r, d2] of rs) for (const [l, d1] of ls) pair(l, r, d1 * d2, out, ctx);
          }
          R.apply(dr.keyed);
          return out;
        }
        const touched = new Set<string>();
        for (const [k] of dl.keyed) touched.add(k);
        for (const [k] of dr.keyed) touched.add(k);
        // Each touched key is read before the update, by it, and after it.
        L.readAgain?.(touched);
        R.readAgain?.(touched);
        for (const k of touched) keyOutput(L.get(k), R.get(k), -1, out, ctx);
        L.apply(dl.keyed);
        R.apply(dr.keyed);
        for (const k of touched) keyOutput(L.get(k), R.get(k), 1, out, ctx);
        return out;
      },
    },
    [left, right],
  );
}
