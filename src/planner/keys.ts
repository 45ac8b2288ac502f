// Unique keys of a relation: sets of columns no two of its rows agree on, at every tick — so each
// of its rows has multiplicity 0 or 1. A materialized view whose output has a key stores a row's
// insertion and deletion without first reading its count (views/storage.ts).
//
// Derived bottom-up and conservatively (no key known: none): a reduce is keyed by its group
// columns (a global aggregate by no columns: at most one row), DISTINCT by all its columns; map,
// filter, window and top-k keep their input's keys, a projection those it keeps every column of.
import { relTypes } from '../sql/rel-types.js';
import type { Rel } from '../sql/hir.js';

export type Key = readonly number[];

/** Keys of `r` (each a list of column positions); empty if none is known. */
export function uniqueKeys(r: Rel): readonly Key[] {
  switch (r.kind) {
    case 'reduce':
      return [r.groupKey.map((_, i) => i)];
    case 'distinct':
      return [relTypes(r.input).map((_, i) => i)];
    case 'map':
    case 'filter':
    case 'window':
    case 'topK':
      return uniqueKeys(r.input);
    case 'project': {
      const out: Key[] = [];
      for (const key of uniqueKeys(r.input)) {
        const moved = key.map((c) => r.outputs.indexOf(c));
        if (moved.every((c) => c >= 0)) out.push(moved);
      }
      return out;
    }
    default:
      return [];
  }
}
