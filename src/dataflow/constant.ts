// constant: a collection holding fixed rows, emitted once at the first tick (VALUES, constant
// folding, the default row of a global aggregate). State: whether the rows were emitted, kept
// in the dataflow's state so that a maintained view restarted later does not emit them again.
import type { Row, Update } from '../repr/index.js';
import type { Dataflow, Collection } from './graph.js';

export function constant(df: Dataflow, rows: readonly Row[]): Collection {
  const emitted = df.values();
  return df.addNode(
    {
      name: 'constant',
      step: (_inputs, ctx) => {
        if (emitted.get('') !== undefined) return [];
        emitted.set('', []);
        return rows.map((row): Update => [row, ctx.time, 1]);
      },
    },
    [],
  );
}
