// Set operations composed from the core operators (no state of their own; the state is in the
// threshold/distinct nodes they create):
//   EXCEPT ALL     threshold(A − B)                    count = max(a − b, 0)
//   INTERSECT ALL  A − threshold(A − B)                count = a − max(a − b, 0) = min(a, b)
//   EXCEPT         threshold(distinct(A) − distinct(B))
//   INTERSECT      distinct(INTERSECT ALL)
//   UNION          distinct(A + B)
// Both inputs must be collections (non-negative counts) with the same arity.
import { distinct } from './distinct.js';
import type { Collection } from './graph.js';
import { negate } from './negate.js';
import { threshold } from './threshold.js';
import { union } from './union.js';

export function exceptAll(a: Collection, b: Collection): Collection {
  return threshold(union([a, negate(b)]));
}

export function intersectAll(a: Collection, b: Collection): Collection {
  return union([a, negate(exceptAll(a, b))]);
}

export function except(a: Collection, b: Collection): Collection {
  return threshold(union([distinct(a), negate(distinct(b))]));
}

export function intersect(a: Collection, b: Collection): Collection {
  return distinct(intersectAll(a, b));
}

export function unionDistinct(inputs: readonly Collection[]): Collection {
  return distinct(union(inputs));
}
