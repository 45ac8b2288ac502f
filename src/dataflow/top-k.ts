// topK: per group, the rows at positions [offset, offset + limit) of the group sorted by a
// comparator (ORDER BY ... LIMIT/OFFSET, DISTINCT ON, per-group top-k). Ties are broken by the
// whole row (compareRows), so the choice among peers is deterministic and independent of the
// update history. limit null = no limit.
//
// State: the input arranged by group key (the per-group multiset). For each group touched by a
// tick, the group's top-k is computed from the old multiset and from the new one, and the
// difference emitted (cost: a sort of the group per touched group).
//
// Errors: a group key closure that throws yields the error with the row's diff; a comparator
// that throws makes that group's output the error (diff +1), retracted when the group changes.
// Entries with non-positive accumulated multiplicity are ignored.
import { compareRows, rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import { arrange, type Entry, type KeyedUpdate } from './arrangement.js';
import { FAILED, attempt, catchEddy } from './error-set.js';
import type { Collection, TickContext } from './graph.js';

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
  const arranged = arrange();

  const emit = (entries: readonly Entry[], sign: number, out: Update[], ctx: TickContext) => {
    const top = catchEddy(() => topKOf(spec, entries));
    if (Array.isArray(top)) for (const [row, d] of top) out.push([row, ctx.time, sign * d]);
    else ctx.error(top, sign);
  };

  return input.dataflow.addNode(
    {
      name: 'topK',
      step: ([batch], ctx) => {
        const keyed: KeyedUpdate[] = [];
        for (const [row, , diff] of batch!) {
          const k = attempt(ctx, diff, () => spec.key(row));
          if (k !== FAILED) keyed.push([rowKey(k), row, diff]);
        }
        const touched = [...new Set(keyed.map(([k]) => k))];
        const out: Update[] = [];
        for (const k of touched) emit(arranged.get(k), -1, out, ctx);
        arranged.apply(keyed);
        for (const k of touched) emit(arranged.get(k), 1, out, ctx);
        return out;
      },
    },
    [input],
  );
}
