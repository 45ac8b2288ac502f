// window: window functions. Output row = input row ++ one value per window function, for every
// copy of every input row (duplicates get their own row_number etc.). All functions of one
// operator share a PARTITION BY and ORDER BY; each frame-based function has its own frame.
// Rows are sorted by the ORDER BY, ties broken by the whole row, so the output never depends on
// the update history. Peers are rows the ORDER BY comparator calls equal (no ORDER BY: all rows
// of the partition are peers).
//
// State and errors: see group-recompute.ts (each touched partition's output is computed from its
// old and new multiset, and the difference emitted; cost: a sort of the partition plus the
// functions over it). A function that throws makes the partition's whole output that error.
// Entries with non-positive accumulated multiplicity are ignored.
import { compareRows, type Datum, type Row } from '../repr/index.js';
import type { Entry } from './arrangement.js';
import type { Collection } from './graph.js';
import { recomputeGroups } from './group-recompute.js';
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
  return recomputeGroups(input, 'window', spec.partitionKey, (entries) =>
    windowPartition(spec, entries).map((row): Entry => [row, 1]),
  );
}
