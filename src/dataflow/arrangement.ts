// Arrangements: a collection indexed by key. Per key it holds a consolidated multiset of rows,
// each with its accumulated (non-zero) diff. Reduce, join, distinct, threshold, top-k and window
// keep their state here between ticks.
//
// Keys are strings from `rowKey(keyDatums)` (src/repr/datum.ts), so equal keys under SQL
// grouping rules (NULLs equal, 1.0 = 1.00) land together. Diffs may be negative (a collection
// such as A − B before a threshold); the arrangement just sums.
//
// Two implementations behind one small interface: MemoryArrangement here (one-shot queries,
// whose state dies with the statement) and the LMDB one of state-lmdb.ts (maintained views,
// whose state is committed with each tick). Operators get theirs from their dataflow's state
// backend (state.ts), never by constructing one.
import { exactRowKey, type Diff, type Row } from '../repr/index.js';

/** One row of an arranged multiset with its accumulated diff. */
export type Entry = readonly [row: Row, diff: Diff];

/** An update addressed to a key. */
export type KeyedUpdate = readonly [key: string, row: Row, diff: Diff];

export interface Arrangement {
  /** The consolidated entries under `key` (empty if none), in a stable order. */
  get(key: string): readonly Entry[];
  /** Applies updates; returns the distinct keys they touched (even if they cancelled). */
  apply(updates: readonly KeyedUpdate[]): string[];
  /**
   * A hint for the rest of the current tick step: the entries of these keys will be read again
   * after they are read or written, so a backend that reads from storage may keep them meanwhile.
   */
  readAgain?(keys: KeySet): void;
}

export interface KeySet {
  has(key: string): boolean;
}

/** The in-memory arrangement: Map<key, Map<exactRowKey, [row, diff]>> (rows kept as they are). */
export class MemoryArrangement implements Arrangement {
  private readonly index = new Map<string, Map<string, [Row, Diff]>>();

  get(key: string): readonly Entry[] {
    const rows = this.index.get(key);
    if (rows === undefined) return [];
    const out: Entry[] = [];
    for (const [row, diff] of rows.values()) out.push([row, diff]);
    return out;
  }

  apply(updates: readonly KeyedUpdate[]): string[] {
    const touched = new Set<string>();
    for (const [key, row, diff] of updates) {
      touched.add(key);
      if (diff === 0) continue;
      let rows = this.index.get(key);
      if (rows === undefined) {
        rows = new Map();
        this.index.set(key, rows);
      }
      const rk = exactRowKey(row);
      const cur = rows.get(rk);
      if (cur === undefined) rows.set(rk, [row, diff]);
      else if (cur[1] + diff === 0) {
        rows.delete(rk);
        if (rows.size === 0) this.index.delete(key);
      } else cur[1] += diff;
    }
    return [...touched];
  }
}

/** Groups keyed updates by key, keeping first-seen key order. */
export function groupByKey(updates: readonly KeyedUpdate[]): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const [key, row, diff] of updates) {
    let list = out.get(key);
    if (list === undefined) {
      list = [];
      out.set(key, list);
    }
    list.push([row, diff]);
  }
  return out;
}

/** The sum of the diffs of some entries (a row count, for a per-row arrangement). */
export function totalDiff(entries: readonly Entry[]): Diff {
  let n = 0;
  for (const [, d] of entries) n += d;
  return n;
}
