// map: applies a closure to every row (the planner's scalar expressions). Stateless.
// A row whose closure throws an EddyError yields that error with the row's diff instead.
import type { Row, Update } from '../repr/index.js';
import { FAILED, attempt } from './error-set.js';
import type { Collection } from './graph.js';

export function map(input: Collection, f: (row: Row) => Row, name = 'map'): Collection {
  return input.dataflow.addNode(
    {
      name,
      step: ([batch], ctx) => {
        const out: Update[] = [];
        for (const [row, time, diff] of batch!) {
          const r = attempt(ctx, diff, () => f(row));
          if (r !== FAILED) out.push([r, time, diff]);
        }
        return out;
      },
    },
    [input],
  );
}
