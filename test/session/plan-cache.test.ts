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
import { registerSessionFunctions } from '../../src/session/functions.js';
import { Prepared } from '../../src/session/prepared.js';
import { SLICE_ROWS } from '../../src/dataflow/slice.js';
import { ReusablePlan } from '../../src/session/exec/reusable.js';
import { EddySession } from '../../src/session/session.js';

let dir: string;
let engine: Engine;
let s: EddySession;
const signal = new AbortController().signal;

beforeAll(async () => {
  registerSessionFunctions();
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

  it("keeps the compiled plan of a direct query, reading each execution's values", async () => {
    const lookup = prepare('SELECT n, total, k + $2 FROM mv WHERE k = $1', [T.int4, T.int4]);
    for (const [k, d] of [
      [3, 1],
      [7, 2],
      [3, 3],
      [0, 4],
      [11, 5],
      [null, 6],
      [9, 7],
    ])
      await agree(lookup, [k!, d!]);
    expect(lookup.binding?.plan.plan).toBeInstanceOf(ReusablePlan);
    expect(await run(lookup, [7, 100])).toEqual([[4n, BigInt(7 + 17 + 27 + 37), 107]]);
    expect(await run(lookup, [8, -8])).toEqual([[4n, BigInt(8 + 18 + 28 + 38), 0]]);

    // Several keys from parameters and constants; a parameter that filters on its own value.
    const many = prepare('SELECT k FROM mv WHERE (k IN ($1, 4, $2)) = $3 ORDER BY k', [
      T.int4,
      T.int4,
      T.bool,
    ]);
    const several = prepare('SELECT k FROM mv WHERE k IN ($1, 4, $2) AND $3 ORDER BY k', [
      T.int4,
      T.int4,
      T.bool,
    ]);
    // The plan is made by the third execution, with $3 true: it must not drop `AND $3`.
    for (const vals of [
      [1, 2, true],
      [5, 5, true],
      [9, 0, true],
      [5, 6, false],
      [3, 3, false],
      [2, 8, true],
    ]) {
      await agree(many, vals);
      await agree(several, vals);
    }
    expect(several.binding?.plan.plan).toBeInstanceOf(ReusablePlan);
    expect(await run(several, [2, 8, true])).toEqual([[2], [4], [8]]);
    expect(await run(several, [2, 8, false])).toEqual([]);
    expect(await run(several, [6, 6, true])).toEqual([[4], [6]]);

    // The context is the execution's: settings changed between executions are seen.
    const setting = prepare("SELECT current_setting('application_name'), n FROM mv WHERE k = $1", [
      T.int4,
    ]);
    for (const name of ['a', 'b', 'c']) {
      await sql(`SET application_name = '${name}'`);
      expect(await agree(setting, [1])).toEqual([[name, 4n]]);
    }
    expect(setting.binding?.plan.plan).toBeInstanceOf(ReusablePlan);

    // Statement-level facts are the execution's: statement_timestamp() moves on.
    const since = prepare('SELECT k FROM mv WHERE k = $1 AND statement_timestamp() >= $2', [
      T.int4,
      T.timestamptz,
    ]);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 2));
      const before = BigInt(Date.now()) * 1000n;
      await new Promise((r) => setTimeout(r, 2));
      expect(await run(since, [5, before])).toEqual([[5]]);
    }
    expect(since.binding?.plan.plan).toBeInstanceOf(ReusablePlan);

    // Two executions at once reading in several slices (they yield between slices): the second
    // does not use the slots the first is using.
    await sql('CREATE TABLE big (v int NOT NULL)');
    await sql(`INSERT INTO big SELECT i FROM generate_series(1, ${3 * SLICE_ROWS}) AS i`);
    const multiples = prepare('SELECT v FROM big WHERE v % $1 = 0', [T.int4]);
    for (const m of [2, 3, 5]) await agree(multiples, [m]);
    expect(multiples.binding?.plan.plan).toBeInstanceOf(ReusablePlan);
    const [twos, threes] = await Promise.all([run(multiples, [2]), run(multiples, [3])]);
    expect((twos as Row[]).length).toBe((3 * SLICE_ROWS) / 2);
    expect((threes as Row[]).length).toBe(SLICE_ROWS);
    await sql('DROP TABLE big');
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
