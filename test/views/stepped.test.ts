// Ticks larger than one dataflow step (views/maintained.ts STEP_ROWS): a tick's changes then run
// as several steps in one transaction. After every such tick each view equals its query run
// one-shot (or fails with the same error), for aggregates, a view over a view, joins whose two
// inputs change in the same tick, an outer join, top-k, DISTINCT and a view with error rows; a
// subscription and a view's retained history see each tick's net change only (a row changed by
// several steps appears once), and every view's changes are counted once.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROWS } from '../../src/session/views/maintained.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let c: pg.Client;

const VIEWS: Record<string, string> = {
  g: 'SELECT k, count(*) AS n, sum(v) AS s, min(v) AS mn, max(v) AS mx, count(DISTINCT v) AS d FROM ev GROUP BY k',
  gg: 'SELECT n % 3 AS b, count(*) AS groups, sum(s) AS s FROM g GROUP BY n % 3',
  j: 'SELECT o.id, o.amount, c.region FROM o JOIN c ON c.id = o.cust',
  lj: 'SELECT c.id, c.region, count(o.id) AS orders, sum(o.amount) AS total FROM c LEFT JOIN o ON o.cust = c.id GROUP BY c.id, c.region',
  regions: 'SELECT region, count(*) AS n, sum(amount) AS total FROM j GROUP BY region',
  top: 'SELECT k, v FROM ev ORDER BY v DESC, k LIMIT 7',
  dist: 'SELECT DISTINCT k % 7 AS m, v % 2 AS p FROM ev',
  err: 'SELECT k, 100 / (v - 13) AS q FROM ev WHERE k = 3',
  // Keyed by the table's primary key: stored one entry per id, overwritten in place.
  po: 'SELECT id, cust, amount FROM o',
};

/** Big write steps: each changes more rows of some view's inputs than one step takes. */
const TICKS: readonly string[] = [
  'INSERT INTO ev SELECT i % 10, i % 50 FROM generate_series(1, 3000) AS i',
  // Both join inputs in one tick; orders of customers 1501..2000 find no customer yet.
  `BEGIN;
   INSERT INTO c SELECT i, (ARRAY['n', 's', 'e'])[1 + i % 3] FROM generate_series(1, 1500) AS i;
   INSERT INTO o SELECT i, 1 + i % 2000, i % 100 FROM generate_series(1, 2500) AS i;
   COMMIT`,
  // Every row moves: 3,000 retractions and 3,000 insertions; v = 13 makes `err` fail.
  'UPDATE ev SET v = v + 1',
  `BEGIN;
   UPDATE c SET region = 'w' WHERE id % 2 = 0;
   INSERT INTO c SELECT i, 'late' FROM generate_series(1501, 2000) AS i;
   UPDATE o SET amount = amount + 1 WHERE id % 5 = 0;
   COMMIT`,
  // Every id moves to another id that exists too (through free ids, as PostgreSQL checks the key
  // row by row): each key's old row goes and another comes, in one tick.
  'BEGIN; UPDATE o SET id = id + 10000; UPDATE o SET id = 12501 - id, amount = amount + id; COMMIT',
  'BEGIN; DELETE FROM ev WHERE k < 5; DELETE FROM o WHERE id % 3 = 0; COMMIT',
  // `err` recovers; customers leave (their orders leave the join, and lj's groups go).
  'BEGIN; UPDATE ev SET v = 0 WHERE v = 13; DELETE FROM c WHERE id > 1000; COMMIT',
  'INSERT INTO ev SELECT i % 4, i % 20 FROM generate_series(1, 1500) AS i',
];

type Outcome = { rows: string[] } | { error: string };

async function outcome(sql: string): Promise<Outcome> {
  try {
    const r = await c.query({ text: sql, rowMode: 'array' });
    return { rows: (r.rows as unknown[][]).map((x) => JSON.stringify(x)).sort() };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE ev (k int NOT NULL, v int NOT NULL)');
  await c.query('CREATE TABLE c (id int PRIMARY KEY, region text NOT NULL)');
  await c.query('CREATE TABLE o (id int PRIMARY KEY, cust int NOT NULL, amount int NOT NULL)');
  for (const [name, sql] of Object.entries(VIEWS))
    await c.query(`CREATE MATERIALIZED VIEW ${name} AS ${sql}`);
  await c.query(`CREATE MATERIALIZED VIEW hv WITH (RETAIN HISTORY FOR '1h') AS ${VIEWS['g']}`);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('ticks larger than one step', () => {
  it('are several steps (the ticks below are larger than one)', () => {
    expect(STEP_ROWS).toBeLessThan(1500);
  });

  it('leave every view equal to its query, tick after tick', async () => {
    const sub = await server.client();
    await sub.query('BEGIN');
    // A view no other view reads (the views read by others always keep their changes).
    await sub.query('DECLARE s CURSOR FOR SUBSCRIBE lj');
    const acc = new Map<string, number>();
    for (const [i, tick] of TICKS.entries()) {
      await c.query(tick);
      for (const [name, sql] of Object.entries(VIEWS)) {
        const got = await outcome(`SELECT * FROM ${name}`);
        const want = await outcome(sql);
        expect(got, `view ${name} after tick ${i}: ${tick}`).toEqual(want);
      }
      // The subscription: one batch per tick, each row at most once, adding up to the view.
      const r = await sub.query({ text: "FETCH ALL s WITH (timeout = '1s')", rowMode: 'array' });
      const seen = new Set<string>();
      for (const row of r.rows as unknown[][]) {
        const key = JSON.stringify([row[0], ...row.slice(2)]);
        expect(seen.has(key), `row repeated in one tick: ${key}`).toBe(false);
        seen.add(key);
        const data = JSON.stringify(row.slice(2));
        const n = (acc.get(data) ?? 0) + Number(row[1]);
        if (n === 0) acc.delete(data);
        else acc.set(data, n);
      }
      const view = (await outcome('SELECT * FROM lj')) as { rows: string[] };
      expect([...acc.keys()].sort(), `subscription after tick ${i}`).toEqual(view.rows);
    }
    await sub.query('ROLLBACK');
  });

  it("keep a view's history as each tick's net change", async () => {
    const health = async (): Promise<number> =>
      (
        (await (await fetch(`http://127.0.0.1:${server.httpPort}/api/health`)).json()) as {
          sealedTick: number;
        }
      ).sealedTick;
    const then = await health();
    const was = (await outcome('SELECT * FROM hv')) as { rows: string[] };
    // 2,000 rows into the 10 groups: every group changes in every step of the tick.
    await c.query('INSERT INTO ev SELECT i % 10, i FROM generate_series(1, 2000) AS i');
    const now = (await outcome('SELECT * FROM hv')) as { rows: string[] };
    const r = await c.query({
      text: `SUBSCRIBE hv AS OF ${then} UP TO ${(await health()) + 1}`,
      rowMode: 'array',
    });
    const rows = r.rows as unknown[][];
    const data = (xs: unknown[][]): string[] => xs.map((x) => JSON.stringify(x.slice(2))).sort();
    expect(data(rows.filter((x) => String(x[0]) === String(then)))).toEqual(was.rows);
    const changes = rows.filter((x) => String(x[0]) !== String(then));
    // Each group's old row retracted and its new row inserted, once, in one tick.
    expect(new Set(changes.map((x) => String(x[0]))).size).toBe(1);
    expect(data(changes.filter((x) => Number(x[1]) === -1))).toEqual(was.rows);
    expect(data(changes.filter((x) => Number(x[1]) === 1))).toEqual(now.rows);
    expect(changes.length).toBe(was.rows.length + now.rows.length);
  });
});
