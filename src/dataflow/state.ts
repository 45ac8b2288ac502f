// Operator state backends. Every stateful operator keeps its state in objects it obtains from
// its dataflow (`dataflow.arrangement()`, `dataflow.values()`), numbered in creation order, so
// the same plan rendered again (after a restart) finds the same state under the same numbers.
//
// Two kinds of state:
//   Arrangement  a keyed multiset of rows (arrangement.ts): group members, join sides, counts;
//   ValueState   key → one small row: an operator's last output per group, accumulator states.
//
// The memory backend serves one-shot queries. The LMDB backend (state-lmdb.ts) serves maintained
// views: everything lives in LMDB, written inside the tick's write transaction, so the JS heap
// holds only the tick's working set and a crash loses nothing committed.
import { compareDatum, exactRowKey, type Datum, type Row } from '../repr/index.js';
import { MemoryArrangement, type Arrangement } from './arrangement.js';

export interface ValueState {
  get(key: string): Row | undefined;
  set(key: string, value: Row): void;
  delete(key: string): void;
  /** One key's entry, for an operator that reads and then writes it (its key made once). */
  slot(key: string): ValueSlot;
}

export interface ValueSlot {
  get(): Row | undefined;
  set(value: Row): void;
  delete(): void;
}

/**
 * Rows kept by whoever reads a dataflow's output (a materialized view's contents), where the
 * reduce that makes that output may keep each group's state in the group's own row entry: one
 * entry read and written per changed group instead of a state entry and a row entry. `key` is
 * the group's key values (also the first columns of its output row).
 */
export interface GroupRows {
  slot(key: readonly Datum[]): GroupRowSlot;
}

export interface GroupRowSlot {
  /** The group's state as last set, undefined if it has none. */
  get(): Row | undefined;
  /** Stores the group's state with its output row (null: the group outputs no row). */
  set(state: Row, output: Row | null): void;
  delete(): void;
}

/**
 * Per group, a multiset of single values kept in value order (compareDatum), so the smallest and
 * the largest are found without reading the group: MIN/MAX maintained under retractions.
 */
export interface OrderedValues {
  /** Adds `diff` copies of `value` (negative: removes) to the group's multiset. */
  add(group: string, value: Datum, diff: number): void;
  /** The group's smallest (or, with `last`, largest) value; undefined if it has none. */
  edge(group: string, last: boolean): Datum | undefined;
}

export interface StateBackend {
  /**
   * The arrangement numbered `id` (created empty on first use). `fewPerKey`: its keys are
   * expected to hold at most a row or two (a join side unique on the join key) — a hint a backend
   * may use to lay it out; any number of rows per key stays correct.
   */
  arrangement(id: number, fewPerKey?: boolean): Arrangement;
  /** The value map numbered `id` (created empty on first use). */
  values(id: number): ValueState;
  /** The ordered value multisets numbered `id` (created empty on first use). */
  ordered(id: number): OrderedValues;
}

class MemoryValues implements ValueState {
  private readonly map = new Map<string, Row>();
  get(key: string): Row | undefined {
    return this.map.get(key);
  }
  set(key: string, value: Row): void {
    this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  slot(key: string): ValueSlot {
    return {
      get: () => this.map.get(key),
      set: (value) => void this.map.set(key, value),
      delete: () => void this.map.delete(key),
    };
  }
}

/** In memory: per group, value → [value, count]; the edges are found by a scan of the group. */
class MemoryOrdered implements OrderedValues {
  private readonly groups = new Map<string, Map<string, [Datum, number]>>();

  add(group: string, value: Datum, diff: number): void {
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = new Map()));
    const k = exactRowKey([value]);
    const cur = g.get(k);
    const n = (cur?.[1] ?? 0) + diff;
    if (n === 0) g.delete(k);
    else g.set(k, [cur?.[0] ?? value, n]);
    if (g.size === 0) this.groups.delete(group);
  }

  edge(group: string, last: boolean): Datum | undefined {
    let best: Datum | undefined;
    for (const [v] of this.groups.get(group)?.values() ?? []) {
      if (best === undefined) best = v;
      else {
        const c = compareDatum(v, best);
        if (last ? c > 0 : c < 0) best = v;
      }
    }
    return best;
  }
}

/** State in the JS heap, gone with the dataflow. */
export function memoryState(): StateBackend {
  return {
    arrangement: () => new MemoryArrangement(),
    values: () => new MemoryValues(),
    ordered: () => new MemoryOrdered(),
  };
}
