// postgres.js (the `postgres` npm package) against Eddy, end to end, in-process: simple-protocol
// queries (several statements in one string), prepared (named, extended-protocol) queries with
// parameters of many types and their values back, multi-row inserts from objects, transactions
// (sql.begin: commit, rollback on throw, savepoints), cursors (Execute with a row limit, the
// portal resumed), COPY FROM STDIN / TO STDOUT through streams, and errors with their SQLSTATE.
// Each check's outcome is recorded for the README compatibility table.
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks } from './compat.js';

/** The installed version (the package exports no package.json). */
const VERSION = (
  JSON.parse(
    readFileSync(new URL('../../node_modules/postgres/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;

let server: TestServer;
let sql: postgres.Sql<{ bigint: bigint }>;
const compat = new Checks(
  'postgres-js',
  'postgres (postgres.js)',
  'simple and prepared queries, parameters of 13 types, multi-row insert, sql.begin with ' +
    'rollback and savepoints, cursors, COPY both ways, SQLSTATEs',
);
compat.version = VERSION;

/** A test whose outcome also goes into the compatibility table. */
function check(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    try {
      await fn();
      compat.record(name, true);
    } catch (e) {
      compat.record(name, false);
      throw e;
    }
  });
}

beforeAll(async () => {
  server = await startTestServer();
  sql = postgres({
    host: '127.0.0.1',
    port: server.port,
    user: 'eddy',
    database: 'eddy',
    max: 2,
    onnotice: () => undefined,
    types: { bigint: postgres.BigInt },
  });
  await sql`CREATE TABLE pj (id int PRIMARY KEY, big bigint, num numeric, txt text, flag boolean,
    day date, at timestamptz, raw bytea, uid uuid, doc jsonb, fl float8, ints int4[], tags text[])`;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await server?.stop();
});

const AT = new Date('2024-02-29T13:45:06.789Z');
const ROW = {
  id: 1,
  big: 9007199254740993n,
  num: '12345678901234567890.123456789',
  txt: "héllo 'quoted' \\ tab\t",
  flag: true,
  day: new Date('2024-02-29T00:00:00Z'),
  at: AT,
  raw: Buffer.from([0, 1, 254, 255]),
  uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  doc: { a: [1, 2, { b: null }], c: 'x' },
  fl: 0.1,
  ints: [1, 2, -3], // postgres.js reads a NULL element of int4[] as NaN (on PostgreSQL too)
  tags: ['a,b', '"q"', ''],
};

describe('postgres.js against Eddy', () => {
  check('simple_protocol', async () => {
    const result = await sql.unsafe('SELECT 1 AS a; SELECT 2 AS b, $$x$$ AS c').simple();
    expect(result.map((r) => [...r])).toEqual([[{ a: 1 }], [{ b: 2, c: 'x' }]]);
  });

  check('prepared_params', async () => {
    await sql`INSERT INTO pj ${sql({ ...ROW, doc: sql.json(ROW.doc) } as never)}`;
    const [row] =
      await sql`SELECT * FROM pj WHERE id = ${1} AND big = ${ROW.big} AND uid = ${ROW.uid}`;
    expect(row).toEqual(ROW);
  });

  check('prepared_reuse', async () => {
    for (let k = 0; k < 5; k++) {
      const [r] = await sql`SELECT ${k}::int * 2 AS twice, ${`v${k}`}::text AS v`;
      expect(r).toEqual({ twice: k * 2, v: `v${k}` });
    }
  });

  check('multi_row_insert', async () => {
    const rows = [2, 3, 4].map((id) => ({ id, txt: `t${id}`, fl: id / 4 }));
    const inserted = await sql`INSERT INTO pj ${sql(rows, 'id', 'txt', 'fl')} RETURNING id`;
    expect(inserted.map((r) => r['id'])).toEqual([2, 3, 4]);
    const [sum] = await sql`SELECT sum(fl) AS s, count(*) AS n FROM pj WHERE id > 1`;
    expect(sum).toEqual({ s: 2.25, n: 3n });
  });

  check('transaction_commit', async () => {
    await sql.begin(async (tx) => {
      await tx`INSERT INTO pj (id, txt) VALUES (10, 'committed')`;
      const [r] = await tx`SELECT count(*)::int AS n FROM pj WHERE id = 10`;
      expect(r).toEqual({ n: 1 });
    });
    expect(await sql`SELECT txt FROM pj WHERE id = 10`).toEqual([{ txt: 'committed' }]);
  });

  check('transaction_rollback', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`INSERT INTO pj (id, txt) VALUES (11, 'rolled back')`;
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await sql`SELECT id FROM pj WHERE id = 11`).toEqual([]);
  });

  check('savepoint', async () => {
    await sql.begin(async (tx) => {
      await tx`INSERT INTO pj (id, txt) VALUES (12, 'kept')`;
      await tx
        .savepoint(async (sp) => {
          await sp`INSERT INTO pj (id, txt) VALUES (13, 'undone')`;
          await sp`SELECT 1 / 0`;
        })
        .catch((e: { code?: string }) => expect(e.code).toBe('22012'));
      await tx.savepoint(async (sp) => sp`INSERT INTO pj (id, txt) VALUES (14, 'released')`);
    });
    const ids = await sql`SELECT id FROM pj WHERE id BETWEEN 12 AND 14 ORDER BY id`;
    expect(ids.map((r) => r['id'])).toEqual([12, 14]);
  });

  check('cursor', async () => {
    const batches: number[][] = [];
    await sql.begin(async (tx) => {
      const cursor = tx`SELECT g FROM generate_series(1, 10) AS g ORDER BY g`.cursor(4);
      for await (const rows of cursor) batches.push(rows.map((r) => r['g'] as number));
    });
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });

  check('copy_both_ways', async () => {
    await sql`CREATE TABLE pj_copy (a int, b text)`;
    const writable = await sql`COPY pj_copy (a, b) FROM STDIN`.writable();
    await pipeline(Readable.from(['1\tone\n', '2\t\\N\n']), writable);
    const readable = await sql`COPY (SELECT a, b FROM pj_copy ORDER BY a) TO STDOUT`.readable();
    let text = '';
    for await (const chunk of readable) text += String(chunk);
    expect(text).toBe('1\tone\n2\t\\N\n');
  });

  check('errors_with_sqlstate', async () => {
    await expect(sql`SELECT 1 / ${0}::int`).rejects.toMatchObject({
      code: '22012',
      message: 'division by zero',
    });
    await expect(sql`SELECT * FROM no_such_table`).rejects.toMatchObject({ code: '42P01' });
    await expect(sql`INSERT INTO pj (id) VALUES (1)`).rejects.toMatchObject({ code: '23505' });
    expect(await sql`SELECT 3 AS ok`).toEqual([{ ok: 3 }]);
  });

  it('README compatibility row matches this run', () => {
    compat.save();
    expect(compat.readmeRowMismatch()).toBeNull();
  });
});
