// A GROUP BY view whose rows are its reduce's groups keeps each group's state in the group's
// contents entry (views/storage.ts groupRows): one entry per group, no state entries of its own.
// Everything that reads the contents takes the row out of the entry: SELECTs, point lookups
// (an index on the view's key reads the contents), an index built over existing rows, views
// hydrating from it, SUBSCRIBE; group keys too long for LMDB (hashed) included; and it all
// holds after a restart. A view made by an earlier build keeps its state where it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'eddy-state-in-contents-'));
let server: TestServer | undefined;
let c: pg.Client;

/** Keys: short ones, and ones far longer than LMDB's key limit (stored under a hash). */
const LONG = 'x'.repeat(3000);
const keyOf = (i: number): string => (i % 3 === 0 ? `${LONG}${i % 7}` : `k${i % 7}`);

beforeAll(async () => {
  server = await startTestServer(dataDir);
  c = await server.client();
  await c.query('CREATE TABLE t (id int PRIMARY KEY, k text, v int)');
  const values = Array.from({ length: 60 }, (_, i) => `(${i}, '${keyOf(i)}', ${i % 5})`);
  await c.query(`INSERT INTO t VALUES ${values.join(', ')}`);
  await c.query(
    'CREATE MATERIALIZED VIEW g AS SELECT k, count(*) AS n, sum(v) AS s, avg(v) AS a FROM t GROUP BY k',
  );
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rows(sql: string, values: unknown[] = []): Promise<unknown[][]> {
  return (await c.query({ text: sql, values, rowMode: 'array' })).rows as unknown[][];
}

/** The view's rows, and what the same query over the table gives, in the same order. */
async function expectViewsCurrent(): Promise<void> {
  const expected = await rows('SELECT k, count(*), sum(v), avg(v) FROM t GROUP BY k ORDER BY k');
  expect(await rows('SELECT * FROM g ORDER BY k')).toEqual(expected);
  // Point lookups through the index, for a short and a hashed key.
  for (const k of ['k1', `${LONG}3`]) {
    expect(await rows('SELECT k, n, s, a FROM g WHERE k = $1', [k])).toEqual(
      expected.filter((r) => r[0] === k),
    );
  }
  // A join keeps g's rows as they were read (hydrated from g's contents, then g's changes).
  expect(await rows('SELECT * FROM j ORDER BY id')).toEqual(
    await rows(
      'SELECT g.*, t.id FROM (SELECT k, count(*) AS n, sum(v) AS s, avg(v) AS a FROM t GROUP BY k) g JOIN t ON g.k = t.k ORDER BY id',
    ),
  );
  expect(await rows('SELECT * FROM by_n ORDER BY n')).toEqual(
    await rows(
      'SELECT n, count(*) FROM (SELECT count(*) AS n FROM t GROUP BY k) x GROUP BY n ORDER BY n',
    ),
  );
}

describe('a GROUP BY view keeping its reduce state in its contents', () => {
  it('reads as rows through every reader, and follows changes', async () => {
    // Made after the view has rows: the views over it hydrate from its contents; g_k, on the
    // key they are arranged by, reads them (no database of its own).
    await c.query('CREATE INDEX g_k ON g (k)');
    await c.query(
      'CREATE MATERIALIZED VIEW by_n AS SELECT n, count(*) AS groups FROM g GROUP BY n',
    );
    await c.query('CREATE MATERIALIZED VIEW j AS SELECT g.*, t.id FROM g JOIN t ON g.k = t.k');
    expect((await rows("EXPLAIN SELECT n FROM g WHERE k = 'k1'")).join('\n')).toMatch(/g_k/);
    await expectViewsCurrent();
    await c.query('UPDATE t SET v = v + 10 WHERE id % 4 = 1');
    await c.query('DELETE FROM t WHERE k = $1', ['k2']);
    await c.query(`DELETE FROM t WHERE k = '${LONG}0'`);
    await c.query(`INSERT INTO t VALUES (100, 'new', 7), (101, '${LONG}new', 8)`);
    await expectViewsCurrent();
    // SUBSCRIBE starts from the view's rows.
    await c.query('BEGIN');
    await c.query('DECLARE cur CURSOR FOR SUBSCRIBE (SELECT k, n FROM g WHERE n > 3)');
    const first = await rows("FETCH ALL cur WITH (timeout = '1s')");
    await c.query('COMMIT');
    const expected = await rows('SELECT k, count(*) FROM t GROUP BY k HAVING count(*) > 3');
    expect(expected.length).toBeGreaterThan(0);
    expect(first.map((r) => [r[2], r[3]]).sort()).toEqual(expected.sort());
  });

  it('stores one entry per group and no state entries, and resumes after a restart', async () => {
    const id = String((await rows("SELECT 'm' || oid FROM pg_class WHERE relname = 'g'"))[0]![0]);
    const groups = Number((await rows('SELECT count(*) FROM g'))[0]![0]);
    // Built from the contents as they are.
    await c.query('CREATE INDEX g_n ON g (n)');
    await server!.stop();
    server = undefined;
    const store = Store.open(dataDir);
    try {
      const counts = store.read((snap) => [snap.count(id), snap.count(`${id}.s`)]);
      expect(counts).toEqual([groups, 0]);
      // Index entries hold [count, ...row]: the row without the group's state.
      const index = store
        .tableIds()
        .filter((t) => /^i\d+$/.test(t))
        .map((t) => store.read((snap) => [...snap.scan(t)].map(([, e]) => e)));
      // (g_k, on the key the contents are arranged by, reads them: no database of its own.)
      expect(index).toHaveLength(1);
      for (const entries of index) {
        expect(entries).toHaveLength(groups);
        for (const e of entries) expect(e).toHaveLength(5);
      }
    } finally {
      await store.close();
    }
    server = await startTestServer(dataDir);
    c = await server.client();
    await expectViewsCurrent();
    await c.query('UPDATE t SET k = $1 WHERE id < 20', ['k1']);
    await c.query('DELETE FROM t WHERE id % 2 = 0');
    await expectViewsCurrent();
  });
  it('leaves a view made by an earlier build (state in its state database) as it was', async () => {
    // Made empty, then its record stripped of stateInContents while it holds nothing: from then
    // on it is what an earlier build made (both layouts are empty for an empty view).
    await c.query('CREATE TABLE u (k int, v int)');
    await c.query(
      'CREATE MATERIALIZED VIEW old_g AS SELECT k, count(*) AS n, sum(v) AS s FROM u GROUP BY k',
    );
    const id = String(
      (await rows("SELECT 'm' || oid FROM pg_class WHERE relname = 'old_g'"))[0]![0],
    );
    await server!.stop();
    server = undefined;
    let store = Store.open(dataDir);
    try {
      store.write((tx) => {
        const rec = tx.catalogGet(`obj:${id}`) as Record<string, unknown>;
        expect(rec['stateInContents']).toBe(true);
        const { stateInContents: _, ...older } = rec;
        tx.catalogPut(`obj:${id}`, older as never);
      });
    } finally {
      await store.close();
    }
    server = await startTestServer(dataDir);
    c = await server.client();
    await c.query('INSERT INTO u SELECT g % 5, g FROM generate_series(1, 50) g');
    await c.query('DELETE FROM u WHERE v % 7 = 0');
    const expected = await rows('SELECT k, count(*), sum(v) FROM u GROUP BY k ORDER BY k');
    expect(await rows('SELECT * FROM old_g ORDER BY k')).toEqual(expected);
    await server.stop();
    server = undefined;
    store = Store.open(dataDir);
    try {
      // Its reduce state is in its state database, its contents hold the rows alone.
      const [contents, state] = store.read((snap) => [[...snap.scan(id)], snap.count(`${id}.s`)]);
      expect(state).toBe(5);
      expect((contents as unknown[]).map((e) => (e as [unknown, unknown[]])[1].length)).toEqual([
        4, 4, 4, 4, 4,
      ]);
    } finally {
      await store.close();
    }
    server = await startTestServer(dataDir);
    c = await server.client();
    await c.query('UPDATE u SET v = v + 1 WHERE k = 2');
    expect(await rows('SELECT * FROM old_g ORDER BY k')).toEqual(
      await rows('SELECT k, count(*), sum(v) FROM u GROUP BY k ORDER BY k'),
    );
  });
});
