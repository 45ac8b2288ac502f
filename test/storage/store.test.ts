import { afterEach, describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { Numeric, type Row } from '../../src/repr/index.js';
import { encodeKey } from '../../src/storage/key-codec.js';
import { rowIdKey, rowIdOf } from '../../src/storage/row-id.js';
import { Snapshot, Store } from '../../src/storage/store.js';
import { showRow } from './show.js';
import { cleanup, tempDir } from './tmpdir.js';

const open: Store[] = [];
function openStore(dir = tempDir()): Store {
  const s = Store.open(dir);
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  cleanup();
});

const rows = (it: Iterable<readonly [Buffer, Row]>): string[] => [...it].map(([, r]) => showRow(r));

describe('store', () => {
  it('writes and reads rows by primary key and by row id', () => {
    const store = openStore();
    const ids = store.write((tx) => {
      tx.createTableData('pk');
      tx.createTableData('heap');
      tx.put('pk', ['b', 2], ['b', 2, 'second']);
      tx.put('pk', ['a', 1], ['a', 1, 'first']);
      tx.put('pk', [Numeric.parse('1.50')!], [Numeric.parse('1.50')!, 'num']);
      return [tx.insert('heap', [10]), tx.insert('heap', [20]), tx.insert('heap', [30])];
    });
    expect(ids.map(rowIdOf)).toEqual([1, 2, 3]);
    store.read((snap) => {
      expect(snap.get('pk', ['a', 1])).toEqual(['a', 1, 'first']);
      expect(snap.get('pk', ['a', 2])).toBeUndefined();
      // Looked up by an equal value at another scale.
      expect(showRow(snap.get('pk', [Numeric.parse('1.5')!])!)).toBe(
        showRow([Numeric.parse('1.50')!, 'num']),
      );
      expect(snap.get('pk', encodeKey(['b', 2]))).toEqual(['b', 2, 'second']);
      expect(rows(snap.scan('heap'))).toEqual(['(n:10)', '(n:20)', '(n:30)']);
      expect(snap.get('heap', ids[1]!)).toEqual([20]);
      expect(snap.count('pk')).toBe(3);
      expect(snap.tableIds()).toEqual(['heap', 'pk']);
      expect(snap.hasTable('pk')).toBe(true);
      expect(snap.hasTable('nope')).toBe(false);
      expect(() => snap.get('nope', [1])).toThrow(/has no data/);
    });
    store.write((tx) => {
      expect(tx.delete('pk', ['a', 1])).toBe(true);
      expect(tx.delete('pk', ['a', 1])).toBe(false);
      tx.put('pk', ['b', 2], ['b', 2, 'replaced']);
      expect(rowIdOf(tx.insert('heap', [40]))).toBe(4);
    });
    store.read((snap) => {
      expect(snap.get('pk', ['a', 1])).toBeUndefined();
      expect(snap.get('pk', ['b', 2])).toEqual(['b', 2, 'replaced']);
      expect(snap.count('heap')).toBe(4);
    });
  });

  it('keys row ids as 8 big-endian bytes, in order, past 2^32 too', () => {
    const ids = [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER];
    for (const id of ids) {
      const expected = Buffer.alloc(8);
      expected.writeBigUInt64BE(BigInt(id));
      expect(rowIdKey(id)).toEqual(expected);
      expect(rowIdOf(rowIdKey(id))).toBe(id);
    }
    const keys = ids.map(rowIdKey);
    expect([...keys].sort(Buffer.compare)).toEqual(keys);
    expect(() => rowIdKey(-1)).toThrow(/bad row id/);
  });

  it('stores each row exactly, small and large ones interleaved in one transaction', async () => {
    // Values are encoded into one reused scratch buffer that grows (row-codec encodeRowForPut):
    // every row must come back with its own bytes, also after the scratch buffer grew.
    const dir = tempDir();
    const store = openStore(dir);
    const sizes = [0, 1, 900, 1100, 5, 70_000, 3, 2048, 300_000, 7];
    const row = (i: number, n: number): Row => [i, 'é'.repeat(n), n % 2 === 0 ? null : n];
    store.write((tx) => {
      tx.createTableData('t');
      sizes.forEach((n, i) => tx.put('t', [i], row(i, n)));
    });
    const check = (s: Store): void =>
      s.read((snap) => sizes.forEach((n, i) => expect(snap.get('t', [i])).toEqual(row(i, n))));
    check(store);
    await store.close();
    open.splice(open.indexOf(store), 1);
    check(openStore(dir));
  });

  it('stores fresh rows by append when their keys come last, and by put when not', async () => {
    const dir = tempDir();
    const store = Store.open(dir);
    const ids: number[] = [];
    const put = (batch: number[]): void =>
      store.write((tx) => {
        for (const id of batch) tx.putNew('t', rowIdKey(id), [id, `r${id}`]);
        ids.push(...batch);
      });
    store.write((tx) => tx.createTableData('t'));
    put([1, 2, 3, 10, 11]);
    // Ids handed out earlier, committed later (another session's transaction): before the last.
    put([4, 5, 12, 6, 13, 7]);
    put([20, 8, 21]);
    await store.close();
    const again = openStore(dir);
    again.read((snap) => {
      const stored = [...snap.scan('t')];
      expect(stored.map(([k]) => rowIdOf(k))).toEqual([...ids].sort((a, b) => a - b));
      for (const [k, row] of stored) expect(row).toEqual([rowIdOf(k), `r${rowIdOf(k)}`]);
    });
  });

  it('puts a row only where the key has none with putIfAbsent, telling which', () => {
    const store = openStore();
    store.write((tx) => tx.createTableData('t'));
    const k = (n: number): Buffer => rowIdKey(n);
    store.write((tx) => {
      tx.put('t', k(1), [1, 'old']);
      expect(tx.putIfAbsent('t', k(1), [1, 'new'])).toBe(false);
      expect(tx.putIfAbsent('t', k(2), [2, 'first'])).toBe(true);
      expect(tx.putIfAbsent('t', k(2), [2, 'second'])).toBe(false);
      expect(tx.get('t', k(2))).toEqual([2, 'first']);
    });
    store.read((snap) => {
      expect(rows(snap.scan('t'))).toEqual([showRow([1, 'old']), showRow([2, 'first'])]);
    });
  });

  it('scans in key order with prefix, bounds, reverse and limit', () => {
    const store = openStore();
    store.write((tx) => {
      tx.createTableData('t');
      for (const g of ['x', 'y', 'z']) for (const n of [3, 1, 2, null]) tx.put('t', [g, n], [g, n]);
    });
    store.read((s) => {
      expect(rows(s.scan('t', { prefix: ['y'] }))).toEqual([
        '(s:"y", n:1)',
        '(s:"y", n:2)',
        '(s:"y", n:3)',
        '(s:"y", null)',
      ]);
      expect(rows(s.scan('t', { prefix: ['y'], reverse: true, limit: 2 }))).toEqual([
        '(s:"y", null)',
        '(s:"y", n:3)',
      ]);
      expect(rows(s.scan('t', { start: ['x', 3], end: ['y', 2] }))).toEqual([
        '(s:"x", n:3)',
        '(s:"x", null)',
        '(s:"y", n:1)',
      ]);
      expect(rows(s.scan('t', { start: ['x', 3], end: ['y', 2], reverse: true }))).toEqual([
        '(s:"y", n:1)',
        '(s:"x", null)',
        '(s:"x", n:3)',
      ]);
      expect(rows(s.scan('t', { prefix: ['x'], start: ['x', 2] }))).toHaveLength(3);
      expect(rows(s.scan('t', { start: ['z'], end: ['a'] }))).toEqual([]);
      expect([...s.scan('t')]).toHaveLength(12);
    });
  });

  it('keeps catalog records and metadata', () => {
    const store = openStore();
    const rec = { name: 't', columns: [{ name: 'a', type: 'int4', nullable: false }], n: null };
    store.write((tx) => {
      tx.catalogPut('table/1', rec);
      tx.catalogPut('table/2', { name: 'u' });
      tx.catalogPut('view/1', { name: 'v' });
      tx.metaPut('epoch', 3);
      tx.setLastSealedTick(1000);
    });
    expect(store.catalog.get('table/1')).toEqual(rec);
    expect(store.catalog.scan('table/').map(([k]) => k)).toEqual(['table/1', 'table/2']);
    expect(store.catalog.scan().length).toBe(3);
    store.catalog.put('view/2', [1, 'x', true]);
    expect(store.catalog.delete('table/2')).toBe(true);
    expect(store.catalog.scan().map(([k]) => k)).toEqual(['table/1', 'view/1', 'view/2']);
    expect(store.lastSealedTick()).toBe(1000);
    expect(() => store.write((tx) => tx.setLastSealedTick(1000))).toThrow(/not after/);
    store.read((s) => expect(s.metaGet('epoch')).toBe(3));
  });

  it('sees its own writes inside write()', () => {
    const store = openStore();
    store.write((tx) => {
      tx.createTableData('t');
      tx.put('t', [1], [1, 'a']);
      expect(tx.get('t', [1])).toEqual([1, 'a']);
      expect(tx.hasTable('t')).toBe(true);
      tx.catalogPut('c', 1);
      expect(tx.catalogGet('c')).toBe(1);
      expect(rows(tx.scan('t'))).toEqual(['(n:1, s:"a")']);
    });
  });

  it('is all-or-nothing: an exception inside write() leaves nothing', () => {
    const store = openStore();
    store.write((tx) => {
      tx.createTableData('t');
      tx.insert('t', ['kept']);
      tx.setLastSealedTick(1);
    });
    expect(() =>
      store.write((tx) => {
        tx.insert('t', ['lost']);
        tx.createTableData('new');
        tx.put('new', [1], [1]);
        tx.catalogPut('x', { lost: true });
        tx.setLastSealedTick(2);
        tx.dropTableData('t');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.tableIds()).toEqual(['t']);
    expect(store.catalog.get('x')).toBeUndefined();
    expect(store.lastSealedTick()).toBe(1);
    store.read((s) => expect(rows(s.scan('t'))).toEqual(['(s:"kept")']));
    // The row id counter did not move, and the aborted table can be created for real.
    store.write((tx) => {
      expect(rowIdOf(tx.insert('t', ['next']))).toBe(2);
      tx.createTableData('new');
      tx.put('new', [2], [2]);
    });
    store.read((s) => expect(rows(s.scan('new'))).toEqual(['(n:2)']));
  });

  it('rejects asynchronous and nested writes, rolling them back', () => {
    const store = openStore();
    expect(() =>
      store.write((tx) => {
        tx.catalogPut('a', 1);
        return Promise.resolve();
      }),
    ).toThrow(/synchronous/);
    expect(() => store.write(() => store.write(() => 1))).toThrow(/re-entrant/);
    expect(store.catalog.get('a')).toBeUndefined();
    expect(store.write(() => 7)).toBe(7);
  });

  it('is durable across close and reopen', async () => {
    const dir = tempDir();
    const a = Store.open(dir);
    a.write((tx) => {
      tx.createTableData('t');
      tx.createTableData('h');
      tx.put('t', ['k'], ['k', 1n, Numeric.parse('2.50')!]);
      tx.insert('h', [1]);
      tx.insert('h', [2]);
      tx.catalogPut('table/t', { name: 't' });
      tx.setLastSealedTick(42);
    });
    await a.close();
    const b = openStore(dir);
    expect(b.lastSealedTick()).toBe(42);
    expect(b.catalog.get('table/t')).toEqual({ name: 't' });
    expect(b.tableIds()).toEqual(['h', 't']);
    b.read((s) => {
      expect(showRow(s.get('t', ['k'])!)).toBe(showRow(['k', 1n, Numeric.parse('2.50')!]));
    });
    expect(rowIdOf(b.write((tx) => tx.insert('h', [3])))).toBe(3);
  });

  it('shares what snapshots of one committed state find, and only among them', () => {
    const store = openStore();
    store.write((tx) => {
      tx.createTableData('t');
      tx.put('t', [1], [1]);
    });
    const a = store.snapshot();
    const b = store.snapshot();
    let computed = 0;
    const count = (s: Snapshot): number =>
      s.memo('rows of t', () => {
        computed++;
        return [...s.scan('t')].length;
      });
    expect(a.hasTable('t')).toBe(true);
    expect(count(a)).toBe(1);
    expect(count(b)).toBe(1);
    expect(computed).toBe(1);
    store.write((tx) => tx.put('t', [2], [2]));
    const c = store.snapshot();
    expect(count(c)).toBe(2);
    expect(computed).toBe(2);
    store.write((tx) => tx.dropTableData('t'));
    const d = store.snapshot();
    expect(d.hasTable('t')).toBe(false);
    expect(b.hasTable('t')).toBe(true);
    expect(c.hasTable('t')).toBe(true);
    expect(count(b)).toBe(1);
    expect(count(c)).toBe(2);
    // A write that fails commits nothing: the state and what was found about it stay.
    expect(() =>
      store.write((tx) => {
        tx.createTableData('t');
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(store.snapshot().hasTable('t')).toBe(false);
    for (const s of [a, b, c, d]) s.release();
  });

  it('gives snapshots a consistent view while later writes commit', () => {
    const store = openStore();
    store.write((tx) => {
      tx.createTableData('t');
      tx.put('t', [1], [1]);
      tx.setLastSealedTick(1);
    });
    const before = store.snapshot();
    store.write((tx) => {
      tx.put('t', [2], [2]);
      tx.delete('t', [1]);
      tx.createTableData('u');
      tx.put('u', [1], [1]);
      tx.catalogPut('c', 'new');
      tx.setLastSealedTick(2);
    });
    const after = store.snapshot();
    store.write((tx) => tx.dropTableData('t'));
    expect(rows(before.scan('t'))).toEqual(['(n:1)']);
    expect(before.get('t', [2])).toBeUndefined();
    expect(before.hasTable('u')).toBe(false);
    expect(() => before.scan('u').next()).toThrow(/has no data/);
    expect(before.catalogGet('c')).toBeUndefined();
    expect(before.lastSealedTick()).toBe(1);
    // `after` still reads the table that was dropped after it was taken.
    expect(rows(after.scan('t'))).toEqual(['(n:2)']);
    expect(rows(after.scan('u'))).toEqual(['(n:1)']);
    expect(after.lastSealedTick()).toBe(2);
    expect(() => store.write(() => after.get('t', [2]))).toThrow(/inside write/);
    before.release();
    after.release();
    before.release();
    expect(() => before.get('t', [1])).toThrow(/released/);
    store.read((s) => expect(s.hasTable('t')).toBe(false));
  });

  it('frees a dropped table: its pages are reused and it is gone after reopen', async () => {
    const dir = tempDir();
    const store = Store.open(dir);
    const fill = (id: string): void =>
      store.write((tx) => {
        tx.createTableData(id);
        for (let i = 0; i < 4000; i++) tx.insert(id, [i, 'x'.repeat(200)]);
      });
    fill('a');
    const afterA = store.stats().lastPageNumber;
    // Hold a snapshot across the drop: the removal waits for it, the data stays readable.
    const snap = store.snapshot();
    store.write((tx) => tx.dropTableData('a'));
    expect(snap.count('a')).toBe(4000);
    snap.release();
    store.write(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    fill('b');
    const afterB = store.stats().lastPageNumber;
    expect(afterB).toBeLessThan(afterA * 1.2);
    expect(store.tableIds()).toEqual(['b']);
    // A dropped id can be created again, empty.
    store.write((tx) => tx.createTableData('a'));
    store.read((s) => expect(s.count('a')).toBe(0));
    store.write((tx) => tx.dropTableData('a'));
    await store.close();
    const again = openStore(dir);
    expect(again.tableIds()).toEqual(['b']);
    again.write((tx) => {
      tx.createTableData('a');
      expect(rowIdOf(tx.insert('a', [1]))).toBe(1);
    });
  });

  it('holds many tables, each its own database', async () => {
    const dir = tempDir();
    const a = Store.open(dir);
    a.write((tx) => {
      for (let i = 0; i < 200; i++) {
        tx.createTableData(`t${i}`);
        tx.put(`t${i}`, [i], [i]);
      }
    });
    await a.close();
    const b = openStore(dir);
    expect(b.tableIds()).toHaveLength(200);
    b.read((s) => expect(s.get('t150', [150])).toEqual([150]));
  });

  it('rejects keys that are too long with SQLSTATE 54000', () => {
    const store = openStore();
    store.write((tx) => tx.createTableData('t'));
    let err: unknown;
    try {
      store.write((tx) => tx.put('t', Buffer.alloc(5000, 1), [1]));
    } catch (e) {
      err = e;
    }
    expect((err as EddyError).code).toBe('54000');
  });

  it('releases open snapshots on close', async () => {
    const store = Store.open(tempDir());
    const snap = store.snapshot();
    await store.close();
    expect(() => snap.tableIds()).toThrow(/closed|released/);
    expect(() => store.write(() => 1)).toThrow(/closed/);
  });
});
