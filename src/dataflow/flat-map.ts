// flatMap: replaces every row by the rows a closure generates for it (table functions, unnest),
// each with the input row's diff. Stateless. The closure's output is collected before any of it
// is emitted, so a closure that throws part-way yields only the error (with the row's diff).
import type { Row, Update } from '../repr/index.js';
import { FAILED, attempt } from './error-set.js';
import type { Collection } from './graph.js';

export function flatMap(input: Collection, f: (row: Row) => Iterable<Row>): Collection {
  return input.dataflow.addNode(
    {
      name: 'flatMap',
      step: ([batch], ctx) => {
        const out: Update[] = [];
        for (const [row, time, diff] of batch!) {
          const rows = attempt(ctx, diff, () => [...f(row)]);
          if (rows === FAILED) continue;
          for (const r of rows) out.push([r, time, diff]);
        }
        return out;
      },
    },
    [input],
  );
}
