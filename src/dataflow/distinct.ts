// distinct: set semantics (SELECT DISTINCT, UNION). Each row appears once while its accumulated
// count is positive: a +1 is emitted when the count crosses from ≤ 0 to > 0, a −1 when it falls
// back. NULLs are equal (rows are keyed by rowKey).
//
// State: an arrangement of the input keyed by the whole row (one entry per distinct row, with
// its accumulated count).
import { consolidate, rowKey, type Update } from '../repr/index.js';
import { totalDiff, type KeyedUpdate } from './arrangement.js';
import type { Collection } from './graph.js';

export function distinct(input: Collection): Collection {
  return countTransform(input, 'distinct', (n) => (n > 0 ? 1 : 0));
}

/**
 * The shared shape of distinct and threshold: output multiplicity = f(accumulated count), per
 * distinct row; emits f(new) − f(old) for the rows in the batch.
 */
export function countTransform(
  input: Collection,
  name: string,
  f: (count: number) => number,
): Collection {
  const counts = input.dataflow.arrangement();
  return input.dataflow.addNode(
    {
      name,
      step: ([batch], ctx) => {
        // Consolidated, so that each row appears at most once.
        const out: Update[] = [];
        const keyed: KeyedUpdate[] = [];
        for (const [row, , diff] of consolidate(batch!)) {
          const k = rowKey(row);
          const before = totalDiff(counts.get(k));
          const d = f(before + diff) - f(before);
          if (d !== 0) out.push([row, ctx.time, d]);
          keyed.push([k, row, diff]);
        }
        counts.apply(keyed);
        return out;
      },
    },
    [input],
  );
}
