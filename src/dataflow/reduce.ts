// reduce: GROUP BY with aggregates. Output row = group key values, then one value per aggregate.
//
// State: an arrangement of the input rows by group key (the per-group multiset, so MIN/MAX and
// friends are correct under retractions), and the last output of every group (group-output.ts).
// On a tick, each group touched by the batch is recomputed from its multiset and the new output
// minus the old one is emitted; a group whose multiset becomes empty retracts its row.
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
// not a difference of collections). When every aggregate is accumulable (count, sum, avg, ...)
// reduce-accumulate.ts keeps only per-group accumulators instead of the multiset.
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import { GroupOutputs, type GroupOutput } from './group-output.js';
import { canonicalOrder, evalAggregate, type AggregateSpec } from './aggregate.js';
import { catchEddy } from './error-set.js';
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

const GLOBAL_KEY = rowKey([]);

export function reduce(input: Collection, spec: ReduceSpec): Collection {
  if (accumulable(spec)) return reduceAccumulate(input, spec);
  const arranged = input.dataflow.arrangement();
  const last = new GroupOutputs(input.dataflow.values());

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
        // The global group is looked at every tick: its empty-input row appears on the first.
        if (spec.emptyGroupRow === true && !touched.includes(GLOBAL_KEY)) touched.push(GLOBAL_KEY);
        const out: Update[] = [];
        for (const key of touched) last.replace(key, compute(key), out, ctx);
        return out;
      },
    },
    [input],
  );
}
