// Indexes on materialized views under change. An index whose columns hold a key of the view (a
// GROUP BY key; a table's primary key kept through a join that matches each row at most once)
// stores one entry per key value and answers a lookup with one read; any other index stores one
// entry per row. Random writes to the tables, then point lookups through each index compared
// with the same rows found by a scan (a predicate no index serves), before and after a restart.
// The stored shape is checked too, so that the unique layout is really the one being exercised;
// an index on exactly the key the view's contents are arranged by reads the contents themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, Store } from '../../src/storage/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'eddy-indexes-'));
let server: TestServer | undefined;
let c: pg.Client;

const CUSTOMERS = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];

/** Lookups: [view, indexed column list, same rows by a scan]. */
const LOOKUPS = [
  {
    name: 'spend by customer',
    lookup: 'SELECT * FROM spend WHERE customer = $1',
    scan: "SELECT * FROM spend WHERE customer || '' = $1",
    key: () => pick(CUSTOMERS),
  },
  {
    name: 'spend by (customer, n)',
    lookup: 'SELECT * FROM spend WHERE customer = $1 AND n = $2',
    scan: "SELECT * FROM spend WHERE customer || '' = $1 AND n + 0 = $2",
    key: () => [pick(CUSTOMERS)[0], String(1 + Math.floor(rng() * 4))],
  },
  {
    name: 'spend by total (not unique)',
    lookup: 'SELECT * FROM spend WHERE total = $1',
    scan: 'SELECT * FROM spend WHERE total + 0 = $1',
    key: () => [String(Math.floor(rng() * 30))],
  },
  {
    name: 'enriched by id',
    lookup: 'SELECT * FROM enriched WHERE id = $1',
    scan: 'SELECT * FROM enriched WHERE id + 0 = $1',
    key: () => [String(1 + Math.floor(rng() * 40))],
  },
  {
    name: 'lefty by id',
    lookup: 'SELECT * FROM lefty WHERE id = $1',
    scan: 'SELECT * FROM lefty WHERE id + 0 = $1',
    key: () => [String(1 + Math.floor(rng() * 40))],
  },
  {
    name: 'enriched by region (not unique)',
    lookup: 'SELECT * FROM enriched WHERE region = $1',
    scan: "SELECT * FROM enriched WHERE region || '' = $1",
    key: () => [pick(['north', 'south', 'east'])[0]],
  },
];

let seed = 20261202;
function rng(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
function pick<T>(xs: readonly T[]): [T] {
  return [xs[Math.floor(rng() * xs.length)]!];
}

beforeAll(async () => {
  server = await startTestServer(dataDir);
  c = await server.client();
  await c.query('CREATE TABLE orders (id int PRIMARY KEY, customer text, amount int)');
  await c.query('CREATE TABLE customers (name text PRIMARY KEY, region text)');
  await c.query(
    'CREATE MATERIALIZED VIEW spend AS SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer',
  );
  await c.query(
    'CREATE MATERIALIZED VIEW enriched AS SELECT o.id, o.amount, c.region FROM orders o JOIN customers c ON c.name = o.customer',
  );
  await c.query(
    'CREATE MATERIALIZED VIEW lefty AS SELECT o.id, c.region FROM orders o LEFT JOIN customers c ON c.name = o.customer',
  );
  await c.query('CREATE INDEX ON spend (customer)');
  await c.query('CREATE INDEX ON spend (customer, n)');
  await c.query('CREATE INDEX ON spend (total)');
  await c.query('CREATE INDEX ON enriched (id)');
  await c.query('CREATE INDEX ON enriched (region)');
  // Created after rows exist: filled from the view's contents.
  await c.query("INSERT INTO customers VALUES ('ann', 'north'), ('bob', 'south')");
  await c.query("INSERT INTO orders VALUES (1, 'ann', 5), (2, 'bob', 7), (3, 'ann', 1)");
  await c.query('CREATE INDEX ON lefty (id)');
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function sorted(text: string, values: unknown[], name?: string): Promise<string[]> {
  const r = await c.query({ text, values, rowMode: 'array', ...(name ? { name } : {}) });
  return (r.rows as unknown[][]).map((row) => JSON.stringify(row)).sort();
}

/** One random write to the tables. */
async function write(): Promise<void> {
  const id = 1 + Math.floor(rng() * 40);
  const r = rng();
  if (r < 0.35) {
    await c.query(
      'INSERT INTO orders VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount',
      [id, pick(CUSTOMERS)[0], Math.floor(rng() * 10)],
    );
  } else if (r < 0.55) {
    await c.query('UPDATE orders SET customer = $2 WHERE id = $1', [id, pick(CUSTOMERS)[0]]);
  } else if (r < 0.7) {
    await c.query('UPDATE orders SET amount = amount + 1 WHERE customer = $1', pick(CUSTOMERS));
  } else if (r < 0.8) {
    await c.query('DELETE FROM orders WHERE id = $1', [id]);
  } else if (r < 0.92) {
    await c.query(
      'INSERT INTO customers VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET region = EXCLUDED.region',
      [pick(CUSTOMERS)[0], pick(['north', 'south', 'east'])[0]],
    );
  } else {
    await c.query('DELETE FROM customers WHERE name = $1', pick(CUSTOMERS));
  }
}

/** Each view, and the same query run over the tables now. */
const VIEWS = [
  ['spend', 'SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer'],
  [
    'enriched',
    'SELECT o.id, o.amount, c.region FROM orders o JOIN customers c ON c.name = o.customer',
  ],
  ['lefty', 'SELECT o.id, c.region FROM orders o LEFT JOIN customers c ON c.name = o.customer'],
];

async function checkLookups(round: number): Promise<void> {
  for (const [view, query] of VIEWS)
    expect(await sorted(`SELECT * FROM ${view}`, []), `${view} after write ${round}`).toEqual(
      await sorted(query!, []),
    );
  for (const [i, l] of LOOKUPS.entries()) {
    const key = l.key();
    const scanned = await sorted(l.scan, key);
    const looked = await sorted(l.lookup, key, `lookup${i}`);
    expect(looked, `${l.name} ${JSON.stringify(key)} after write ${round}`).toEqual(scanned);
  }
}

describe('indexes on materialized views', () => {
  it('the lookups read the indexes (EXPLAIN)', async () => {
    for (const [sql, index] of [
      ["SELECT * FROM spend WHERE customer = 'ann'", 'spend_customer_idx'],
      ['SELECT * FROM enriched WHERE id = 1', 'enriched_id_idx'],
      ["SELECT * FROM enriched WHERE region = 'x'", 'enriched_region_idx'],
      ['SELECT * FROM lefty WHERE id = 1', 'lefty_id_idx'],
    ]) {
      const plan = (await c.query({ text: `EXPLAIN ${sql}`, rowMode: 'array' })).rows.flat();
      expect(plan.join('\n')).toContain(`index ${index} lookup of 1 key`);
    }
  });

  it('answer point lookups exactly as a scan does, through random writes', async () => {
    for (let round = 0; round < 250; round++) {
      await write();
      await checkLookups(round);
    }
  });

  it('store one entry per key in a unique index, one per row otherwise', async () => {
    // Storage ids: 'i' || oid for an index, 'm' || oid for a materialized view.
    const ids = new Map(
      (
        await c.query({
          text: "SELECT relname, (CASE relkind WHEN 'i' THEN 'i' ELSE 'm' END) || oid FROM pg_class WHERE relkind IN ('i', 'm')",
          rowMode: 'array',
        })
      ).rows as [string, string][],
    );
    const customers = (await c.query({ text: 'SELECT customer, n FROM spend', rowMode: 'array' }))
      .rows as [string, string][];
    const totals = (await c.query({ text: 'SELECT total FROM spend', rowMode: 'array' })).rows as [
      string,
    ][];
    await server!.stop();
    server = undefined;
    const store = Store.open(dataDir);
    try {
      const snap = store.snapshot();
      try {
        const keysOf = (name: string): string[] =>
          [...snap.scanBytes(ids.get(name)!)].map(([k]) => k.toString('hex')).sort();
        // Contents arranged by the view's key: one entry per customer, under its value; an index
        // on exactly that key reads them and has no database of its own.
        expect(keysOf('spend')).toEqual(
          customers.map(([cu]) => encodeKey([cu]).toString('hex')).sort(),
        );
        expect(store.tableIds()).not.toContain(ids.get('spend_customer_idx'));
        expect(store.tableIds()).toContain(ids.get('spend_customer_n_idx'));
        // Unique (its columns hold the key), a database of its own: one entry per value.
        expect(keysOf('spend_customer_n_idx')).toEqual(
          customers.map(([cu, n]) => encodeKey([cu, BigInt(n)]).toString('hex')).sort(),
        );
        // Not unique: each entry's key is the index value followed by the row's own key.
        const byTotal = keysOf('spend_total_idx');
        expect(byTotal).toHaveLength(totals.length);
        for (const k of byTotal)
          expect(totals.some(([t]) => k.startsWith(encodeKey([BigInt(t)]).toString('hex')))).toBe(
            true,
          );
        expect(
          byTotal.every((k) => !totals.some(([t]) => k === encodeKey([BigInt(t)]).toString('hex'))),
        ).toBe(true);
      } finally {
        snap.release();
      }
    } finally {
      store.close();
    }
    server = await startTestServer(dataDir);
    c = await server.client();
  });

  it('keys too long for LMDB are hashed and still found, changed and deleted', async () => {
    await c.query('CREATE TABLE docs (id int PRIMARY KEY, body text)');
    await c.query(
      'CREATE MATERIALIZED VIEW by_body AS SELECT body, count(*) AS n FROM docs GROUP BY body',
    );
    await c.query('CREATE INDEX ON by_body (body)');
    const body = (i: number): string => `${'x'.repeat(3000)}${i}`;
    const lookup = async (i: number): Promise<unknown[]> =>
      (
        await c.query({
          name: 'by_body',
          text: 'SELECT n FROM by_body WHERE body = $1',
          values: [body(i)],
          rowMode: 'array',
        })
      ).rows.flat();
    for (let id = 1; id <= 6; id++)
      await c.query('INSERT INTO docs VALUES ($1, $2)', [id, body(id % 3)]);
    expect([await lookup(0), await lookup(1), await lookup(2), await lookup(3)]).toEqual([
      ['2'],
      ['2'],
      ['2'],
      [],
    ]);
    await c.query('UPDATE docs SET body = $1 WHERE id = 1', [body(3)]);
    await c.query('DELETE FROM docs WHERE id IN (2, 5)');
    expect([await lookup(0), await lookup(1), await lookup(2), await lookup(3)]).toEqual([
      ['2'],
      ['1'],
      [],
      ['1'],
    ]);
    expect(await sorted('SELECT length(body), n FROM by_body', [])).toEqual(
      await sorted('SELECT length(body), count(*) FROM docs GROUP BY body', []),
    );
  });

  it('keep answering exactly after a restart', async () => {
    for (let round = 0; round < 60; round++) {
      await checkLookups(round);
      await write();
    }
  });
});
