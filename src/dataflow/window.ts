// window: window functions. Output row = input row ++ one value per window function, for every
// copy of every input row (duplicates get their own row_number etc.). All functions of one
// operator share a PARTITION BY and ORDER BY; each frame-based function has its own frame.
// Rows are sorted by the ORDER BY, ties broken by the whole row, so the output never depends on
// the update history. Peers are rows the ORDER BY comparator calls equal (no ORDER BY: all rows
// of the partition are peers).
//
// State: the input arranged by partition key. For each partition touched by a tick, the
// partition's output is computed from the old multiset and from the new one, and the difference
// emitted (cost: a sort of the partition plus the functions over it, per touched partition).
//
// Errors: a partition key closure that throws yields the error with the row's diff; a function
// that throws makes the partition's whole output that error (diff +1) until the partition
// changes. Entries with non-positive accumulated multiplicity are ignored.
import { compareRows, rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import { arrange, type Entry, type KeyedUpdate } from './arrangement.js';
import { FAILED, attempt, catchEddy } from './error-set.js';
import type { Collection, TickContext } from './graph.js';
import type { SortedPartition } from './window-frame.js';
import { evalWindowFunc, type WindowFuncSpec } from './window-funcs.js';

export interface WindowSpec {
  readonly partitionKey: (row: Row) => readonly Datum[];
  /** The window's ORDER BY; null when it has none. */
  readonly orderBy: ((a: Row, b: Row) => number) | null;
  readonly functions: readonly WindowFuncSpec[];
}

/** Sorts a partition's entries and expands multiplicities into one element per row copy. */
export function sortPartition(
  entries: readonly Entry[],
  orderBy: ((a: Row, b: Row) => number) | null,
): SortedPartition {
  const sorted = entries
    .filter((e) => e[1] > 0)
    .sort((a, b) => (orderBy === null ? 0 : orderBy(a[0], b[0])) || compareRows(a[0], b[0]));
  const rows: Row[] = [];
  for (const [row, d] of sorted) for (let i = 0; i < d; i++) rows.push(row);
  const group: number[] = [];
  const groupStart: number[] = [];
  const groupEnd: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const peer = i > 0 && (orderBy === null || orderBy(rows[i - 1]!, rows[i]!) === 0);
    if (!peer) {
      if (i > 0) groupEnd.push(i - 1);
      groupStart.push(i);
    }
    group.push(groupStart.length - 1);
  }
  if (rows.length > 0) groupEnd.push(rows.length - 1);
  return { rows, group, groupStart, groupEnd };
}

/** The output rows (one per row copy) of one partition. */
export function windowPartition(spec: WindowSpec, entries: readonly Entry[]): Row[] {
  const p = sortPartition(entries, spec.orderBy);
  const columns = spec.functions.map((f) => evalWindowFunc(f, p));
  return p.rows.map((row, i) => [...row, ...columns.map((c) => c[i]!)]);
}

export function window(input: Collection, spec: WindowSpec): Collection {
  const arranged = arrange();

  const emit = (entries: readonly Entry[], sign: number, out: Update[], ctx: TickContext) => {
    if (entries.length === 0) return;
    const rows = catchEddy(() => windowPartition(spec, entries));
    if (Array.isArray(rows)) for (const row of rows) out.push([row, ctx.time, sign]);
    else ctx.error(rows, sign);
  };

  return input.dataflow.addNode(
    {
      name: 'window',
      step: ([batch], ctx) => {
        const keyed: KeyedUpdate[] = [];
        for (const [row, , diff] of batch!) {
          const k = attempt(ctx, diff, () => spec.partitionKey(row));
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
