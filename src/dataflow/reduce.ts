// reduce: GROUP BY with aggregates. Output row = group key values, then one value per aggregate.
//
// State: `input` arranges the input rows by group key (the per-group multiset, so MIN/MAX and
// friends are correct under retractions); `last` holds the last output of every group (a row,
// or the error its computation raised). On a tick, each group touched by the batch is recomputed
// from its multiset and the new output minus the old one is emitted; a group whose multiset
// becomes empty retracts its row.
//
// Errors: a row whose key closure throws yields the error with the row's diff and is not
// arranged. A group whose aggregate computation throws outputs that error (diff +1) instead of a
// row, and retracts it when the group changes again.
//
// `emptyGroupRow` (for the global aggregate, where `key` returns []): while the input is empty
// the output is one row of `apply([])` per aggregate (count → 0, others → NULL), from the first
// tick on and again after everything is deleted.
//
// Inputs with non-positive accumulated multiplicity are ignored (reduce expects a collection,
// not a difference of collections). Aggregates are always recomputed from the multiset; using
// AccumulableAgg for count/sum would avoid the scan (future work).
import type { EddyError } from '../errors/index.js';
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import { canonicalOrder, evalAggregate, type AggregateSpec } from './aggregate.js';
import { arrange } from './arrangement.js';
import { catchEddy, errorKey } from './error-set.js';
import type { Collection } from './graph.js';
import { accumulable, reduceAccumulate } from './reduce-accumulate.js';
import { groupBatch } from './group-recompute.js';

export interface ReduceSpec {
  /** The group key of an input row ([] for a global aggregate). */
  readonly key: (row: Row) => readonly Datum[];
  readonly aggregates: readonly AggregateSpec[];
  /** Emit the empty-input row for the global group (see file comment). */
  readonly emptyGroupRow?: boolean;
}

type GroupOutput = Row | EddyError;

const GLOBAL_KEY = rowKey([]);

export function reduce(input: Collection, spec: ReduceSpec): Collection {
  if (accumulable(spec)) return reduceAccumulate(input, spec);
  const arranged = arrange();
  const last = new Map<string, GroupOutput>();
  let first = true;

  const compute = (key: string): GroupOutput | undefined => {
    const entries = canonicalOrder(arranged.get(key).filter((e) => e[1] > 0));
    if (entries.length === 0) {
      if (spec.emptyGroupRow === true && key === GLOBAL_KEY) {
        return catchEddy(() => spec.aggregates.map((a) => a.apply([])));
      }
      return undefined;
    }
    return catchEddy(() => {
      const keyRow = spec.key(entries[0]![0]);
      return [...keyRow, ...spec.aggregates.map((a) => evalAggregate(a, entries))];
    });
  };

  return input.dataflow.addNode(
    {
      name: 'reduce',
      step: ([batch], ctx) => {
        const touched = arranged.apply(groupBatch(batch!, spec.key, ctx));
        if (first) {
          first = false;
          if (spec.emptyGroupRow === true && !touched.includes(GLOBAL_KEY)) {
            touched.push(GLOBAL_KEY);
          }
        }
        const out: Update[] = [];
        for (const key of touched) {
          const before = last.get(key);
          const after = compute(key);
          if (sameOutput(before, after)) continue;
          if (before !== undefined) emit(before, -1);
          if (after !== undefined) {
            emit(after, 1);
            last.set(key, after);
          } else {
            last.delete(key);
          }
        }
        return out;

        function emit(o: GroupOutput, diff: number): void {
          if (Array.isArray(o)) out.push([o, ctx.time, diff]);
          else ctx.error(o as EddyError, diff);
        }
      },
    },
    [input],
  );
}

function sameOutput(a: GroupOutput | undefined, b: GroupOutput | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return rowKey(a) === rowKey(b as Row);
  return errorKey(a as EddyError) === errorKey(b as EddyError);
}
