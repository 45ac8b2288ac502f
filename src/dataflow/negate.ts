// negate: flips the sign of every diff (A − B is union(A, negate(B))). Stateless.
import type { Update } from '../repr/index.js';
import type { Collection } from './graph.js';

export function negate(input: Collection): Collection {
  return input.dataflow.addNode(
    {
      name: 'negate',
      step: ([batch]) => batch!.map(([row, time, diff]): Update => [row, time, -diff]),
    },
    [input],
  );
}
