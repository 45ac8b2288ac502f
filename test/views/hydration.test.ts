// Hydration of a new materialized view over existing rows does not stall the server: it runs
// in slices between other transactions, writes made meanwhile end up in the view exactly once,
// other sessions reading the view meanwhile get 55000 (never partial contents), and the
// CREATE statement returns once the view is complete. A view over a view still hydrating
// waits for it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: pg.Client;

const ROWS = 120_000;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.client();
  await admin.query('CREATE TABLE big (id int PRIMARY KEY, g int, v int)');
  await admin.query(`INSERT INTO big SELECT i, i % 100, i % 7 FROM generate_series(1, ${ROWS}) i`);
});

afterAll(async () => {
  await server?.stop();
});

async function sorted(c: pg.Client, sql: string): Promise<string[]> {
  const r = await c.query({ text: sql, rowMode: 'array' });
  return (r.rows as unknown[][]).map((row) => JSON.stringify(row)).sort();
}

describe('hydration', () => {
  it('runs beside other sessions and includes their writes exactly once', async () => {
    const creator = await server.client();
    const other = await server.client();
    let created = false;
    const creating = creator
      .query(
        'CREATE MATERIALIZED VIEW big_by_g AS SELECT g, count(*) AS n, sum(v) AS s FROM big GROUP BY g',
      )
      .then(() => (created = true));
    // Meanwhile: writes and reads on other sessions complete before the view is ready.
    let writesBefore = 0;
    let refusals = 0;
    for (let i = 0; !created && i < 200; i++) {
      await other.query('INSERT INTO big VALUES ($1, $2, 1)', [ROWS + 1 + i, i % 100]);
      await other.query('DELETE FROM big WHERE id = $1', [1 + i * 3]);
      if (!created) writesBefore++;
      try {
        await other.query('SELECT count(*) FROM big_by_g');
      } catch (e) {
        expect((e as { code?: string }).code).toBe('55000');
        refusals++;
      }
    }
    await creating;
    expect(writesBefore).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
    expect(await sorted(other, 'SELECT * FROM big_by_g')).toEqual(
      await sorted(other, 'SELECT g, count(*), sum(v) FROM big GROUP BY g'),
    );
  }, 120_000);

  it('makes a view over a hydrating view wait for it', async () => {
    const a = await server.client();
    const b = await server.client();
    const first = a.query(
      'CREATE MATERIALIZED VIEW evens AS SELECT id, v FROM big WHERE id % 2 = 0',
    );
    // Let the first CREATE commit its catalog entry before the second binds against it.
    await new Promise((r) => setTimeout(r, 50));
    await b.query(
      'CREATE MATERIALIZED VIEW evens_total AS SELECT count(*) AS n, sum(v) AS s FROM evens',
    );
    await first;
    expect(await sorted(b, 'SELECT * FROM evens_total')).toEqual(
      await sorted(b, 'SELECT count(*), sum(v) FROM big WHERE id % 2 = 0'),
    );
  }, 120_000);
});
