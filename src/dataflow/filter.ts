// filter: keeps the rows whose predicate is true (three-valued: NULL and false drop the row).
// Stateless. A row whose predicate throws an EddyError yields the error with the row's diff.
import type { Row, Update } from '../repr/index.js';
import { attempt } from './error-set.js';
import type { Collection } from './graph.js';

export function filter(input: Collection, pred: (row: Row) => boolean | null): Collection {
  return input.dataflow.addNode(
    {
      name: 'filter',
      step: ([batch], ctx) => {
        const out: Update[] = [];
        for (const u of batch!) {
          const keep = attempt(ctx, u[2], () => pred(u[0]));
          if (keep === true) out.push(u);
        }
        return out;
      },
    },
    [input],
  );
}
