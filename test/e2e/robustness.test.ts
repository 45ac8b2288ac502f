// Bad input against the real server: huge values and statements, deep nesting, garbage SQL and
// garbage bytes, and cancellation of a running statement. Every case ends in a clear error (or a
// correct answer); the server, the session and the data survive.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { sendCancelRequest } from '../support/cancel.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE keep (id int PRIMARY KEY, v text)');
  await c.query("INSERT INTO keep VALUES (1, 'safe')");
});

afterAll(async () => {
  await server.stop();
});

async function code(sql: string, params?: unknown[]): Promise<string> {
  try {
    await c.query(sql, params);
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? 'no code';
  }
}

async function dataIntact(): Promise<void> {
  expect((await c.query('SELECT v FROM keep WHERE id = 1')).rows).toEqual([{ v: 'safe' }]);
}

describe('large and deep input', () => {
  it('handles a 10 MB string parameter and literal', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    expect((await c.query('SELECT length($1::text) AS n', [big])).rows).toEqual([
      { n: 10 * 1024 * 1024 },
    ]);
    expect((await c.query(`SELECT length('${big}') AS n`)).rows).toEqual([{ n: 10 * 1024 * 1024 }]);
    await c.query('INSERT INTO keep VALUES (2, $1)', [big]);
    expect((await c.query('SELECT length(v) AS n FROM keep WHERE id = 2')).rows).toEqual([
      { n: big.length },
    ]);
    await dataIntact();
  });

  it('answers a 10,000-element IN list', async () => {
    const list = Array.from({ length: 10_000 }, (_, i) => i).join(',');
    expect((await c.query(`SELECT 42 IN (${list}) AS hit`)).rows).toEqual([{ hit: true }]);
  });

  it('rejects absurd nesting with a clean error', async () => {
    const depth = 100_000;
    const sql = `SELECT ${'('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(['54001', '42601']).toContain(await code(sql));
    await dataIntact();
  });

  it('survives garbage SQL', async () => {
    const garbage = [
      'SELEC 1',
      "SELECT 'unterminated",
      'SELECT * FROM',
      ')))',
      'CREATE TABLE (',
      '\u0000\u0001',
      'SELECT $1',
      'INSERT INTO keep VALUES (1, 2, 3, 4)',
    ];
    for (const g of garbage) {
      const r = await code(g);
      expect(r, g).not.toBe('no code');
    }
    await dataIntact();
  });
});

describe('protocol abuse against the real engine', () => {
  it('keeps serving after a client sends garbage bytes', async () => {
    await new Promise<void>((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => {
        s.write(Buffer.from([0, 0, 0, 8, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0x51, 0, 0, 0, 2]));
      });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 2000);
    });
    await dataIntact();
  });
});

describe('cancellation', () => {
  it('cancels a running statement with a CancelRequest', async () => {
    const victim = await server.client();
    const started = Date.now();
    const running = victim.query('SELECT pg_sleep(30)').then(
      () => 'finished',
      (e: { code?: string }) => e.code ?? 'no code',
    );
    await new Promise((r) => setTimeout(r, 200));
    await sendCancelRequest(server.port, victim);
    expect(await running).toBe('57014');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await victim.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('cancels a long computation between slices', async () => {
    const victim = await server.client();
    const running = victim
      .query(
        'SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b WHERE a.a + b.b = 7',
      )
      .then(
        () => 'finished',
        (e: { code?: string }) => e.code ?? 'no code',
      );
    await new Promise((r) => setTimeout(r, 100));
    await sendCancelRequest(server.port, victim);
    expect(['57014', 'finished']).toContain(await running);
    expect((await victim.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});

describe('statement_timeout', () => {
  it('cancels a statement that runs too long', async () => {
    const s = await server.client();
    await s.query("SET statement_timeout = '200ms'");
    const started = Date.now();
    const e = await s.query('SELECT pg_sleep(5)').then(
      () => null,
      (err: { code?: string; message: string }) => err,
    );
    expect(e?.code).toBe('57014');
    expect(e?.message).toBe('canceling statement due to statement timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await s.query('RESET statement_timeout');
    expect((await s.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('stops a recursion that never ends, and other sessions are served meanwhile', async () => {
    const s = await server.client();
    const other = await server.client();
    await s.query("SET statement_timeout = '2s'");
    const running = s
      .query(
        'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t',
      )
      .then(
        () => null,
        (err: { code?: string; message: string }) => err,
      );
    // Between rounds the event loop runs: another session's query is answered meanwhile.
    const started = Date.now();
    expect((await other.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    expect(Date.now() - started).toBeLessThan(1500);
    const e = await running;
    expect(e?.code).toBe('57014');
    expect(e?.message).toBe('canceling statement due to statement timeout');
    expect((await s.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
