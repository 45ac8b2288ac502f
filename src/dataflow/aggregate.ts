// Aggregates over a multiset: the one place that turns a group's (or a window frame's) rows
// into the AggInputs an aggregate function's `apply` sees. Shared by reduce and window.
// Stateless: callers pass the rows every time.
//
// Order of evaluation, as PostgreSQL: FILTER first, then argument evaluation; STRICT aggregates
// skip inputs with a NULL argument; ORDER BY sorts the surviving rows (stably, so ties keep the
// caller's order, which reduce makes canonical); DISTINCT keeps each argument tuple once (the
// first in order) with multiplicity 1.
import { compareRows, rowKey, type Datum, type Row } from '../repr/index.js';
import type { Entry } from './arrangement.js';

/**
 * One input of an aggregate: argument values and their multiplicity. Structurally the same as
 * AggInput in src/expr/signature.ts (dataflow does not import expr).
 */
export type AggInput = readonly [args: readonly Datum[], diff: number];

export interface AggregateSpec {
  /** The argument values for one input row (empty for count(*)). */
  readonly args: (row: Row) => readonly Datum[];
  readonly distinct: boolean;
  /** Skip input rows with any NULL argument (the aggregate function's `strict`). */
  readonly strict: boolean;
  /** FILTER (WHERE ...): only rows where this is true are aggregated. */
  readonly filter?: (row: Row) => boolean | null;
  /** The aggregate's ORDER BY, over input rows. */
  readonly orderBy?: (a: Row, b: Row) => number;
  /** The aggregate of its inputs (AggregateFunc.apply with ctx/argTypes bound by the planner). */
  readonly apply: (inputs: readonly AggInput[]) => Datum;
  /**
   * For accumulable aggregates (count, sum, avg...) without DISTINCT or ORDER BY: a small state
   * that signed diffs are added to, so reduce need not keep the group's rows. Must agree with
   * `apply` on every multiset.
   */
  readonly accumulate?: Accumulator;
  /**
   * MIN or MAX of one argument whose type the key codec orders as compareDatum does: reduce can
   * keep the values ordered (state.ts OrderedValues) and read the extreme in one step.
   */
  readonly extreme?: 'min' | 'max';
}

export interface Accumulator {
  readonly zero: () => readonly Datum[];
  /** The state after adding `diff` copies (diff may be negative) of one input's arguments. */
  readonly add: (state: readonly Datum[], args: readonly Datum[], diff: number) => readonly Datum[];
  readonly finish: (state: readonly Datum[]) => Datum;
}

/**
 * The aggregate of `entries` (rows with positive multiplicities; others are ignored), taken in
 * the given order unless the spec has an ORDER BY. May throw an EddyError from a closure.
 */
export function evalAggregate(spec: AggregateSpec, entries: readonly Entry[]): Datum {
  let rows: Entry[] = [];
  for (const e of entries) {
    if (e[1] <= 0) continue;
    if (spec.filter !== undefined && spec.filter(e[0]) !== true) continue;
    rows.push(e);
  }
  if (spec.orderBy !== undefined) {
    const cmp = spec.orderBy;
    rows = rows.slice().sort((a, b) => cmp(a[0], b[0]));
  }
  const inputs: AggInput[] = [];
  const seen = spec.distinct ? new Set<string>() : null;
  for (const [row, diff] of rows) {
    const args = spec.args(row);
    if (spec.strict && args.some((a) => a === null)) continue;
    if (seen !== null) {
      const k = rowKey(args);
      if (seen.has(k)) continue;
      seen.add(k);
      inputs.push([args, 1]);
    } else {
      inputs.push([args, diff]);
    }
  }
  return spec.apply(inputs);
}

/** Entries in the canonical order (by the whole row), so results never depend on history. */
export function canonicalOrder(entries: readonly Entry[]): Entry[] {
  return entries.slice().sort((a, b) => compareRows(a[0], b[0]));
}
