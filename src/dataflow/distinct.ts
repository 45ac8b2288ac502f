// distinct: set semantics (SELECT DISTINCT, UNION). Each row appears once while its accumulated
// count is positive: a +1 is emitted when the count crosses from ≤ 0 to > 0, a −1 when it falls
// back. NULLs are equal (rows are keyed by rowKey).
//
// State: an arrangement of the input keyed by the whole row under SQL equality (its entries:
// the rows exactly as they came, each with its accumulated count).
import { exactRowKey, rowKey, type Row, type Update } from '../repr/index.js';
import { totalDiff, type Entry, type KeyedUpdate } from './arrangement.js';
import type { Collection } from './graph.js';

export function distinct(input: Collection): Collection {
  return countTransform(input, 'distinct', (n) => (n > 0 ? 1 : 0));
}

/**
 * The shared shape of distinct and threshold: output multiplicity = f(accumulated count), per
 * distinct row under SQL equality; emits f(new) − f(old) for the rows the batch touches. Rows
 * equal under SQL but shown differently (1.5 and 1.50) count together; the output shows one of
 * them (see representative) and switches when that one goes.
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
        const out: Update[] = [];
        const keyed: KeyedUpdate[] = [];
        const touched = new Set<string>();
        for (const [row, , diff] of batch!) {
          const k = rowKey(row);
          touched.add(k);
          keyed.push([k, row, diff]);
        }
        const emit = (entries: readonly Entry[], sign: number): void => {
          const n = f(totalDiff(entries));
          if (n !== 0) out.push([representative(entries), ctx.time, sign * n]);
        };
        for (const k of touched) emit(counts.get(k), -1);
        counts.apply(keyed);
        for (const k of touched) emit(counts.get(k), 1);
        return out;
      },
    },
    [input],
  );
}

/**
 * The row shown for a group of SQL-equal rows: among the positive ones, the shortest exact key
 * (1.5 before 1.50), then the least.
 */
function representative(entries: readonly Entry[]): Row {
  const positive = entries.filter(([, d]) => d > 0);
  let best: Row | undefined;
  let bestKey = '';
  for (const [row] of positive.length > 0 ? positive : entries) {
    const k = exactRowKey(row);
    if (
      best === undefined ||
      k.length < bestKey.length ||
      (k.length === bestKey.length && k < bestKey)
    ) {
      best = row;
      bestKey = k;
    }
  }
  return best!;
}
