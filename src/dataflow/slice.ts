// Feeding dataflow inputs from row sources a slice at a time (one-shot queries, view hydration,
// subscription snapshots): at most `max` rows per pass over all sources, so a large input is
// processed in several ticks with the event loop running between them.
import type { Diff, Row } from '../repr/index.js';

/** Rows for the dataflow inputs named (several inputs may read the same rows). */
export type RowSource = readonly [names: readonly string[], rows: Iterator<Row>];

export interface Slice {
  /** Updates (each row once, diff +1) by input name; every input present, possibly empty. */
  readonly inputs: Record<string, [Row, Diff][]>;
  /** Whether the slice is full (the sources may hold more). */
  readonly full: boolean;
}

/** Rows per slice everywhere a large input is fed: big enough to amortize a tick, small enough
 * to keep the working set and the pause between event-loop turns short. */
export const SLICE_ROWS = 20_000;

export function takeSlice(sources: readonly RowSource[], max: number): Slice {
  const inputs: Record<string, [Row, Diff][]> = {};
  let fed = 0;
  for (const [names, rows] of sources) {
    const batch: [Row, Diff][] = [];
    while (fed < max) {
      const n = rows.next();
      if (n.done === true) break;
      batch.push([n.value, 1]);
      fed++;
    }
    for (const name of names) inputs[name] = batch;
  }
  return { inputs, full: fed >= max };
}
