// The update model: every relation is a multiset of rows changing over time, and every change
// is an update (data, time, diff). A diff is a signed multiplicity (+1 insert, -1 delete).
// Times are ticks: milliseconds on the server's single timeline, strictly increasing.
import { exactRowKey, type Datum } from './datum.js';

export type Row = readonly Datum[];
export type Timestamp = number;
export type Diff = number;

export type Update = readonly [data: Row, time: Timestamp, diff: Diff];

/**
 * Sums the diffs of equal (data, time) pairs and drops the ones that cancel. Keeps the first
 * occurrence's order, so consolidating an already consolidated batch is the identity.
 */
export function consolidate(updates: readonly Update[]): Update[] {
  if (updates.length <= 1) {
    return updates.length === 1 && updates[0]![2] !== 0 ? [updates[0]!] : [];
  }
  const index = new Map<string, number>();
  const rows: Row[] = [];
  const times: Timestamp[] = [];
  const diffs: Diff[] = [];
  // A batch of one time (a tick's output) is keyed by rows alone.
  const time0 = updates[0]![1];
  const oneTime = updates.every((u) => u[1] === time0);
  for (const [data, time, diff] of updates) {
    const k = oneTime ? exactRowKey(data) : `${time}|${exactRowKey(data)}`;
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, rows.length);
      rows.push(data);
      times.push(time);
      diffs.push(diff);
    } else {
      diffs[at]! += diff;
    }
  }
  const out: Update[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (diffs[i] !== 0) out.push([rows[i]!, times[i]!, diffs[i]!]);
  }
  return out;
}

/** consolidate() for changes at one time, as (row, diff) pairs. */
export function consolidateRows(rows: readonly (readonly [Row, Diff])[]): (readonly [Row, Diff])[] {
  return consolidate(rows.map(([row, diff]) => [row, 0, diff] as const)).map(
    ([row, , diff]) => [row, diff] as const,
  );
}

/** Expands a consolidated collection at one time into its rows (each repeated diff times). */
export function toRows(updates: readonly Update[]): Row[] {
  const out: Row[] = [];
  for (const [data, , diff] of consolidate(updates)) {
    if (diff < 0) throw new Error('toRows: negative multiplicity in a snapshot');
    for (let i = 0; i < diff; i++) out.push(data);
  }
  return out;
}
