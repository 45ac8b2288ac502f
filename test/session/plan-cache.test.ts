// A prepared SELECT's recorded bound query (src/session/plan-cache.ts): executing a statement
// many times gives exactly what preparing it afresh for every execution gives, across parameter
// values (NULLs included), statements whose binding reads the values, catalog changes and
// search_path changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Datum, Row, SqlType } from '../../src/repr/index.js';
import { T } from '../../src/repr/index.js';
import { Engine } from '../../src/session/engine.js';
import { openLmdbStore } from '../../src/session/lmdb-store.js';
import { Prepared } from '../../src/session/prepared.js';
import { EddySession } from '../../src/session/session.js';

let dir: string;
let engine: Engine;
let s: EddySession;
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-plan-cache-'));
  engine = new Engine(openLmdbStore(dir), (e, p) => new EddySession(e, p));
  s = engine.sessionFactory().open({ user: 'eddy', database: 'eddy', options: {} }) as EddySession;
  await sql('CREATE TABLE src (k int NOT NULL, v int NOT NULL)');
  await sql('INSERT INTO src SELECT i % 10, i FROM generate_series(1, 40) AS i');
  await sql(
    'CREATE MATERIALIZED VIEW mv AS SELECT k, count(*) AS n, sum(v) AS total FROM src GROUP BY k',
  );
  await sql('CREATE INDEX ON mv (k)');
});

afterAll(async () => {
  s.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

function prepare(text: string, declared: (SqlType | null)[] = []): Prepared {
  const [stmt] = s.prepare(text, declared);
  if (!(stmt instanceof Prepared)) throw new Error('expected one statement');
  return stmt;
}

/** Runs a prepared statement; its rows, or the SQLSTATE it failed with. */
async function run(stmt: Prepared, values: readonly Datum[]): Promise<Row[] | string> {
  try {
    const r = await s.execute(stmt, values, signal);
    const rows = r.kind === 'rows' ? (await r.rows.fetch(0)).rows : [];
    await s.sync();
    return rows;
  } catch (e) {
    await s.sync();
    return (e as { code?: string }).code ?? String(e);
  }
}

async function sql(text: string): Promise<Row[] | string> {
  return run(prepare(text), []);
}

/** Executes `stmt` with `values`, and a fresh statement of the same text; both must agree. */
async function agree(stmt: Prepared, values: readonly Datum[]): Promise<Row[] | string> {
  const got = await run(stmt, values);
  const fresh = await run(prepare(stmt.sql, [...stmt.paramTypes]), values);
  expect(got).toEqual(fresh);
  return got;
}

describe('prepared SELECT reuse', () => {
  it('substitutes the values of every execution', async () => {
    const stmt = prepare('SELECT n, total FROM mv WHERE k = $1', [T.int4]);
    for (const k of [3, 7, 0, 3, 11, null, 9, null, 4]) await agree(stmt, [k]);
    expect(stmt.binding?.query).not.toBeNull();
    expect(await run(stmt, [7])).toEqual([[4n, BigInt(7 + 17 + 27 + 37)]]);
  });

  it('covers parameters in several clauses (filter, projection, LIMIT)', async () => {
    const stmt = prepare('SELECT k, v + $1 FROM src WHERE v > $2 ORDER BY v DESC LIMIT $3', [
      T.int4,
      T.int4,
      T.int8,
    ]);
    for (const vals of [
      [1, 30, 3n],
      [100, 0, 2n],
      [-5, 38, 10n],
      [null, 35, 2n],
      [1, 30, null],
      [2, 39, 1n],
    ])
      await agree(stmt, vals);
    expect(stmt.binding?.query).not.toBeNull();
  });

  it('binds afresh statements whose binding reads the values', async () => {
    const values = prepare('SELECT a FROM (VALUES ($1::int), ($2::int)) AS t(a) ORDER BY a');
    for (const vals of [
      [1, 2],
      [5, -1],
      [null, 3],
      [8, 8],
    ])
      await agree(values, vals);
    expect(await run(values, [5, -1])).toEqual([[-1], [5]]);
    const regclass = prepare('SELECT $1::text::regclass::oid = $2::oid', [T.text, T.oid]);
    const oid = (s.catalogReader().resolveRelation(null, 'src')?.oid ?? 0) as number;
    for (const name of ['src', 'mv', 'src']) await agree(regclass, [name, oid]);
    expect(await run(regclass, ['mv', oid])).toEqual([[false]]);
    expect(await run(regclass, ['nope', oid])).toBe('42P01');
  });

  it('follows catalog changes', async () => {
    await sql('CREATE TABLE t (a int NOT NULL, b text)');
    await sql("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    const stmt = prepare('SELECT * FROM t WHERE a = $1', [T.int4]);
    await agree(stmt, [1]);
    await agree(stmt, [2]);
    expect(await run(stmt, [2])).toEqual([[2, 'two']]);
    await sql('DROP TABLE t');
    expect(await run(stmt, [2])).toBe('42P01');
    await sql('CREATE TABLE t (b text, a int NOT NULL, c int)');
    await sql("INSERT INTO t VALUES ('deux', 2, 20)");
    expect(await agree(stmt, [2])).toEqual([['deux', 2, 20]]);
    expect(await agree(stmt, [2])).toEqual([['deux', 2, 20]]);
  });

  it('follows search_path', async () => {
    await sql('CREATE SCHEMA other');
    await sql('CREATE TABLE other.src (k int NOT NULL, v int NOT NULL)');
    await sql('INSERT INTO other.src VALUES (1, -1)');
    const stmt = prepare('SELECT v FROM src WHERE k = $1 ORDER BY v', [T.int4]);
    expect(await agree(stmt, [1])).toEqual([[1], [11], [21], [31]]);
    expect(await agree(stmt, [1])).toEqual([[1], [11], [21], [31]]);
    await sql('SET search_path = other, public');
    expect(await agree(stmt, [1])).toEqual([[-1]]);
    await sql('SET search_path = public');
    expect(await agree(stmt, [1])).toEqual([[1], [11], [21], [31]]);
  });

  it('agrees with fresh statements on random parameter sequences', async () => {
    const stmts = [
      prepare('SELECT count(*), sum(v) FROM src WHERE k IN ($1, $2)', [T.int4, T.int4]),
      prepare('SELECT coalesce($1::int8, 0) + k FROM mv WHERE k = $2', [T.int8, T.int4]),
      prepare('SELECT k, $1::text AS label FROM src WHERE v % 7 = $2 ORDER BY k, v', [
        T.text,
        T.int4,
      ]),
      prepare(
        "SELECT t.b, sum(src.v) FROM (VALUES (1, $1::text), (2, 'y'), (3, 'z')) AS t(a, b) " +
          'JOIN src ON src.k = t.a WHERE src.v > $2 GROUP BY t.b ORDER BY t.b',
        [T.text, T.int4],
      ),
      prepare(
        'SELECT a, b FROM (VALUES (1, 10), (2, 20), (3, 30)) AS t(a, b) ' +
          'WHERE a >= $1 AND b IN (SELECT v * 10 FROM src WHERE k = $1) ORDER BY a',
        [T.int4],
      ),
      prepare(
        'SELECT mv.k, mv.n, s.v FROM mv JOIN src s ON s.k = mv.k WHERE mv.k = $1 ORDER BY s.v',
        [T.int4],
      ),
    ];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const value = (t: SqlType): Datum => {
      if (rand(6) === 0) return null;
      if (t === T.text) return ['a', '', 'x y'][rand(3)]!;
      return t === T.int8 ? BigInt(rand(20) - 5) : rand(12) - 1;
    };
    for (let i = 0; i < 120; i++) {
      const stmt = stmts[i % stmts.length]!;
      await agree(stmt, stmt.paramTypes.map(value));
    }
    // The first four keep their parameters as marked literals; the VALUES list with a parameter
    // is bound afresh every time.
    for (const stmt of [...stmts.slice(0, 3), ...stmts.slice(4)])
      expect(stmt.binding?.query).not.toBeNull();
    expect(stmts[3]!.binding?.query).toBeNull();
  });
});
