// Unique keys of a relation: sets of columns no two of its rows agree on, at every tick — so each
// of its rows has multiplicity 0 or 1. A materialized view whose output has a key stores a row's
// insertion and deletion without first reading its count (views/storage.ts).
//
// Derived bottom-up and conservatively (no key known: none): a table is keyed by its primary key,
// a reduce by its group columns (a global aggregate by no columns: at most one row), DISTINCT by
// all its columns; map, filter, window and top-k keep their input's keys, a projection those it
// keeps every column of. A join whose equi-join columns on one side cover a key of that side
// matches each row of the other side at most once, so it keeps the other side's keys (when that
// side's rows are the ones preserved: not across a FULL join).
import { relTypes } from '../sql/rel-types.js';
import type { Rel, Scalar } from '../sql/hir.js';
import { extractJoinKeys } from './join-keys.js';

export type Key = readonly number[];

/** Keys of `r` (each a list of column positions); empty if none is known. */
export function uniqueKeys(r: Rel): readonly Key[] {
  switch (r.kind) {
    case 'get':
      return r.primaryKey === undefined ? [] : [r.primaryKey];
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
    case 'join': {
      if (r.lateral || r.joinKind === 'full') return [];
      const la = relTypes(r.left).length;
      const eq = extractJoinKeys(r.on, la);
      const out: Key[] = [];
      if (r.joinKind !== 'right' && uniqueOn(r.right, eq.right)) out.push(...uniqueKeys(r.left));
      if (r.joinKind !== 'left' && uniqueOn(r.left, eq.left))
        out.push(...uniqueKeys(r.right).map((k) => k.map((c) => c + la)));
      return out;
    }
    default:
      return [];
  }
}

/**
 * Whether `r` has at most one row per value of the key expressions `keys` (over its columns): a
 * unique key of it is among those that are plain columns.
 */
export function uniqueOn(r: Rel, keys: readonly Scalar[]): boolean {
  const cols = new Set(keys.flatMap((e) => (e.kind === 'column' ? [e.index] : [])));
  return uniqueKeys(r).some((k) => k.every((c) => cols.has(c)));
}
