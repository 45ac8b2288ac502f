// Differential testing: generated tables, data and queries run on Eddy and on a real PostgreSQL;
// results must be equal (as multisets, or in order where ORDER BY fixes it) and errors must have
// the same SQLSTATE. Seeded and reproducible: a failure prints the seed, setup and query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startPair, type Pair } from '../support/pair.js';
import {
  Rng,
  TABLES,
  advancedQuery,
  query,
  setupStatements,
  typedQuery,
  typedSetup,
} from './generator.js';

const SEEDS = Number(process.env.EDDY_DIFF_SEEDS ?? 40);
const QUERIES_PER_SEED = Number(process.env.EDDY_DIFF_QUERIES ?? 60);
const BASE_SEED = Number(process.env.EDDY_DIFF_SEED ?? 20261123);

let pair: Pair;
let e: pg.Client;
let p: pg.Client;

beforeAll(async () => {
  pair = await startPair();
  ({ e, p } = pair);
}, 180_000);

afterAll(async () => {
  await pair?.stop();
});

type Outcome = { ok: true; rows: string[] } | { ok: false; code: string; message: string };

async function run(c: pg.Client, sql: string): Promise<Outcome> {
  try {
    const r = await c.query({
      text: sql,
      rowMode: 'array',
      types: { getTypeParser: () => (v: string) => v } as never,
    });
    return { ok: true, rows: (r.rows as unknown[][]).map((row) => JSON.stringify(row)) };
  } catch (err) {
    const x = err as { code?: string; message: string };
    return { ok: false, code: x.code ?? '?', message: x.message };
  }
}

describe('differential against PostgreSQL', () => {
  for (let i = 0; i < SEEDS; i++) {
    const seed = BASE_SEED + i;
    it(`seed ${seed}`, async () => {
      const rng = new Rng(seed);
      for (const c of [e, p]) {
        for (const t of [...TABLES.map((x) => x.name), 't5'])
          await c.query(`DROP TABLE IF EXISTS ${t}`);
      }
      const setup = [...setupStatements(rng), ...typedSetup(rng)];
      for (const stmt of setup) {
        await e.query(stmt);
        await p.query(stmt);
      }
      let compared = 0;
      for (let q = 0; q < QUERIES_PER_SEED; q++) {
        const pick = rng.next();
        const { sql, ordered } =
          pick < 0.2 ? typedQuery(rng) : pick < 0.45 ? advancedQuery(rng) : query(rng);
        const [got, want] = await Promise.all([run(e, sql), run(p, sql)]);
        const context = `seed ${seed}, query ${q}\n-- setup:\n${setup.join(';\n')};\n-- query:\n${sql};`;
        if (!want.ok && want.code === '0A000' && got.ok) {
          // PostgreSQL lacks the feature (e.g. FULL JOIN on a non-equality); Eddy has it.
          continue;
        }
        if (!want.ok) {
          expect(
            got.ok ? 'no error' : got.code,
            `${context}\nPostgreSQL: ${want.code} ${want.message}\nEddy: ${got.ok ? 'rows' : `${got.code} ${got.message}`}`,
          ).toBe(want.code);
          continue;
        }
        expect(got.ok ? 'ok' : `${got.code} ${got.message}`, context).toBe('ok');
        if (!got.ok) continue;
        const a = ordered ? got.rows : [...got.rows].sort();
        const b = ordered ? want.rows : [...want.rows].sort();
        expect(a, context).toEqual(b);
        compared++;
      }
      expect(compared).toBeGreaterThan(QUERIES_PER_SEED / 2);
    });
  }
});

describe('INSERT ... VALUES of literals against PostgreSQL', () => {
  // Literals coerced to their columns' types (the constant path of dml-insert.ts), mixed with
  // defaults and expressions; outcome (error code, or the stored rows) must equal PostgreSQL's.
  const COLUMNS =
    'i int NOT NULL DEFAULT 7, b bigint, n numeric(6,2), r real, t text, v varchar(3), ' +
    "d date, ts timestamp, f boolean DEFAULT true, c char(2) DEFAULT 'z'";
  const STATEMENTS = [
    "INSERT INTO ins VALUES (1, 2, 3.456, 4.5, 'x', 'abc', '2024-02-29', '2024-01-01 10:00', true, 'a')",
    "INSERT INTO ins VALUES ('12', '9000000000', '1.005', '1e3', 42, 'ab', '2024-01-01', '2024-01-01', 'yes', 'bb'), (1.5, 2.5, -0.004, -1, NULL, NULL, NULL, NULL, NULL, NULL)",
    'INSERT INTO ins (i, t) VALUES (2.5, 1.25), (-3, -7)',
    'INSERT INTO ins (b, t) VALUES (1, DEFAULT), (2, now()::date::text)',
    "INSERT INTO ins (i, v) VALUES (1, 'abcd')",
    "INSERT INTO ins (i) VALUES ('x')",
    'INSERT INTO ins (i) VALUES (2147483648)',
    'INSERT INTO ins (i) VALUES (NULL)',
    'INSERT INTO ins (n) VALUES (12345.678)',
    "INSERT INTO ins (d) VALUES ('2023-02-29')",
    'INSERT INTO ins (i, f) VALUES (3, 1)',
    "INSERT INTO ins (i, c) VALUES (4, 'abc')",
    "INSERT INTO ins (i, c) VALUES (5, 'a  ')",
    'INSERT INTO ins (i, r) VALUES (6, 1e39)',
    'INSERT INTO ins (i, b) VALUES (7, -9223372036854775808), (8, 9223372036854775807)',
  ];

  it('stores the same rows and raises the same errors', async () => {
    for (const c of [e, p]) {
      await c.query('DROP TABLE IF EXISTS ins');
      await c.query(`CREATE TABLE ins (${COLUMNS})`);
    }
    for (const sql of STATEMENTS) {
      const [got, want] = await Promise.all([run(e, sql), run(p, sql)]);
      expect(got.ok ? 'ok' : got.code, sql).toBe(want.ok ? 'ok' : want.code);
    }
    const all = 'SELECT i, b, n, r, t, v, d, ts, f, c FROM ins';
    const [got, want] = await Promise.all([run(e, all), run(p, all)]);
    expect(got.ok && want.ok).toBe(true);
    if (got.ok && want.ok) {
      expect([...got.rows].sort()).toEqual([...want.rows].sort());
      expect(got.rows.length).toBe(10);
    }
  });
});
