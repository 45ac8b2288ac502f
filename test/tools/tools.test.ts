// Replays the introspection queries of BI and IDE tools that cannot run in this test environment
// (Metabase, Grafana, DBeaver, Npgsql for Power BI / Tableau) against Eddy and against a real
// PostgreSQL (the oracle) holding the same fixture schema, and checks that Eddy's answers have the
// shape each tool relies on: the columns it reads, with PostgreSQL's types, the fixture's objects
// in the rows, and the same rows as PostgreSQL where the result holds no OIDs (apart from rows
// about Eddy's own system schemas, mz_catalog and mz_internal). DataGrip is closed
// source (its queries cannot be read), so it is not covered; Superset reflects through SQLAlchemy,
// which the driver tests cover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { startOracle, type Oracle } from '../support/oracle.js';
import { DBEAVER } from './dbeaver.js';
import { GRAFANA } from './grafana.js';
import { METABASE } from './metabase.js';
import { NPGSQL } from './npgsql.js';
import { FIXTURE_SCHEMA, type FixtureIds, type ToolQuery } from './tool-query.js';
import { Checks } from '../clients/compat.js';

const TOOLS: readonly (readonly [string, readonly ToolQuery[]])[] = [
  ['Metabase', METABASE],
  ['Grafana', GRAFANA],
  ['DBeaver', DBEAVER],
  ['Npgsql', NPGSQL],
];

/** The README compatibility rows: each tool's version and source, as its data file names them. */
const COMPAT: Readonly<Record<string, { version: string; tested: string }>> = {
  Metabase: {
    version: 'postgres driver @ 008fd667',
    tested: 'sync queries (tables, fields, foreign keys, indexes, enums, time zone), replayed',
  },
  Grafana: {
    version: '11 @ 12f912ab',
    tested: 'query editor metadata (schemas, tables, columns) and version probes, replayed',
  },
  DBeaver: {
    version: '24.2 @ 2428359b',
    tested:
      'navigator queries (schemas, tables, columns, constraints, indexes, types, view definitions), replayed',
  },
  Npgsql: {
    version: '8 @ 00ee7a8a',
    tested: 'type loading at connect (Power BI, Tableau), replayed',
  },
};

let server: TestServer;
let oracle: Oracle;
let eddy: pg.Client;
let postgres: pg.Client;
let eddyIds: FixtureIds;
let postgresIds: FixtureIds;

/** Looks the fixture's OIDs up once, so a query's parameters are plain values. */
async function fixtureIds(c: pg.Client): Promise<FixtureIds> {
  const ns = await c.query<{ nspname: string; oid: number }>(
    'SELECT nspname, oid::int8 AS oid FROM pg_namespace',
  );
  const rel = await c.query<{ name: string; oid: number }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.oid::int8 AS oid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace`,
  );
  const namespaces = new Map(ns.rows.map((r) => [r.nspname, Number(r.oid)]));
  const relations = new Map(rel.rows.map((r) => [r.name, Number(r.oid)]));
  const get = (m: Map<string, number>, k: string): number => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`fixture object ${k} not found`);
    return v;
  };
  return {
    namespace: (name) => get(namespaces, name),
    relation: (name) => get(relations, name),
  };
}

beforeAll(async () => {
  [server, oracle] = await Promise.all([startTestServer(), startOracle()]);
  eddy = await server.client();
  const admin = await oracle.client();
  await admin.query('CREATE ROLE eddy SUPERUSER LOGIN');
  await admin.query('CREATE DATABASE eddy OWNER eddy');
  postgres = new pg.Client({
    host: '127.0.0.1',
    port: oracle.port,
    user: 'eddy',
    database: 'eddy',
  });
  await postgres.connect();
  for (const sql of FIXTURE_SCHEMA) {
    await eddy.query(sql);
    await postgres.query(sql);
  }
  // Tools connect through drivers that set these first (pgjdbc, Npgsql).
  for (const c of [eddy, postgres]) await c.query('SET extra_float_digits = 3');
  [eddyIds, postgresIds] = await Promise.all([fixtureIds(eddy), fixtureIds(postgres)]);
});

afterAll(async () => {
  await postgres?.end().catch(() => undefined);
  await Promise.all([server?.stop(), oracle?.stop()]);
});

interface Answer {
  readonly types: ReadonlyMap<string, number>;
  readonly rows: readonly (readonly unknown[])[];
  column(name: string): unknown[];
}

async function run(c: pg.Client, q: ToolQuery, ids: FixtureIds): Promise<Answer> {
  const res = await c.query({
    text: typeof q.sql === 'string' ? q.sql : q.sql(ids),
    values: [...(q.params?.(ids) ?? [])],
    rowMode: 'array',
  });
  const types = new Map<string, number>();
  const index = new Map<string, number>();
  res.fields.forEach((f, i) => {
    if (!types.has(f.name)) {
      types.set(f.name, f.dataTypeID);
      index.set(f.name, i);
    }
  });
  const rows = res.rows as unknown[][];
  return {
    types,
    rows,
    column: (name) => rows.map((r) => r[index.get(name) ?? -1]),
  };
}

const key = (row: readonly unknown[]): string => JSON.stringify(row);
/** Rows about Eddy's own system schemas (mz_catalog, mz_internal), which PostgreSQL lacks. */
const EDDY_SYSTEM = /\bmz_(catalog|internal)\b/;
const withoutEddySystem = (rows: readonly (readonly unknown[])[]): (readonly unknown[])[] =>
  rows.filter((r) => !EDDY_SYSTEM.test(key(r)));
const sortedKeys = (rows: readonly (readonly unknown[])[]): string[] => rows.map(key).sort();

for (const [tool, queries] of TOOLS) {
  describe(`${tool} introspection queries`, () => {
    const compat = new Checks(
      `tool-${tool.toLowerCase()}`,
      `${tool} (introspection queries)`,
      COMPAT[tool]!.tested,
    );
    compat.version = COMPAT[tool]!.version;
    for (const q of queries) {
      it(q.name, async () => {
        compat.record(q.name, false);
        const [mine, theirs] = await Promise.all([
          run(eddy, q, eddyIds),
          run(postgres, q, postgresIds),
        ]);
        for (const name of q.columns) {
          expect(mine.types.has(name), `column ${name}`).toBe(true);
          expect(mine.types.get(name), `type of column ${name}`).toBe(theirs.types.get(name));
        }
        for (const [name, values] of Object.entries(q.contains ?? {})) {
          expect(mine.column(name), `values of ${name}`).toEqual(
            expect.arrayContaining([...values]),
          );
        }
        if (q.sameRowsAsPostgres === true) {
          expect(sortedKeys(withoutEddySystem(mine.rows))).toEqual(sortedKeys(theirs.rows));
        }
        if (q.subsetOfPostgres === true) {
          expect(mine.rows.length).toBeGreaterThan(0);
          const known = new Set(theirs.rows.map(key));
          expect(mine.rows.map(key).filter((k) => !known.has(k))).toEqual([]);
        }
        compat.record(q.name, true);
      });
    }
    it('README compatibility row matches this run', () => {
      compat.save();
      expect(compat.readmeRowMismatch()).toBeNull();
    });
  });
}
