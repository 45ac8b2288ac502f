// Arrangements in LMDB (state-lmdb.ts LmdbArrangement) in their two layouts: one entry per row,
// or — for an arrangement hinted to hold few rows per key (a join side unique on the join key) —
// one entry per key holding its rows. Whatever the layout, an arrangement answers as the memory
// arrangement given the same updates (random, with several rows per key and cancellations, over
// many transactions); the layout is chosen once, when the arrangement is first used empty, and
// kept across restarts; an arrangement that already holds rows keeps its layout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryArrangement, type KeyedUpdate } from '../../src/dataflow/arrangement.js';
import { LmdbState } from '../../src/dataflow/state-lmdb.js';
import { exactRowKey } from '../../src/repr/index.js';
import { openLmdbStore } from '../../src/session/lmdb-store.js';
import type { EngineStore } from '../../src/session/store-api.js';
import { stateTxn } from '../../src/session/views/maintained.js';

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
  const rand = (k: number): number => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a % k;
  };
  const batches: KeyedUpdate[][] = [];
  for (let b = 0; b < n; b++) {
    const batch: KeyedUpdate[] = [];
    for (let i = 0; i < 1 + rand(6); i++) {
      const key = `k${rand(5)}`;
      const row = [rand(3), rand(2) === 0 ? null : `v${rand(3)}`];
      batch.push([key, row, rand(4) === 0 ? -1 : 1 + rand(2)]);
    }
    batches.push(batch);
  }
  return batches;
}

describe('LMDB arrangements', () => {
  for (const fewPerKey of [false, true]) {
    it(`answer as the memory arrangement (${fewPerKey ? 'keyed' : 'rows'} layout)`, () => {
      const { store } = open();
      const state = new LmdbState();
      const arr = state.arrangement(0, fewPerKey);
      const mem = new MemoryArrangement();
      for (const batch of randomUpdates(fewPerKey ? 7 : 11, 300)) {
        const touched = inTxn(store, state, () => arr.apply(batch));
        expect(touched.sort()).toEqual(mem.apply(batch).sort());
        for (const key of ['k0', 'k1', 'k2', 'k3', 'k4'])
          expect(sorted(inTxn(store, state, () => arr.get(key)))).toEqual(sorted(mem.get(key)));
      }
      // The layout in storage: keyed — a marker and at most one entry per key.
      const entries = inTxn(store, state, () => state.current().scanPrefix(Buffer.from([0, 0])));
      const marker = entries.filter(([k]) => k.length === 3 && k[2] === 0xfe);
      expect(marker.length).toBe(fewPerKey ? 1 : 0);
      if (fewPerKey) expect(entries.length).toBeLessThanOrEqual(1 + 5);
    });
  }

  it('choose the layout once, when first used empty, and keep it across a restart', async () => {
    const { store, dir } = open();
    const state = new LmdbState();
    // Arrangement 0 gets rows before any hint (as one made by an earlier build would).
    inTxn(store, state, () => state.arrangement(0, false).apply([['a', [1], 1]]));
    inTxn(store, state, () => state.arrangement(1, true).apply([['a', [2], 1]]));
    await store.close();
    const again = open(dir).store;
    const s2 = new LmdbState();
    // Hinted now, but it holds rows already: it keeps one entry per row.
    const a0 = s2.arrangement(0, true);
    inTxn(again, s2, () => a0.apply([['a', [3], 1]]));
    expect(sorted(inTxn(again, s2, () => a0.get('a')))).toEqual(
      sorted([
        [[1], 1],
        [[3], 1],
      ]),
    );
    // Not hinted now, but it was made keyed: it stays keyed.
    const a1 = s2.arrangement(1, false);
    inTxn(again, s2, () => a1.apply([['a', [4], 1]]));
    expect(sorted(inTxn(again, s2, () => a1.get('a')))).toEqual(
      sorted([
        [[2], 1],
        [[4], 1],
      ]),
    );
    const keys = inTxn(again, s2, () => s2.current().scanPrefix(Buffer.alloc(0))).map(([k]) =>
      Buffer.from(k).toString('hex'),
    );
    // 0: two row entries under key 'a'; 1: the marker and one entry for key 'a'.
    expect(keys.filter((k) => k.startsWith('0000')).length).toBe(2);
    expect(keys.filter((k) => k.startsWith('0001'))).toEqual(['0001000001' + '61', '0001fe']);
    await again.close();
  });
});
