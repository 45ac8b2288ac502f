// topK: per group, the rows at positions [offset, offset + limit) of the group sorted by a
// comparator (ORDER BY ... LIMIT/OFFSET, DISTINCT ON, per-group top-k). Ties are broken by the
// whole row (compareRows), so the choice among peers is deterministic and independent of the
// update history. limit null = no limit. With ties (FETCH FIRST ... WITH TIES), the rows after
// the last that the comparator finds equal to it come too.
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
  readonly withTies?: boolean;
}

/** The top-k of one group's entries: rows with their output multiplicities. */
export function topKOf(spec: TopKSpec, entries: readonly Entry[]): Entry[] {
  const sorted = entries
    .filter((e) => e[1] > 0)
    .sort((a, b) => spec.compare(a[0], b[0]) || compareRows(a[0], b[0]));
  const from = spec.offset;
  const to = spec.limit === null ? Infinity : spec.offset + spec.limit;
  const ties = spec.withTies === true;
  const out: Entry[] = [];
  let pos = 0;
  let last: Row | null = null;
  for (const [row, diff] of sorted) {
    if (pos >= to && !(ties && last !== null && spec.compare(row, last) === 0)) break;
    const start = Math.max(pos, from);
    // (With ties, every copy of a row that reaches the limit: its copies tie with it.)
    const end = ties ? pos + diff : Math.min(pos + diff, to);
    if (end > start) {
      out.push([row, end - start]);
      last = row;
    }
    pos += diff;
  }
  return out;
}

export function topK(input: Collection, spec: TopKSpec): Collection {
  return recomputeGroups(input, 'topK', spec.key, (entries) => topKOf(spec, entries));
}
