// The WebSocket API at /api/ws (Materialize's message shape), through the `ws` client: queries,
// errors with their SQLSTATE, and a SUBSCRIBE streaming a view's changes until the socket closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

interface Msg {
  type: string;
  payload: unknown;
}

/** A socket with its messages queued, read in order with next(). */
async function connect(): Promise<{
  ws: WebSocket;
  next(): Promise<Msg>;
  until(t: string): Promise<Msg[]>;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/api/ws`);
  const queue: Msg[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    queue.push(JSON.parse(String(data)) as Msg);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (): Promise<Msg> => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift()!;
  };
  const until = async (type: string): Promise<Msg[]> => {
    const out: Msg[] = [];
    for (;;) {
      const m = await next();
      out.push(m);
      if (m.type === type) return out;
    }
  };
  return { ws, next, until };
}

async function health(): Promise<{ subscriptions: number; sessions: number }> {
  const r = await fetch(`http://127.0.0.1:${server.httpPort}/api/health`);
  return (await r.json()) as { subscriptions: number; sessions: number };
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('WebSocket API', () => {
  it('answers a SELECT with Rows, Row, CommandComplete and ReadyForQuery', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ query: "SELECT 1 AS a, 'x' AS b, 2::bigint AS c" }));
    expect(await c.until('ReadyForQuery')).toEqual([
      { type: 'CommandStarting', payload: { has_rows: true, is_streaming: false } },
      {
        type: 'Rows',
        payload: {
          columns: [
            { name: 'a', type_oid: 23 },
            { name: 'b', type_oid: 25 },
            { name: 'c', type_oid: 20 },
          ],
        },
      },
      { type: 'Row', payload: [1, 'x', '2'] },
      { type: 'CommandComplete', payload: 'SELECT 1' },
      { type: 'ReadyForQuery', payload: 'I' },
    ]);
    // The session lives on: a second request, with parameters, on the same socket.
    c.ws.send(
      JSON.stringify({
        queries: [
          { query: 'CREATE TABLE wt (id int, name text)' },
          { query: 'INSERT INTO wt VALUES ($1, $2)', params: ['7', null] },
          { query: 'SELECT * FROM wt' },
        ],
      }),
    );
    const msgs = await c.until('ReadyForQuery');
    expect(msgs.filter((m) => m.type === 'CommandComplete').map((m) => m.payload)).toEqual([
      'CREATE TABLE',
      'INSERT 0 1',
      'SELECT 1',
    ]);
    expect(msgs.filter((m) => m.type === 'Row').map((m) => m.payload)).toEqual([[7, null]]);
    c.ws.close();
  });

  it('answers a Materialize authentication message with ParameterStatus and ReadyForQuery', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ user: 'eddy', password: '' }));
    const msgs = await c.until('ReadyForQuery');
    expect(msgs.at(-1)).toEqual({ type: 'ReadyForQuery', payload: 'I' });
    expect(msgs.slice(0, -1).every((m) => m.type === 'ParameterStatus')).toBe(true);
    expect(msgs.map((m) => m.payload)).toContainEqual({ name: 'client_encoding', value: 'UTF8' });
    c.ws.close();
  });

  it('reports an error with its SQLSTATE and stops the request there', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ query: 'SELECT 1/0; SELECT 2' }));
    const msgs = await c.until('ReadyForQuery');
    expect(msgs.map((m) => m.type)).not.toContain('Row');
    expect(msgs.find((m) => m.type === 'Error')).toEqual({
      type: 'Error',
      payload: { message: 'division by zero', code: '22012' },
    });
    expect(msgs.at(-1)).toEqual({ type: 'ReadyForQuery', payload: 'I' });
    c.ws.send(JSON.stringify({ query: 'SELECT * FROM no_such_table' }));
    expect((await c.until('ReadyForQuery'))[0]).toMatchObject({
      type: 'Error',
      payload: { code: '42P01' },
    });
    c.ws.send('not json');
    expect((await c.until('ReadyForQuery'))[0]).toMatchObject({
      type: 'Error',
      payload: { code: '08P01' },
    });
    c.ws.close();
  });

  it('streams a SUBSCRIBE until the socket closes, then frees it', async () => {
    const pg = await server.client();
    await pg.query('CREATE TABLE ws_src (k int, v text)');
    await pg.query("INSERT INTO ws_src VALUES (1, 'a')");
    await pg.query('CREATE MATERIALIZED VIEW ws_mv AS SELECT k, v FROM ws_src');
    const before = await health();

    const c = await connect();
    c.ws.send(JSON.stringify({ query: 'SUBSCRIBE ws_mv' }));
    expect(await c.next()).toEqual({
      type: 'CommandStarting',
      payload: { has_rows: true, is_streaming: true },
    });
    expect(await c.next()).toMatchObject({
      type: 'Rows',
      payload: {
        columns: [
          { name: 'mz_timestamp', type_oid: 1700 },
          { name: 'mz_diff', type_oid: 20 },
          { name: 'k', type_oid: 23 },
          { name: 'v', type_oid: 25 },
        ],
      },
    });
    const snapshot = (await c.next()) as {
      type: string;
      payload: [string, string, number, string];
    };
    expect(snapshot.type).toBe('Row');
    expect(snapshot.payload.slice(1)).toEqual(['1', 1, 'a']);
    expect(snapshot.payload[0]).toMatch(/^\d+$/);
    expect(await health()).toMatchObject({
      subscriptions: before.subscriptions + 1,
      sessions: before.sessions + 1,
    });

    await pg.query("UPDATE ws_src SET v = 'b' WHERE k = 1");
    const changes = [
      (await c.next()) as { type: string; payload: [string, string, number, string] },
      (await c.next()) as { type: string; payload: [string, string, number, string] },
    ];
    expect(changes.map((m) => m.type)).toEqual(['Row', 'Row']);
    expect(changes.map((m) => m.payload.slice(1)).sort()).toEqual([
      ['-1', 1, 'a'],
      ['1', 1, 'b'],
    ]);
    expect(changes[0]!.payload[0]).toBe(changes[1]!.payload[0]);
    expect(BigInt(changes[0]!.payload[0])).toBeGreaterThan(BigInt(snapshot.payload[0]));

    c.ws.close();
    await waitFor(async () => (await health()).subscriptions === before.subscriptions);
    expect(await health()).toMatchObject({
      subscriptions: before.subscriptions,
      sessions: before.sessions,
    });
  });

  it('ends a running SUBSCRIBE when the client sends another message', async () => {
    const pg = await server.client();
    await pg.query('CREATE TABLE ws_src2 (k int)');
    await pg.query('INSERT INTO ws_src2 VALUES (5)');
    const before = (await health()).subscriptions;
    const c = await connect();
    c.ws.send(JSON.stringify({ query: 'SUBSCRIBE (SELECT k FROM ws_src2)' }));
    await c.until('Row');
    expect((await health()).subscriptions).toBe(before + 1);
    c.ws.send(JSON.stringify({ query: 'SELECT 42' }));
    const ended = await c.until('ReadyForQuery');
    expect(ended.slice(-2)).toEqual([
      { type: 'CommandComplete', payload: 'SUBSCRIBE 1' },
      { type: 'ReadyForQuery', payload: 'I' },
    ]);
    const next = await c.until('ReadyForQuery');
    expect(next.filter((m) => m.type === 'Row')).toEqual([{ type: 'Row', payload: [42] }]);
    expect((await health()).subscriptions).toBe(before);
    c.ws.close();
  });
});
