// The HTTP API: POST /api/sql (one-shot statements as JSON, Materialize's shape) and
// /api/subscribe as Server-Sent Events, read with fetch's streaming body as a browser would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  base = `http://127.0.0.1:${server.httpPort}`;
});

afterAll(async () => {
  await server?.stop();
});

async function sql(body: unknown): Promise<{ results: Record<string, unknown>[] }> {
  const r = await fetch(`${base}/api/sql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { results: Record<string, unknown>[] };
}

/** Reads SSE events from a response until `count` change (non-progress) events arrived. */
async function events(r: Response, count: number): Promise<Record<string, unknown>[]> {
  const reader = r.body!.getReader();
  const out: Record<string, unknown>[] = [];
  let buf = '';
  while (out.filter((e) => e.progress !== true).length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += new TextDecoder().decode(value);
    let at;
    while ((at = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, at);
      buf = buf.slice(at + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data !== undefined) out.push(JSON.parse(data.slice(6)) as Record<string, unknown>);
    }
  }
  await reader.cancel();
  return out;
}

describe('HTTP API', () => {
  it('runs statements and returns rows, tags and errors as JSON', async () => {
    const r = await sql({
      query:
        "CREATE TABLE h (id int PRIMARY KEY, name text, score numeric); INSERT INTO h VALUES (1, 'a', 1.50), (2, NULL, 2); SELECT * FROM h ORDER BY id",
    });
    expect(r.results[0]).toEqual({ ok: 'CREATE TABLE', notices: [] });
    expect(r.results[1]).toEqual({ ok: 'INSERT 0 2', notices: [] });
    expect(r.results[2]).toMatchObject({
      tag: 'SELECT 2',
      rows: [
        [1, 'a', '1.50'],
        [2, null, '2'],
      ],
      desc: {
        columns: [
          { name: 'id', type_oid: 23 },
          { name: 'name', type_oid: 25 },
          { name: 'score', type_oid: 1700 },
        ],
      },
    });
    const withParams = await sql({
      queries: [{ query: 'SELECT name FROM h WHERE id = $1', params: ['1'] }],
    });
    expect(withParams.results[0]).toMatchObject({ rows: [['a']] });
    const failed = await sql({ query: 'SELECT 1/0; SELECT 2' });
    expect(failed.results).toEqual([{ error: { code: '22012', message: 'division by zero' } }]);
  });

  it('streams a view as Server-Sent Events', async () => {
    await sql({
      query: 'CREATE MATERIALIZED VIEW h_count AS SELECT count(*) AS n FROM h; SELECT 1',
    });
    const r = await fetch(`${base}/api/subscribe?query=h_count`);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const reading = events(r, 3);
    await new Promise((res) => setTimeout(res, 200));
    await sql({ query: "INSERT INTO h VALUES (3, 'c', 3)" });
    const got = await reading;
    const data = got.filter((e) => e.progress !== true);
    expect(data.map((e) => [e.diff, e.row])).toEqual([
      [1, { n: '2' }],
      [-1, { n: '2' }],
      [1, { n: '3' }],
    ]);
    // The change's two rows share a timestamp after the snapshot's.
    expect(data[1]!.timestamp).toBe(data[2]!.timestamp);
    expect(BigInt(data[1]!.timestamp as string)).toBeGreaterThan(
      BigInt(data[0]!.timestamp as string),
    );
    expect(got.some((e) => e.progress === true)).toBe(true);
  });

  it('resumes a stream after Last-Event-ID with exactly the changes after it', async () => {
    await sql({
      query:
        "CREATE TABLE r (a int); INSERT INTO r VALUES (1); CREATE MATERIALIZED VIEW r_v WITH (RETAIN HISTORY FOR '1h') AS SELECT a FROM r",
    });
    // First connection: the snapshot and the progress event that follows it.
    const first = await fetch(`${base}/api/subscribe?query=r_v`);
    const reader = first.body!.getReader();
    let buf = '';
    let lastId: string | undefined;
    while (lastId === undefined) {
      const { value } = await reader.read();
      buf += new TextDecoder().decode(value);
      lastId = /^id: (\d+)$/m.exec(buf)?.[1];
    }
    await reader.cancel();
    // Changes while disconnected.
    await sql({ query: 'INSERT INTO r VALUES (3)' });
    await sql({ query: 'UPDATE r SET a = 4 WHERE a = 3' });
    const again = await fetch(`${base}/api/subscribe?query=r_v`, {
      headers: { 'last-event-id': lastId },
    });
    const got = (await events(again, 3)).filter((e) => e.progress !== true);
    const ticks = [...new Set(got.map((e) => e.timestamp))];
    expect(ticks).toHaveLength(2);
    const pairs = got.map((e) => [e.diff as number, (e.row as { a: number }).a]);
    // The INSERT's tick, then the UPDATE's (its two rows in any order); nothing from before.
    expect(pairs[0]).toEqual([1, 3]);
    expect(pairs.slice(1).sort((x, y) => x[0]! - y[0]!)).toEqual([
      [-1, 3],
      [1, 4],
    ]);
  });
});
