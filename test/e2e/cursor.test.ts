// Row-limited Execute through real clients: pg-cursor reads a result in batches (portal
// suspension and resumption), pg-query-stream streams it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE nums (n int PRIMARY KEY)');
  await c.query('INSERT INTO nums SELECT g FROM generate_series(1, 250) g');
});

afterAll(async () => {
  await server.stop();
});

describe('cursors', () => {
  it('reads a result in batches with pg-cursor', async () => {
    const cursor = c.query(new Cursor('SELECT n FROM nums WHERE n > $1 ORDER BY n', [50]));
    const seen: number[] = [];
    for (;;) {
      const batch = (await cursor.read(64)) as { n: number }[];
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(64);
      seen.push(...batch.map((r) => r.n));
    }
    await cursor.close();
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 51));
  });

  it('streams every row with pg-query-stream', async () => {
    const stream = c.query(
      new QueryStream('SELECT n FROM nums ORDER BY n DESC', [], { batchSize: 16 }),
    );
    const seen: number[] = [];
    for await (const row of stream as AsyncIterable<{ n: number }>) seen.push(row.n);
    expect(seen.length).toBe(250);
    expect(seen[0]).toBe(250);
    expect(seen[249]).toBe(1);
  });
});
