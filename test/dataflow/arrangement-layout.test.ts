// Arrangements in LMDB (state-lmdb.ts LmdbArrangement) in their three layouts: one entry per row
// (arrangements made by earlier builds), one entry per key holding its rows (hinted to hold few
// rows per key: a join side unique on the join key), or mixed — one entry per key for keys with
// at most MIXED_ROWS_PER_KEY rows, row entries for keys with more. Whatever the layout, an
// arrangement answers as the memory arrangement given the same updates (random, with several
// rows per key, hot keys and cancellations, over many transactions); the layout is chosen once,
// when the arrangement is first used empty, and kept across restarts; an arrangement that
// already holds rows keeps its layout. Keys named by readAgain() are read from LMDB once per
// transaction, and what was kept is not trusted in the next one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryArrangement, type KeyedUpdate } from '../../src/dataflow/arrangement.js';
import {
  LmdbState,
  MIXED_ROWS_PER_KEY,
  prefixedPart,
  type StateTxn,
} from '../../src/dataflow/state-lmdb.js';
import { exactRowKey } from '../../src/repr/index.js';
import { openLmdbStore } from '../../src/session/lmdb-store.js';
import type { EngineStore } from '../../src/session/store-api.js';
import { stateTxn } from '../../src/session/views/storage.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const DB = 'state';

function open(dir?: string): { store: EngineStore; dir: string } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'eddy-arr-'));
  if (dir === undefined) dirs.push(d);
  const store = openLmdbStore(d);
  if (dir === undefined) store.write((t) => t.createTable(DB));
  return { store, dir: d };
}

/** Runs fn with the state bound to one write transaction of `store`. */
function inTxn<T>(store: EngineStore, state: LmdbState, fn: () => T): T {
  let out: T | undefined;
  store.write((t) => {
    state.bind(stateTxn(t, DB));
    try {
      out = fn();
    } finally {
      state.unbind();
    }
  });
  return out as T;
}

const sorted = (entries: readonly (readonly [readonly unknown[], number])[]): string[] =>
  entries.map(([r, d]) => `${exactRowKey(r as never)}*${d}`).sort();

/** Random updates over a few keys: rows repeat, retract what is there, and cancel. */
function randomUpdates(seed: number, n: number): KeyedUpdate[][] {
  let a = seed;
  // mulberry32: successive draws are independent (an LCG's low bits are not).
  const rand = (k: number): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
  const batches: KeyedUpdate[][] = [];
  for (let b = 0; b < n; b++) {
    const batch: KeyedUpdate[] = [];
    for (let i = 0; i < 1 + rand(6); i++) {
      const key = `k${rand(5)}`;
      // k0 is hot: up to 40 distinct rows, more inserted than retracted in the first half of
      // the run and the other way round in the second (so mixed keys spill and empty again).
      const row = key === 'k0' ? [rand(40), null] : [rand(3), rand(2) === 0 ? null : `v${rand(3)}`];
      const retract = key === 'k0' ? rand(4) < (b < n / 2 ? 1 : 3) : rand(4) === 0;
      batch.push([key, row, retract ? -1 : 1 + rand(2)]);
    }
    batches.push(batch);
  }
  return batches;
}

/** The entries of arrangement 0, by key part (their keys without the 2-byte id). */
function storedEntries(state: LmdbState): (readonly [Buffer, readonly unknown[]])[] {
  return state
    .current()
    .scanPrefix(Buffer.from([0, 0]))
    .map(([k, v]) => [Buffer.from(k).subarray(2), v] as const);
}

const ID0 = Buffer.from([0, 0]);
/** What an earlier build stored for one row of an arrangement (rows layout, no marker). */
function putRowEntry(txn: StateTxn, key: string, row: unknown[], diff: number): void {
  txn.put(prefixedPart(prefixedPart(ID0, key), exactRowKey(row as never)), [diff, ...(row as [])]);
}

describe('LMDB arrangements', () => {
  for (const layout of ['rows', 'keyed', 'mixed'] as const) {
    it(`answer as the memory arrangement (${layout} layout)`, () => {
      const { store } = open();
      const state = new LmdbState();
      const arr = state.arrangement(0, layout === 'keyed');
      const mem = new MemoryArrangement();
      // An arrangement that held rows before layouts were recorded keeps one entry per row.
      if (layout === 'rows') {
        inTxn(store, state, () => putRowEntry(state.current(), 'k9', [0, null], 1));
        mem.apply([['k9', [0, null], 1]]);
      }
      let spilled = 0;
      for (const batch of randomUpdates(layout === 'keyed' ? 7 : 11, 400)) {
        const touched = inTxn(store, state, () => arr.apply(batch));
        expect(touched.sort()).toEqual(mem.apply(batch).sort());
        for (const key of ['k0', 'k1', 'k2', 'k3', 'k4', 'k9'])
          expect(sorted(inTxn(store, state, () => arr.get(key)))).toEqual(sorted(mem.get(key)));
        const entries = inTxn(store, state, () => storedEntries(state));
        const marker = entries.filter(([k]) => k.length === 1 && k[0] === 0xfe);
        const keyEntries = entries.filter(([k]) => k[0] !== 0xfe);
        if (layout === 'rows') {
          expect(marker).toEqual([]);
          // One entry per row with a non-zero diff: nothing left behind by cancelled rows.
          const rows = ['k0', 'k1', 'k2', 'k3', 'k4', 'k9'].flatMap((k) => mem.get(k));
          expect(keyEntries.length).toBe(rows.length);
          continue;
        }
        expect(marker.map(([, v]) => v)).toEqual([[layout]]);
        for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) {
          const own = prefixedPart(Buffer.alloc(0), key);
          const under = keyEntries.filter(([k]) => k.subarray(0, own.length).equals(own));
          const rows = mem.get(key);
          if (rows.length === 0) expect(under).toEqual([]);
          else if (layout === 'keyed' || under.length === 1) {
            // The key's rows in its one entry, [diff, width, ...row] each.
            expect(under.length).toBe(1);
            expect(under[0]![0].length).toBe(own.length);
            expect(under[0]![1].length).toBe(rows.length * 4);
            if (layout === 'mixed') expect(rows.length).toBeLessThanOrEqual(MIXED_ROWS_PER_KEY);
          } else {
            // Spilled: its own entry, empty, then one entry per row.
            spilled++;
            expect(under[0]![0].length).toBe(own.length);
            expect(under[0]![1]).toEqual([]);
            expect(under.length).toBe(1 + rows.length);
          }
        }
      }
      // The hot key went past the limit in the mixed layout.
      if (layout === 'mixed') expect(spilled).toBeGreaterThan(0);
      // Retracting every row leaves nothing behind but the marker, spilled keys included.
      const all = ['k0', 'k1', 'k2', 'k3', 'k4', 'k9'].flatMap((key) =>
        mem.get(key).map(([row, diff]): KeyedUpdate => [key, row, -diff]),
      );
      inTxn(store, state, () => arr.apply(all));
      const left = inTxn(store, state, () => storedEntries(state)).map(([k]) => k.toString('hex'));
      expect(left).toEqual(layout === 'rows' ? [] : ['fe']);
    });
  }

  it('choose the layout once, when first used empty, and keep it across a restart', async () => {
    const { store, dir } = open();
    const state = new LmdbState();
    // Arrangement 0 holds a row as one made by an earlier build would (no marker).
    inTxn(store, state, () => putRowEntry(state.current(), 'a', [1], 1));
    inTxn(store, state, () => state.arrangement(1, true).apply([['a', [2], 1]]));
    inTxn(store, state, () => state.arrangement(2, false).apply([['a', [5], 1]]));
    await store.close();
    const again = open(dir).store;
    const s2 = new LmdbState();
    /** Adds row [added] under key 'a' of arrangement `id`; expects it beside row [had]. */
    const addBeside = (id: number, hinted: boolean, had: number, added: number): void => {
      const arr = s2.arrangement(id, hinted);
      inTxn(again, s2, () => arr.apply([['a', [added], 1]]));
      expect(sorted(inTxn(again, s2, () => arr.get('a')))).toEqual(
        sorted([
          [[had], 1],
          [[added], 1],
        ]),
      );
    };
    // Hinted now, but it holds rows already: it keeps one entry per row.
    addBeside(0, true, 1, 3);
    // Not hinted now, but it was made keyed: it stays keyed.
    addBeside(1, false, 2, 4);
    // Hinted now, but it was made mixed: it stays mixed.
    const a2 = s2.arrangement(2, true);
    const many = Array.from({ length: MIXED_ROWS_PER_KEY + 1 }, (_, i): KeyedUpdate => [
      'a',
      [i + 10],
      1,
    ]);
    inTxn(again, s2, () => a2.apply(many));
    expect(inTxn(again, s2, () => a2.get('a')).length).toBe(MIXED_ROWS_PER_KEY + 2);
    const keys = inTxn(again, s2, () => s2.current().scanPrefix(Buffer.alloc(0))).map(([k]) =>
      Buffer.from(k).toString('hex'),
    );
    // 0: two row entries under key 'a'; 1: the marker and one entry for key 'a'; 2: the
    // marker, the (spilled) entry of key 'a' and its rows.
    expect(keys.filter((k) => k.startsWith('0000')).length).toBe(2);
    expect(keys.filter((k) => k.startsWith('0001'))).toEqual(['0001000001' + '61', '0001fe']);
    const of2 = keys.filter((k) => k.startsWith('0002'));
    expect(of2[0]).toBe('0002000001' + '61');
    expect(of2.at(-1)).toBe('0002fe');
    expect(of2.length).toBe(2 + MIXED_ROWS_PER_KEY + 2);
    await again.close();
  });

  for (const layout of ['keyed', 'mixed'] as const) {
    it(`read keys named by readAgain once per transaction (${layout} layout)`, () => {
      const { store } = open();
      const state = new LmdbState();
      const arr = state.arrangement(0, layout === 'keyed');
      const mem = new MemoryArrangement();
      // k5 gets no rows until the end (a key read as empty is kept too).
      const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
      let reads = new Map<string, number>();
      /** Binds a transaction whose gets of key entries are counted by key. */
      const counted = (fn: () => void): void => {
        store.write((t) => {
          const inner = stateTxn(t, DB);
          state.bind({
            ...inner,
            get: (k) => {
              const name = keys.find((key) => prefixedPart(ID0, key).equals(k));
              if (name !== undefined) reads.set(name, (reads.get(name) ?? 0) + 1);
              return inner.get(k);
            },
          });
          try {
            fn();
          } finally {
            state.unbind();
          }
        });
      };
      const expectSame = (): void => {
        for (const key of keys) expect(sorted(arr.get(key))).toEqual(sorted(mem.get(key)));
      };
      const batches = randomUpdates(layout === 'keyed' ? 3 : 5, 240);
      for (let b = 0; b < batches.length; b += 3) {
        reads = new Map();
        // k0 (spills in the mixed layout) and k1 are named; the others are not.
        counted(() => {
          arr.readAgain?.({ has: (key) => key === 'k0' || key === 'k1' });
          expectSame();
          for (const batch of batches.slice(b, b + 3)) {
            arr.apply(batch);
            mem.apply(batch);
            expectSame();
          }
        });
        // Named keys: read once (a spilled key's own entry is read again by nobody: its rows
        // are row entries); the others: before, in and after every update that touches them.
        expect(reads.get('k1')).toBe(1);
        if (layout === 'keyed') expect(reads.get('k0')).toBe(1);
        expect(reads.get('k2')).toBeGreaterThan(1);
      }
      // What was kept in one transaction is not trusted in the next: a write made there by
      // another instance of the arrangement is seen.
      counted(() => {
        arr.readAgain?.({ has: () => true });
        expectSame();
      });
      const other = new LmdbState();
      const added = keys.map((key): KeyedUpdate => [key, [99], 1]);
      inTxn(store, other, () => other.arrangement(0, layout === 'keyed').apply(added));
      mem.apply(added);
      counted(() => expectSame());
    });
  }
});
