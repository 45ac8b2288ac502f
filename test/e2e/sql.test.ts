// End-to-end through node-postgres: DDL, DML, transactions, errors, the extended protocol and
// restart durability, against a real Eddy server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
});

afterAll(async () => {
  await server.stop();
});

async function rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
  const r = await c.query({ text: sql, values: params, rowMode: 'array' });
  return r.rows as unknown[][];
}

async function error(
  sql: string,
  params?: unknown[],
): Promise<{ code: string; message: string; position?: string }> {
  try {
    await c.query(sql, params);
  } catch (e) {
    const err = e as { code: string; message: string; position?: string };
    return { code: err.code, message: err.message, position: err.position };
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('tables and DML', () => {
  it('creates, inserts, selects, updates and deletes', async () => {
    await c.query(
      'CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) DEFAULT 0, tags text)',
    );
    const ins = await c.query(
      "INSERT INTO items (id, name, price) VALUES (1, 'apple', 1.5), (2, 'pear', 2.25), (3, 'fig', NULL)",
    );
    expect(ins.command).toBe('INSERT');
    expect(ins.rowCount).toBe(3);
    expect(await rows('SELECT id, name, price FROM items ORDER BY id')).toEqual([
      [1, 'apple', '1.50'],
      [2, 'pear', '2.25'],
      [3, 'fig', null],
    ]);
    await c.query("INSERT INTO items (id, name) VALUES (4, 'kiwi')");
    expect(await rows('SELECT price FROM items WHERE id = 4')).toEqual([['0.00']]);
    const upd = await c.query('UPDATE items SET price = price * 2 WHERE price > 2');
    expect(upd.rowCount).toBe(1);
    expect(await rows('SELECT price FROM items WHERE id = 2')).toEqual([['4.50']]);
    const del = await c.query('DELETE FROM items WHERE price IS NULL');
    expect(del.rowCount).toBe(1);
    expect(await rows('SELECT count(*) FROM items')).toEqual([['3']]);
  });

  it('enforces the primary key and NOT NULL with PostgreSQL errors', async () => {
    const dup = await error("INSERT INTO items (id, name) VALUES (1, 'again')");
    expect(dup.code).toBe('23505');
    expect(dup.message).toBe('duplicate key value violates unique constraint "items_pkey"');
    const nn = await error('INSERT INTO items (id) VALUES (9)');
    expect(nn.code).toBe('23502');
    expect(nn.message).toBe(
      'null value in column "name" of relation "items" violates not-null constraint',
    );
    expect(await rows('SELECT count(*) FROM items')).toEqual([['3']]);
  });

  it('supports RETURNING', async () => {
    expect(
      await rows(
        "INSERT INTO items (id, name, price) VALUES (10, 'plum', 3) RETURNING id, upper(name), price",
      ),
    ).toEqual([[10, 'PLUM', '3.00']]);
    expect(await rows('DELETE FROM items WHERE id = 10 RETURNING name')).toEqual([['plum']]);
  });

  it('runs INSERT ... SELECT and UPDATE ... FROM', async () => {
    await c.query('CREATE TABLE log (item int, note text)');
    await c.query("INSERT INTO log SELECT id, name || '!' FROM items WHERE id < 3");
    expect(await rows('SELECT * FROM log ORDER BY item')).toEqual([
      [1, 'apple!'],
      [2, 'pear!'],
    ]);
    await c.query('UPDATE log SET note = i.name FROM items i WHERE i.id = log.item AND i.id = 2');
    expect(await rows('SELECT note FROM log WHERE item = 2')).toEqual([['pear']]);
  });

  it('keeps duplicate rows in tables without a primary key', async () => {
    await c.query('CREATE TABLE bag (x int)');
    await c.query('INSERT INTO bag VALUES (1), (1), (2)');
    expect(await rows('SELECT x, count(*) FROM bag GROUP BY x ORDER BY x')).toEqual([
      [1, '2'],
      [2, '1'],
    ]);
    await c.query('DELETE FROM bag WHERE x = 1');
    expect(await rows('SELECT * FROM bag')).toEqual([[2]]);
  });
});

describe('transactions', () => {
  it('makes writes visible at COMMIT and discards them at ROLLBACK', async () => {
    const other = await server.client();
    await c.query('CREATE TABLE acct (id int PRIMARY KEY, bal int)');
    await c.query('BEGIN');
    await c.query('INSERT INTO acct VALUES (1, 100), (2, 50)');
    expect(await rows('SELECT sum(bal) FROM acct')).toEqual([['150']]);
    expect((await other.query('SELECT count(*) AS n FROM acct')).rows).toEqual([{ n: '0' }]);
    await c.query('COMMIT');
    expect((await other.query('SELECT count(*) AS n FROM acct')).rows).toEqual([{ n: '2' }]);
    await c.query('BEGIN');
    await c.query('UPDATE acct SET bal = 0');
    await c.query('ROLLBACK');
    expect(await rows('SELECT sum(bal) FROM acct')).toEqual([['150']]);
  });

  it('fails the block after an error until ROLLBACK', async () => {
    await c.query('BEGIN');
    await error('SELECT 1/0');
    const aborted = await error('SELECT 1');
    expect(aborted.code).toBe('25P02');
    const r = await c.query('COMMIT');
    expect(r.command).toBe('ROLLBACK');
    expect(await rows('SELECT 1')).toEqual([[1]]);
  });

  it('refuses a primary key that another transaction committed first', async () => {
    const other = await server.client();
    await c.query('CREATE TABLE race (id int PRIMARY KEY, who text)');
    await c.query('BEGIN');
    await other.query('BEGIN');
    await c.query("INSERT INTO race VALUES (1, 'first')");
    await other.query("INSERT INTO race VALUES (1, 'second')");
    await c.query('COMMIT');
    const e = await other.query('COMMIT').then(
      () => 'committed',
      (err: { code?: string }) => err.code,
    );
    expect(e).toBe('23505');
    expect(await rows('SELECT who FROM race')).toEqual([['first']]);
    expect((await other.query('SELECT count(*) AS n FROM race')).rows).toEqual([{ n: '1' }]);
  });

  it('runs a multi-statement simple query as one implicit transaction', async () => {
    await c.query('CREATE TABLE implicit (x int)');
    await error('INSERT INTO implicit VALUES (1); SELECT 1/0');
    expect(await rows('SELECT count(*) FROM implicit')).toEqual([['0']]);
  });
});

describe('errors', () => {
  it('reports syntax errors with a position', async () => {
    const e = await error('SELECT * FROM WHERE x');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('syntax error at or near "WHERE"');
    expect(e.position).toBe('15');
  });

  it('reports unknown relations and columns', async () => {
    expect((await error('SELECT * FROM nope')).code).toBe('42P01');
    const col = await error('SELECT nope FROM items');
    expect(col.code).toBe('42703');
    expect(col.message).toBe('column "nope" does not exist');
    expect(col.position).toBe('8');
  });

  it('reports data errors with their SQLSTATE', async () => {
    expect((await error('SELECT 1/0')).code).toBe('22012');
    expect((await error("SELECT 'abc'::int")).code).toBe('22P02');
    expect((await error('SELECT 2147483647 + 1')).code).toBe('22003');
    expect((await error('SELECT (SELECT x FROM bag UNION ALL SELECT 3)')).code).toBe('21000');
  });

  it('keeps the connection usable after errors', async () => {
    expect(await rows('SELECT 42')).toEqual([[42]]);
  });
});

describe('extended protocol', () => {
  it('binds parameters and reuses named prepared statements', async () => {
    const q = { name: 'by_id', text: 'SELECT name FROM items WHERE id = $1', values: [1] };
    expect((await c.query(q)).rows).toEqual([{ name: 'apple' }]);
    expect((await c.query({ ...q, values: [2] })).rows).toEqual([{ name: 'pear' }]);
  });

  it('infers parameter types from context', async () => {
    expect(await rows('SELECT $1::int + $2', [40, 2])).toEqual([[42]]);
    expect(await rows('SELECT count(*) FROM items WHERE name = $1', ['apple'])).toEqual([['1']]);
  });
});

describe('settings', () => {
  it('SETs, SHOWs and RESETs', async () => {
    await c.query("SET application_name = 'eddy-test'");
    expect(await rows('SHOW application_name')).toEqual([['eddy-test']]);
    expect(await rows("SELECT current_setting('application_name')")).toEqual([['eddy-test']]);
    await c.query('RESET application_name');
    expect(await rows('SHOW application_name')).toEqual([['']]);
    expect((await error('SHOW no_such_setting')).code).toBe('42704');
  });
});

describe('durability', () => {
  it('keeps tables and rows across a restart', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      (await import('node:path')).join((await import('node:os')).tmpdir(), 'eddy-restart-'),
    );
    const s1 = await startTestServer(dir);
    const a = await s1.client();
    await a.query('CREATE TABLE kept (id int PRIMARY KEY, v text)');
    await a.query("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
    await a.query('CREATE VIEW kept_v AS SELECT v FROM kept WHERE id > 1');
    await s1.stop();
    const s2 = await startTestServer(dir);
    const b = await s2.client();
    expect((await b.query('SELECT * FROM kept ORDER BY id')).rows).toEqual([
      { id: 1, v: 'one' },
      { id: 2, v: 'two' },
    ]);
    expect((await b.query('SELECT * FROM kept_v')).rows).toEqual([{ v: 'two' }]);
    await s2.stop();
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  });
});

describe('more statements', () => {
  it('upserts with ON CONFLICT', async () => {
    await c.query('CREATE TABLE kv (k text PRIMARY KEY, v int, n int DEFAULT 0)');
    await c.query("INSERT INTO kv VALUES ('a', 1), ('b', 2)");
    await c.query(
      "INSERT INTO kv VALUES ('a', 10), ('c', 3) ON CONFLICT (k) DO UPDATE SET v = kv.v + excluded.v, n = kv.n + 1",
    );
    await c.query("INSERT INTO kv VALUES ('b', 99) ON CONFLICT DO NOTHING");
    await c.query(
      "INSERT INTO kv VALUES ('c', 5) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE kv.v > 100",
    );
    expect(await rows('SELECT k, v, n FROM kv ORDER BY k')).toEqual([
      ['a', 11, 1],
      ['b', 2, 0],
      ['c', 3, 0],
    ]);
    expect(
      (await error("INSERT INTO kv VALUES ('z', 1), ('z', 2) ON CONFLICT (k) DO UPDATE SET v = 0"))
        .code,
    ).toBe('21000');
    expect((await error("INSERT INTO kv VALUES ('a', 1) ON CONFLICT (v) DO NOTHING")).code).toBe(
      '42P10',
    );
  });

  it('creates tables from queries and truncates them', async () => {
    const r = await c.query(
      "CREATE TABLE snap AS SELECT k, v * 2 AS doubled FROM kv WHERE k <> 'b'",
    );
    expect(r.command).toBe('SELECT');
    expect(r.rowCount).toBe(2);
    expect(await rows('SELECT * FROM snap ORDER BY k')).toEqual([
      ['a', 22],
      ['c', 6],
    ]);
    await c.query('TRUNCATE snap');
    expect(await rows('SELECT count(*) FROM snap')).toEqual([['0']]);
    // WITH NO DATA (an unpopulated materialized view) is PostgreSQL-only.
    expect((await error('CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA')).code).toBe(
      '0A000',
    );
  });

  it('infers parameter types of UPDATE and DELETE at Parse', async () => {
    await c.query('CREATE TABLE prm (id int PRIMARY KEY, b int)');
    await c.query({ text: 'INSERT INTO prm VALUES ($1, $2)', values: [1, 10] });
    const u = await c.query({ text: 'UPDATE prm SET b = b + $2 WHERE id = $1', values: [1, 5] });
    expect(u.rowCount).toBe(1);
    expect(await rows('SELECT b FROM prm')).toEqual([[15]]);
    const d = await c.query({ text: 'DELETE FROM prm WHERE id = $1', values: [1] });
    expect(d.rowCount).toBe(1);
  });

  it('fails a commit whose updated row another transaction changed first (no lost update)', async () => {
    await c.query('CREATE TABLE lost (id int PRIMARY KEY, n int)');
    await c.query('INSERT INTO lost VALUES (1, 0), (2, 0)');
    const other = await server.client();
    await c.query('BEGIN');
    await c.query('UPDATE lost SET n = n + 1 WHERE id = 1');
    await c.query('DELETE FROM lost WHERE id = 2');
    await other.query('UPDATE lost SET n = n + 10 WHERE id = 1');
    const e = await error('COMMIT');
    expect(e.code).toBe('40001');
    expect(await rows('SELECT id, n FROM lost ORDER BY id')).toEqual([
      [1, 10],
      [2, 0],
    ]);
    // Without interference the same transaction commits.
    await c.query('BEGIN');
    await c.query('UPDATE lost SET n = n + 1 WHERE id = 1');
    await c.query('COMMIT');
    expect(await rows('SELECT n FROM lost WHERE id = 1')).toEqual([[11]]);
  });

  it('binds each statement of a simple query after the ones before it ran', async () => {
    const r = (await c.query(
      'CREATE TABLE script_t (a int); INSERT INTO script_t VALUES (1), (2); SELECT sum(a) FROM script_t',
    )) as unknown as { rows: unknown[] }[];
    expect(r.at(-1)!.rows).toEqual([{ sum: '3' }]);
  });

  it('enforces view dependencies', async () => {
    await c.query('CREATE TABLE base (x int)');
    await c.query('CREATE VIEW over_base AS SELECT x FROM base');
    const e = await error('DROP TABLE base');
    expect(e.code).toBe('2BP01');
    await c.query('DROP TABLE base CASCADE');
    expect((await error('SELECT * FROM over_base')).code).toBe('42P01');
  });

  it('refuses unknown databases with 3D000', async () => {
    const pgmod = await import('pg');
    const other = new pgmod.default.Client({
      host: '127.0.0.1',
      port: server.port,
      user: 'eddy',
      database: 'nope',
    });
    const e = await other.connect().then(
      () => 'connected',
      (err: { code?: string }) => err.code,
    );
    expect(e).toBe('3D000');
  });
});

describe('primary-key lookups', () => {
  it('reads only the keys a query names, and says so in EXPLAIN', async () => {
    await c.query('CREATE TABLE pk2 (a int, b text, v int, PRIMARY KEY (a, b))');
    await c.query(
      "INSERT INTO pk2 SELECT g, 'k' || (g % 3), g * 10 FROM generate_series(1, 500) g",
    );
    const plan = (await rows("EXPLAIN SELECT v FROM pk2 WHERE a = 7 AND b = 'k1'"))
      .map((r) => r[0])
      .join('\n');
    expect(plan).toContain('Read pk2 (primary key lookup of 1 key, no scan)');
    expect(await rows("SELECT v FROM pk2 WHERE a = 7 AND b = 'k1'")).toEqual([[70]]);
    expect(await rows("SELECT v FROM pk2 WHERE a = 7 AND b = 'k2'")).toEqual([]);
    expect(
      await rows("SELECT v FROM pk2 WHERE (a = 3 OR a = 6 OR a = 3) AND b = 'k0' ORDER BY v"),
    ).toEqual([[30], [60]]);
    expect(await rows("SELECT a FROM pk2 WHERE a IN (4, 5) AND b = 'k1' AND v > 0")).toEqual([[4]]);
    await c.query("UPDATE pk2 SET v = -1 WHERE a = 4 AND b = 'k1'");
    await c.query("DELETE FROM pk2 WHERE a = 5 AND b = 'k2'");
    expect(await rows('SELECT a, v FROM pk2 WHERE a IN (4, 5) ORDER BY a')).toEqual([[4, -1]]);
    await c.query('BEGIN');
    await c.query("INSERT INTO pk2 VALUES (1000, 'x', 1)");
    expect(await rows("SELECT v FROM pk2 WHERE a = 1000 AND b = 'x'")).toEqual([[1]]);
    await c.query('ROLLBACK');
    expect(await rows("SELECT v FROM pk2 WHERE a = 1000 AND b = 'x'")).toEqual([]);
  });
});
