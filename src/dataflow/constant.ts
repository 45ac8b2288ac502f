// constant: a collection holding fixed rows, emitted once at the first tick (VALUES, constant
// folding). State: whether the rows were emitted.
import type { Row, Update } from '../repr/index.js';
import type { Dataflow, Collection } from './graph.js';

export function constant(df: Dataflow, rows: readonly Row[]): Collection {
  let emitted = false;
  return df.addNode(
    {
      name: 'constant',
      step: (_inputs, ctx) => {
        if (emitted) return [];
        emitted = true;
        return rows.map((row): Update => [row, ctx.time, 1]);
      },
    },
    [],
  );
}
