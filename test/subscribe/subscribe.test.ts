// SUBSCRIBE over the PostgreSQL protocol, through real clients: node-postgres with pg-cursor
// (plain SUBSCRIBE, batches read as they come), psql with COPY (SUBSCRIBE ...) TO STDOUT; the
// snapshot, then each tick's consolidated changes with its mz_timestamp, PROGRESS rows,
// SNAPSHOT = false, UP TO, errors, and cancellation.
import { spawn } from 'node:child_process';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { sendCancelRequest } from '../support/cancel.js';

let server: TestServer;
let writer: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  writer = await server.client();
  await writer.query('CREATE TABLE items (id int PRIMARY KEY, kind text, price int)');
  await writer.query("INSERT INTO items VALUES (1, 'a', 10), (2, 'b', 20), (3, 'a', 30)");
  await writer.query(
    'CREATE MATERIALIZED VIEW by_kind AS SELECT kind, count(*) AS n, sum(price) AS total FROM items GROUP BY kind',
  );
});

afterAll(async () => {
  await server?.stop();
});

type Rec = Record<string, unknown>;

async function open(
  sql: string,
): Promise<{ read(n: number): Promise<Rec[]>; close(): Promise<void> }> {
  const c = await server.client();
  const cursor = c.query(new Cursor(sql));
  return {
    read: (n) =>
      new Promise((resolve, reject) =>
        cursor.read(n, (e, rows) => (e ? reject(e) : resolve(rows as Rec[]))),
      ),
    close: async () => {
      await c.end();
    },
  };
}

/** Rows without their timestamp, sorted, as `diff:values` strings. */
function changes(rows: readonly Rec[], cols: readonly string[]): string[] {
  return rows.map((r) => `${String(r.mz_diff)}:${cols.map((c) => String(r[c])).join(',')}`).sort();
}

describe('SUBSCRIBE', () => {
  it('streams the snapshot then each change of a view, one timestamp per tick', async () => {
    const sub = await open('SUBSCRIBE TO by_kind');
    const snap = await sub.read(2);
    expect(changes(snap, ['kind', 'n', 'total'])).toEqual(['1:a,2,40', '1:b,1,20']);
    expect(snap[0]!.mz_timestamp).toBe(snap[1]!.mz_timestamp);
    await writer.query("INSERT INTO items VALUES (4, 'b', 5)");
    const t1 = await sub.read(2);
    expect(changes(t1, ['kind', 'n', 'total'])).toEqual(['-1:b,1,20', '1:b,2,25']);
    expect(t1[0]!.mz_timestamp).toBe(t1[1]!.mz_timestamp);
    expect(BigInt(t1[0]!.mz_timestamp as string)).toBeGreaterThan(
      BigInt(snap[0]!.mz_timestamp as string),
    );
    await writer.query('DELETE FROM items WHERE id = 2');
    expect(changes(await sub.read(2), ['kind', 'n', 'total'])).toEqual(['-1:b,2,25', '1:b,1,5']);
    await sub.close();
  });

  it('follows a query, with PROGRESS rows and without the snapshot', async () => {
    const sub = await open(
      'SUBSCRIBE (SELECT id, price FROM items WHERE price >= 10) WITH (SNAPSHOT = false, PROGRESS)',
    );
    // Without the snapshot, the first row is the progress of the starting tick.
    const [first] = await sub.read(1);
    expect(first).toMatchObject({ mz_progressed: true, mz_diff: null, id: null });
    await writer.query('UPDATE items SET price = 50 WHERE id = 1');
    const rows = await sub.read(3);
    const data = rows.filter((r) => r.mz_progressed === false);
    expect(changes(data, ['id', 'price'])).toEqual(['-1:1,10', '1:1,50']);
    expect(rows.at(-1)).toMatchObject({ mz_progressed: true });
    expect(BigInt(rows.at(-1)!.mz_timestamp as string)).toBeGreaterThan(
      BigInt(data[0]!.mz_timestamp as string),
    );
    await sub.close();
  });

  it('ends at UP TO', async () => {
    const c = await server.client();
    const upTo = Date.now() + 800;
    const done = c.query(`SUBSCRIBE TO items UP TO ${upTo}`);
    await writer.query("INSERT INTO items VALUES (10, 'c', 1)");
    const r = await done;
    const ids = r.rows.map((row: Rec) => row.id);
    expect(ids).toContain(10);
    expect(r.rows.every((row: Rec) => BigInt(row.mz_timestamp as string) < BigInt(upTo))).toBe(
      true,
    );
  });

  it('streams through psql COPY (SUBSCRIBE ...) TO STDOUT and stops on cancel', async () => {
    const psql = spawn(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(server.port),
        '-U',
        'eddy',
        'eddy',
        '-c',
        'COPY (SUBSCRIBE (SELECT id, kind FROM items WHERE id = 1)) TO STDOUT',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    psql.stdout.on('data', (d: Buffer) => (out += d.toString()));
    psql.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => psql.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 500));
    await writer.query("UPDATE items SET kind = 'z' WHERE id = 1");
    await new Promise((r) => setTimeout(r, 500));
    psql.kill('SIGINT');
    await exited;
    const lines = out
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(1).join(' '));
    expect(lines).toEqual(['1 1 a', '-1 1 a', '1 1 z']);
    expect(err).toContain('canceling statement due to user request');
  });

  it('reports errors with their SQLSTATE', async () => {
    const c = await server.client();
    await expect(c.query('SUBSCRIBE TO nope')).rejects.toMatchObject({ code: '42P01' });
    await expect(c.query('SUBSCRIBE (SELECT now())')).rejects.toMatchObject({ code: '0A000' });
    const sub = await open('SUBSCRIBE (SELECT 100 / (price - 50) AS q FROM items)');
    await expect(sub.read(10)).rejects.toMatchObject({ code: '22012' });
    await sub.close();
  });

  it('reads through DECLARE ... CURSOR FOR SUBSCRIBE and FETCH with a timeout', async () => {
    const c = await server.client();
    const other = await server.client();
    await expect(c.query('DECLARE early CURSOR FOR SUBSCRIBE TO items')).rejects.toMatchObject({
      code: '25P01',
    });
    await c.query('BEGIN');
    await c.query('DECLARE c CURSOR FOR SUBSCRIBE (SELECT id FROM items WHERE id >= 100)');
    // Nothing yet: FETCH waits at most the timeout, then returns no rows.
    const started = Date.now();
    const empty = await c.query("FETCH ALL c WITH (timeout = '300ms')");
    expect(empty.rows).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // Without a timeout FETCH waits for the next change.
    setTimeout(() => void other.query('INSERT INTO items VALUES (100, $1, 1)', ['d']), 200);
    const next = await c.query('FETCH 5 c');
    expect(next.rows.map((r: Rec) => [r.mz_diff, r.id])).toEqual([['1', 100]]);
    await c.query('CLOSE c');
    await expect(c.query('FETCH c')).rejects.toMatchObject({ code: '34000' });
    await c.query('ROLLBACK');
    // A SELECT cursor, read in pieces.
    await c.query('BEGIN');
    await c.query('DECLARE s CURSOR FOR SELECT id FROM items WHERE id < 4 ORDER BY id');
    expect((await c.query('FETCH 2 FROM s')).rows).toEqual([{ id: 1 }, { id: 3 }]);
    expect((await c.query('FETCH ALL s')).rows).toEqual([]);
    await c.query('COMMIT');
  });

  it('frees every subscription on CLOSE, ROLLBACK, cancel and disconnect', async () => {
    const health = async (): Promise<{ subscriptions: number }> =>
      (await fetch(`http://127.0.0.1:${server.httpPort}/api/health`)).json() as Promise<{
        subscriptions: number;
      }>;
    const base = (await health()).subscriptions;
    const c = await server.client();
    for (let i = 0; i < 1000; i++) {
      await c.query('BEGIN');
      await c.query('DECLARE c CURSOR FOR SUBSCRIBE TO by_kind');
      await c.query('FETCH ALL c');
      if (i % 2 === 0) await c.query('CLOSE c');
      await c.query(i % 3 === 0 ? 'ROLLBACK' : 'COMMIT');
    }
    for (let i = 0; i < 20; i++) {
      const sub = await open('SUBSCRIBE TO by_kind');
      await sub.read(1);
      await sub.close(); // disconnect
    }
    // A CancelRequest ends a streamed SUBSCRIBE.
    const streamed = await server.client();
    const running = streamed.query('SUBSCRIBE TO by_kind').then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 100));
    await sendCancelRequest(server.port, streamed);
    expect(await running).toMatchObject({ code: '57014' });
    for (let i = 0; i < 50 && (await health()).subscriptions > base; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await health()).subscriptions).toBe(base);
  });

  it('delivers every batch to pg-query-stream, not only the first', async () => {
    const c = await server.client();
    const stream = c.query(
      new QueryStream('SUBSCRIBE (SELECT id FROM items WHERE id >= 200)', [], { batchSize: 2 }),
    );
    const got: Rec[] = [];
    stream.on('data', (r: Rec) => got.push(r));
    for (const id of [200, 201, 202, 203]) {
      await writer.query('INSERT INTO items VALUES ($1, $2, 1)', [id, 'q']);
    }
    for (let i = 0; i < 200 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((r) => [r.mz_diff, r.id])).toEqual([
      ['1', 200],
      ['1', 201],
      ['1', 202],
      ['1', 203],
    ]);
    stream.destroy();
    await c.end();
  });

  it('speaks ENVELOPE UPSERT and orders rows WITHIN TIMESTAMP', async () => {
    await writer.query('CREATE TABLE kv (k int, v text)');
    await writer.query("INSERT INTO kv VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const sub = await open(
      'SUBSCRIBE kv ENVELOPE UPSERT (KEY (k)) WITHIN TIMESTAMP ORDER BY k DESC',
    );
    const states = (rows: Rec[]) => rows.map((r) => [r.mz_state, r.k, r.v]);
    expect(states(await sub.read(3))).toEqual([
      ['upsert', 3, 'c'],
      ['upsert', 2, 'b'],
      ['upsert', 1, 'a'],
    ]);
    await writer.query("UPDATE kv SET v = 'bb' WHERE k = 2");
    expect(states(await sub.read(1))).toEqual([['upsert', 2, 'bb']]);
    await writer.query('BEGIN');
    await writer.query('DELETE FROM kv WHERE k = 1');
    await writer.query("INSERT INTO kv VALUES (3, 'dup')");
    await writer.query('COMMIT');
    // One tick: both keys, in the requested order.
    expect(states(await sub.read(2))).toEqual([
      ['key_violation', 3, null],
      ['delete', 1, null],
    ]);
    await sub.close();
  });

  it('starts AS OF a past tick within the retained history of a view', async () => {
    await writer.query('CREATE TABLE hist (a int)');
    await writer.query('INSERT INTO hist VALUES (1), (2)');
    await writer.query(
      "CREATE MATERIALIZED VIEW hist_v WITH (RETAIN HISTORY FOR '1h') AS SELECT a FROM hist",
    );
    const health = (await (
      await fetch(`http://127.0.0.1:${server.httpPort}/api/health`)
    ).json()) as { sealedTick: number };
    const then = health.sealedTick;
    await writer.query('INSERT INTO hist VALUES (3)');
    await writer.query('DELETE FROM hist WHERE a = 1');
    const c = await server.client();
    const r = await c.query(`SUBSCRIBE hist_v AS OF ${then} UP TO ${Date.now() + 300}`);
    const rows = r.rows as Rec[];
    // The rows as they were at that tick, then each change since, in tick order.
    expect(rows.map((x) => [x.mz_diff, x.a])).toEqual(
      expect.arrayContaining([
        ['1', 1],
        ['1', 2],
      ]),
    );
    expect(rows.slice(2).map((x) => [x.mz_diff, x.a])).toEqual([
      ['1', 3],
      ['-1', 1],
    ]);
    expect(String(rows[0]!.mz_timestamp)).toBe(String(then));
    await expect(c.query('SUBSCRIBE hist_v AS OF 5')).rejects.toMatchObject({ code: '55000' });
    await expect(c.query(`SUBSCRIBE by_kind AS OF ${then}`)).rejects.toMatchObject({
      code: '0A000',
    });
  });

  it('fails a subscription whose client falls behind, with 53000, and frees it', async () => {
    const c = await server.client();
    await c.query('SET subscribe_backlog_rows = 5');
    await c.query('BEGIN');
    await c.query('DECLARE slow CURSOR FOR SUBSCRIBE (SELECT id FROM items WHERE id >= 300)');
    for (let i = 0; i < 10; i++)
      await writer.query('INSERT INTO items VALUES ($1, $2, 1)', [300 + i, 's']);
    await expect(c.query('FETCH ALL slow')).rejects.toMatchObject({ code: '53000' });
    await c.query('ROLLBACK');
  });
});
