// Values of every core type through node-postgres, in text and binary result formats, and
// parameters in both formats: what goes in comes back exactly as PostgreSQL would return it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
});

afterAll(async () => {
  await server.stop();
});

const raw = { getTypeParser: () => (v: string | Buffer) => v } as never;

async function text(sql: string, params?: unknown[]): Promise<unknown[]> {
  const r = await c.query({ text: sql, values: params, rowMode: 'array', types: raw });
  return r.rows[0] as unknown[];
}

describe('text output', () => {
  it('prints every core type as PostgreSQL does', async () => {
    expect(
      await text(
        "SELECT true, 1::int2, 2147483647::int4, 9007199254740993::int8, 1.5::float4, 0.1::float8 + 0.2, 1.50::numeric(5,2), 'x'::text, 'ab'::varchar(5), 'a'::char(3), '\\x0102'::bytea",
      ),
    ).toEqual([
      't',
      '1',
      '2147483647',
      '9007199254740993',
      '1.5',
      '0.30000000000000004',
      '1.50',
      'x',
      'ab',
      'a  ',
      '\\x0102',
    ]);
    expect(
      await text(
        "SELECT '2024-02-29'::date, '13:45:00.5'::time, '2024-01-05 13:45:00.123'::timestamp, '2024-01-05 13:45:00+02'::timestamptz, '1 year 2 mons 3 days 04:05:06.5'::interval, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{\"b\": [1, 2.50], \"a\": null}'::jsonb, ARRAY[1, NULL, 3], ARRAY['a b', 'c']",
      ),
    ).toEqual([
      '2024-02-29',
      '13:45:00.5',
      '2024-01-05 13:45:00.123',
      '2024-01-05 11:45:00+00',
      '1 year 2 mons 3 days 04:05:06.5',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '{"a": null, "b": [1, 2.50]}',
      '{1,NULL,3}',
      '{"a b",c}',
    ]);
  });

  it('keeps int8 exact beyond 2^53 through storage and arithmetic', async () => {
    await c.query('CREATE TABLE big (v int8)');
    await c.query('INSERT INTO big VALUES (9223372036854775807), ($1)', ['9007199254740993']);
    expect(
      (await c.query({ text: 'SELECT v FROM big ORDER BY v', rowMode: 'array', types: raw })).rows,
    ).toEqual([['9007199254740993'], ['9223372036854775807']]);
    expect(await text('SELECT sum(v) FROM big')).toEqual(['9232379236109516800']);
    expect(
      await c.query('SELECT v + 1 FROM big WHERE v > 9007199254740993').then(
        () => 'ok',
        (e: { code: string }) => e.code,
      ),
    ).toBe('22003');
  });

  it('respects the session time zone', async () => {
    await c.query("SET TimeZone = 'America/New_York'");
    expect(await text("SELECT '2024-07-01 12:00:00+00'::timestamptz")).toEqual([
      '2024-07-01 08:00:00-04',
    ]);
    await c.query('RESET TimeZone');
  });
});

describe('binary format', () => {
  it('returns binary results that the client decodes', async () => {
    const config = {
      text: "SELECT 42::int4 AS i, 'hi'::text AS t, true AS b, 2.5::float8 AS f, 12345678901::int8 AS l",
      binary: true,
    };
    const r = await c.query(config as pg.QueryConfig);
    expect(r.rows[0]).toEqual({ i: 42, t: 'hi', b: true, f: 2.5, l: '12345678901' });
  });

  it('accepts binary parameters', async () => {
    const r = await c.query({
      text: 'SELECT $1::bytea AS b, length($1::bytea) AS n',
      values: [Buffer.from([0, 1, 2, 255])],
    });
    expect(r.rows[0]).toEqual({ b: Buffer.from([0, 1, 2, 255]), n: 4 });
  });
});
