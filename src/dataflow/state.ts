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
import type { Row } from '../repr/index.js';
import { MemoryArrangement, type Arrangement } from './arrangement.js';

export interface ValueState {
  get(key: string): Row | undefined;
  set(key: string, value: Row): void;
  delete(key: string): void;
}

export interface StateBackend {
  /** The arrangement numbered `id` (created empty on first use). */
  arrangement(id: number): Arrangement;
  /** The value map numbered `id` (created empty on first use). */
  values(id: number): ValueState;
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
}

/** State in the JS heap, gone with the dataflow. */
export function memoryState(): StateBackend {
  return {
    arrangement: () => new MemoryArrangement(),
    values: () => new MemoryValues(),
  };
}
