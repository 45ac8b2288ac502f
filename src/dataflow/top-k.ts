// topK: per group, the rows at positions [offset, offset + limit) of the group sorted by a
// comparator (ORDER BY ... LIMIT/OFFSET, DISTINCT ON, per-group top-k). Ties are broken by the
// whole row (compareRows), so the choice among peers is deterministic and independent of the
// update history. limit null = no limit.
//
// State and errors: see group-recompute.ts (each touched group's top-k is computed from its old
// and new multiset, and the difference emitted; cost: a sort of the group per touched group).
// A comparator that throws makes the group's output that error. Entries with non-positive
// accumulated multiplicity are ignored.
import { compareRows, type Datum, type Row } from '../repr/index.js';
import type { Entry } from './arrangement.js';
import type { Collection } from './graph.js';
import { recomputeGroups } from './group-recompute.js';

export interface TopKSpec {
  /** The group key ([] for a single group). */
  readonly key: (row: Row) => readonly Datum[];
  /** The ORDER BY (ASC/DESC, NULLS FIRST/LAST built in by the planner). */
  readonly compare: (a: Row, b: Row) => number;
  readonly limit: number | null;
  readonly offset: number;
}

/** The top-k of one group's entries: rows with their output multiplicities. */
export function topKOf(spec: TopKSpec, entries: readonly Entry[]): Entry[] {
  const sorted = entries
    .filter((e) => e[1] > 0)
    .sort((a, b) => spec.compare(a[0], b[0]) || compareRows(a[0], b[0]));
  const from = spec.offset;
  const to = spec.limit === null ? Infinity : spec.offset + spec.limit;
  const out: Entry[] = [];
  let pos = 0;
  for (const [row, diff] of sorted) {
    if (pos >= to) break;
    const start = Math.max(pos, from);
    const end = Math.min(pos + diff, to);
    if (end > start) out.push([row, end - start]);
    pos += diff;
  }
  return out;
}

export function topK(input: Collection, spec: TopKSpec): Collection {
  return recomputeGroups(input, 'topK', spec.key, (entries) => topKOf(spec, entries));
}
