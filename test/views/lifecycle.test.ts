// Materialized views through their life: CREATE (hydrating from existing rows), OR REPLACE, IF
// NOT EXISTS, SHOW / SHOW CREATE, indexes with point lookups (EXPLAIN shows no scan), pg_class,
// refusals with PostgreSQL's SQLSTATEs, DROP (CASCADE), and the state left in LMDB: a dropped
// view leaves no database behind, and deleted rows leave no entries in a view's state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'eddy-views-'));
let server: TestServer | undefined;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer(dataDir);
  c = await server.client();
  await c.query('CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric)');
  await c.query(
    "INSERT INTO orders SELECT g, 'c' || (g % 10), g * 1.5 FROM generate_series(1, 1000) g",
  );
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<unknown[][]> {
  return (await c.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
}

async function error(sql: string): Promise<{ code?: string; message: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('materialized view lifecycle', () => {
  it('hydrates from existing rows and follows changes', async () => {
    await c.query(
      'CREATE MATERIALIZED VIEW spend AS SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer',
    );
    expect(await rows("SELECT n, total FROM spend WHERE customer = 'c3'")).toEqual([
      ['100', '74700.0'],
    ]);
    await c.query("INSERT INTO orders VALUES (1001, 'c3', 0.5)");
    await c.query('DELETE FROM orders WHERE id = 3');
    expect(await rows("SELECT n, total FROM spend WHERE customer = 'c3'")).toEqual([
      ['100', '74696.0'],
    ]);
  });

  it('lists and shows views, refuses what PostgreSQL refuses', async () => {
    expect(await rows('SHOW MATERIALIZED VIEWS')).toEqual([['spend', 'default']]);
    const [name, sql] = (await rows('SHOW CREATE MATERIALIZED VIEW spend'))[0] as string[];
    expect(name).toBe('public.spend');
    expect(sql).toMatch(/^CREATE MATERIALIZED VIEW public\.spend \(customer, n, total\) AS SELECT/);
    expect(await rows("SELECT relkind FROM pg_class WHERE relname = 'spend'")).toEqual([['m']]);
    expect((await error('INSERT INTO spend VALUES (1)')).code).toBe('42809');
    expect((await error('CREATE MATERIALIZED VIEW spend AS SELECT 1')).code).toBe('42P07');
    expect((await error('DROP VIEW spend')).code).toBe('42809');
    expect((await error('SELECT * FROM nope_mv')).code).toBe('42P01');
    // A view cannot be kept up to date over values that change by themselves.
    expect((await error('CREATE MATERIALIZED VIEW t1 AS SELECT now()')).code).toBe('0A000');
    expect(
      (await error('CREATE MATERIALIZED VIEW t2 AS SELECT id FROM orders WHERE random() < 0.5'))
        .code,
    ).toBe('0A000');
    const skipped = await c.query('CREATE MATERIALIZED VIEW IF NOT EXISTS spend AS SELECT 1');
    expect(skipped.command).toBe('CREATE');
  });

  it('replaces a view in place with OR REPLACE', async () => {
    await c.query('CREATE MATERIALIZED VIEW big AS SELECT id FROM orders WHERE amount > 1400');
    expect(await rows('SELECT count(*) FROM big')).toEqual([['67']]);
    await c.query(
      'CREATE OR REPLACE MATERIALIZED VIEW big AS SELECT id, amount FROM orders WHERE amount > 1490',
    );
    expect(await rows('SELECT count(*) FROM big')).toEqual([['7']]);
    expect((await error('CREATE OR REPLACE MATERIALIZED VIEW orders AS SELECT 1')).code).toBe(
      '42809',
    );
  });

  it('answers point lookups through an index without a scan', async () => {
    await c.query('CREATE INDEX spend_customer ON spend (customer)');
    expect(await rows('SHOW INDEXES ON spend')).toEqual([
      ['spend_customer', 'spend', 'default', '{customer}'],
    ]);
    const plan = (await rows("EXPLAIN SELECT * FROM spend WHERE customer = 'c5'")).flat();
    expect(plan.join('\n')).toContain('index spend_customer lookup of 1 key');
    const looked = await c.query({
      text: 'SELECT n FROM spend WHERE customer = $1',
      values: ['c5'],
      name: 'lookup',
    });
    expect(looked.rows).toEqual([{ n: '100' }]);
    await c.query("UPDATE orders SET customer = 'c5' WHERE id = 6");
    expect((await c.query({ name: 'lookup', text: '', values: ['c5'] })).rows).toEqual([
      { n: '101' },
    ]);
    await c.query('CREATE DEFAULT INDEX ON spend');
    expect((await rows('SHOW INDEXES ON spend')).map((r) => r[0])).toEqual([
      'spend_customer',
      'spend_primary_idx',
    ]);
    await c.query('DROP INDEX spend_customer');
    expect(await rows("SELECT n FROM spend WHERE customer = 'c5'")).toEqual([['101']]);
  });

  it('drops views with their dependents and frees their storage', async () => {
    await c.query('CREATE MATERIALIZED VIEW top_spend AS SELECT max(total) AS m FROM spend');
    await c.query('CREATE VIEW plain_over AS SELECT * FROM top_spend');
    expect((await error('DROP MATERIALIZED VIEW spend')).code).toBe('2BP01');
    const ids = (await rows(
      "SELECT 'm' || oid FROM pg_class WHERE relname IN ('spend', 'top_spend') ORDER BY 1",
    )) as string[][];
    await c.query('DROP MATERIALIZED VIEW spend CASCADE');
    expect((await error('SELECT * FROM plain_over')).code).toBe('42P01');
    expect(await rows('SHOW MATERIALIZED VIEWS')).toEqual([['big', 'default']]);
    // A view whose rows all go away keeps nothing in its state.
    await c.query(
      'CREATE MATERIALIZED VIEW per_id AS SELECT id, min(amount), count(*) FROM orders GROUP BY id',
    );
    const perId = (await rows("SELECT 'm' || oid FROM pg_class WHERE relname = 'per_id'"))[0]![0];
    await c.query('DELETE FROM orders');
    expect(await rows('SELECT count(*) FROM per_id')).toEqual([['0']]);
    await server!.stop();
    server = undefined;
    const store = Store.open(dataDir);
    try {
      const tables = store.tableIds();
      for (const [id] of ids) {
        for (const db of [id!, `${id}.s`, `${id}.e`]) expect(tables).not.toContain(db);
      }
      expect(tables).toContain(`${perId}.s`);
      const counts = store.read((snap) => [snap.count(perId as string), snap.count(`${perId}.s`)]);
      expect(counts).toEqual([0, 0]);
    } finally {
      await store.close();
    }
  });
});
