// threshold: keeps each row max(count, 0) times — the collection A − B clamped at zero, which
// is EXCEPT ALL: threshold(union([a, negate(b)])).
//
// State: an arrangement of the input keyed by the whole row (accumulated count per row), which
// may be negative.
import type { Collection } from './graph.js';
import { countTransform } from './distinct.js';

export function threshold(input: Collection): Collection {
  return countTransform(input, 'threshold', (n) => (n > 0 ? n : 0));
}
