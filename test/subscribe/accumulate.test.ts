// Randomized: several concurrent subscribers (views and a query), random writes tick after tick;
// after every write, each subscriber's accumulated stream (snapshot plus every change so far)
// equals a SELECT of what it follows. A write returns once its tick is sealed and published, so
// the subscriber's changes for it are already waiting (FETCH with a zero timeout).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A tiny deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Subscriber {
  readonly client: pg.Client;
  readonly select: string;
  readonly acc: Map<string, number>;
}

async function subscriber(target: string, select: string): Promise<Subscriber> {
  const client = await server.client();
  await client.query('BEGIN');
  await client.query(`DECLARE c CURSOR FOR SUBSCRIBE ${target}`);
  return { client, select, acc: new Map() };
}

async function drain(s: Subscriber): Promise<void> {
  const r = await s.client.query({ text: "FETCH ALL c WITH (timeout = '0s')", rowMode: 'array' });
  for (const row of r.rows as unknown[][]) {
    const key = JSON.stringify(row.slice(2));
    const n = (s.acc.get(key) ?? 0) + Number(row[1]);
    if (n === 0) s.acc.delete(key);
    else s.acc.set(key, n);
  }
}

function multiset(rows: unknown[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of rows) {
    const k = JSON.stringify(row);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('SUBSCRIBE accumulates to the view', () => {
  it('at every tick, for every subscriber', async () => {
    const w = await server.client();
    await w.query('CREATE TABLE o (id int PRIMARY KEY, cust int, amount int)');
    await w.query('CREATE TABLE c (id int PRIMARY KEY, region text)');
    await w.query("INSERT INTO c VALUES (1, 'n'), (2, 's'), (3, 'n'), (4, 'e')");
    await w.query(
      'CREATE MATERIALIZED VIEW by_region AS SELECT c.region, count(*) AS n, sum(o.amount) AS total FROM o JOIN c ON c.id = o.cust GROUP BY c.region',
    );
    await w.query('CREATE MATERIALIZED VIEW big AS SELECT id, amount FROM o WHERE amount > 50');
    const subs = [
      await subscriber('by_region', 'SELECT * FROM by_region'),
      await subscriber('big', 'SELECT * FROM big'),
      await subscriber(
        '(SELECT cust, max(amount) AS m FROM o GROUP BY cust)',
        'SELECT cust, max(amount) AS m FROM o GROUP BY cust',
      ),
    ];
    const rand = rng(20261201);
    let nextId = 1;
    const ids: number[] = [];
    let compared = 0;
    for (let tick = 0; tick < 60; tick++) {
      const p = rand();
      if (p < 0.5 || ids.length === 0) {
        const id = nextId++;
        ids.push(id);
        await w.query('INSERT INTO o VALUES ($1, $2, $3)', [
          id,
          1 + Math.floor(rand() * 5),
          Math.floor(rand() * 100),
        ]);
      } else if (p < 0.8) {
        const id = ids[Math.floor(rand() * ids.length)]!;
        await w.query('UPDATE o SET amount = $2, cust = $3 WHERE id = $1', [
          id,
          Math.floor(rand() * 100),
          1 + Math.floor(rand() * 5),
        ]);
      } else {
        const at = Math.floor(rand() * ids.length);
        await w.query('DELETE FROM o WHERE id = $1', [ids[at]]);
        ids.splice(at, 1);
      }
      for (const s of subs) {
        await drain(s);
        const now = await w.query({ text: s.select, rowMode: 'array' });
        expect(s.acc, `${s.select} after write ${tick}`).toEqual(multiset(now.rows as unknown[][]));
        compared++;
      }
    }
    expect(compared).toBe(180);
    for (const s of subs) await s.client.query('ROLLBACK');
  }, 60_000);
});
