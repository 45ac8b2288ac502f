// union: the multiset sum of n collections (UNION ALL); concatenates their batches. Stateless.
import { internalError } from '../errors/index.js';
import type { Update } from '../repr/index.js';
import type { Collection } from './graph.js';

export function union(inputs: readonly Collection[]): Collection {
  const first = inputs[0];
  if (first === undefined) throw internalError('union of no collections');
  return first.dataflow.addNode(
    {
      name: 'union',
      step: (batches) => {
        const out: Update[] = [];
        for (const b of batches) for (const u of b) out.push(u);
        return out;
      },
    },
    inputs,
  );
}
