// pg_catalog and information_schema through a real client: a table (primary key, defaults,
// NOT NULL), a view and a second schema show up in pg_class, pg_attribute, pg_attrdef,
// pg_index, pg_constraint, pg_namespace and information_schema with PostgreSQL's values, and
// the catalog functions psql calls on them answer as PostgreSQL does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../../support/server.js';

let server: TestServer;
let c: pg.Client;

const SCHEMA = [
  `CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x', price numeric(10,2),
     created timestamptz DEFAULT now(), code varchar(20), tags text[])`,
  'CREATE VIEW v AS SELECT id, name FROM t WHERE id > 0',
  'CREATE SCHEMA s2',
  'CREATE TABLE s2.u (a int, b varchar(20))',
];

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  for (const sql of SCHEMA) await c.query(sql);
});

afterAll(async () => {
  await server.stop();
});

async function rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
  const r = await c.query({ text: sql, values: params, rowMode: 'array' });
  return r.rows as unknown[][];
}

describe('pg_class and pg_namespace', () => {
  it('lists the table, the view and the primary-key index', async () => {
    const r = await rows(
      `SELECT c.relname, n.nspname, c.relkind, c.relnatts, c.relhasindex, c.relhasrules, c.relam,
              c.relowner, c.relpersistence, c.relreplident
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 's2') ORDER BY c.relname`,
    );
    expect(r).toEqual([
      ['t', 'public', 'r', 6, true, false, 2, 10, 'p', 'd'],
      ['t_pkey', 'public', 'i', 1, false, false, 403, 10, 'p', 'n'],
      ['u', 's2', 'r', 2, false, false, 2, 10, 'p', 'd'],
      ['v', 'public', 'v', 2, false, true, 0, 10, 'p', 'n'],
    ]);
  });

  it('lists the schemas with their fixed OIDs', async () => {
    const r = await rows('SELECT nspname, oid FROM pg_namespace ORDER BY oid');
    expect(r.map((x) => x[0])).toEqual(['pg_catalog', 'public', 'information_schema', 's2']);
    expect(r.slice(0, 2).map((x) => x[1])).toEqual([11, 2200]);
  });

  it('lists the system catalogs themselves, so \\d pg_class can work', async () => {
    const r = await rows(
      `SELECT c.oid, c.relkind, c.relnatts FROM pg_class c WHERE c.relname IN ('pg_class', 'pg_roles')
       ORDER BY 1`,
    );
    expect(r).toEqual([
      [1259, 'r', 33],
      [12000, 'v', 13],
    ]);
  });
});

describe('pg_attribute and pg_attrdef', () => {
  it('describes user columns with types, typmods, NOT NULL and defaults', async () => {
    const r = await rows(
      `SELECT a.attname, a.attnum, a.atttypid, a.atttypmod, a.attnotnull, a.atthasdef, a.attlen,
              a.attcollation, a.attndims, format_type(a.atttypid, a.atttypmod)
       FROM pg_attribute a WHERE a.attrelid = 't'::regclass AND a.attnum > 0 ORDER BY a.attnum`,
    );
    expect(r).toEqual([
      ['id', 1, 23, -1, true, false, 4, 0, 0, 'integer'],
      ['name', 2, 25, -1, true, true, -1, 100, 0, 'text'],
      ['price', 3, 1700, 655366, false, false, -1, 0, 0, 'numeric(10,2)'],
      ['created', 4, 1184, -1, false, true, 8, 0, 0, 'timestamp with time zone'],
      ['code', 5, 1043, 24, false, false, -1, 100, 0, 'character varying(20)'],
      ['tags', 6, 1009, -1, false, false, -1, 100, 1, 'text[]'],
    ]);
  });

  it('keeps the defaults in pg_attrdef for pg_get_expr', async () => {
    const r = await rows(
      `SELECT d.adnum, pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d
       WHERE d.adrelid = 't'::regclass ORDER BY d.adnum`,
    );
    // As PostgreSQL deparses them: a string literal with its type made explicit.
    expect(r).toEqual([
      [2, "'x'::text"],
      [4, 'now()'],
    ]);
  });

  it('describes view columns as nullable without defaults', async () => {
    const r = await rows(
      `SELECT attname, attnotnull, atthasdef FROM pg_attribute
       WHERE attrelid = 'v'::regclass ORDER BY attnum`,
    );
    expect(r).toEqual([
      ['id', false, false],
      ['name', false, false],
    ]);
  });
});

describe('pg_index and pg_constraint', () => {
  it('describe the primary key', async () => {
    const [idx] = await rows(
      `SELECT c2.relname, i.indisprimary, i.indisunique, i.indnatts, i.indkey::text,
              pg_get_indexdef(i.indexrelid, 0, true), pg_get_constraintdef(con.oid, true),
              con.contype, con.conkey::text
       FROM pg_index i JOIN pg_class c2 ON c2.oid = i.indexrelid
       LEFT JOIN pg_constraint con ON con.conrelid = i.indrelid AND con.conindid = i.indexrelid
       WHERE i.indrelid = 't'::regclass`,
    );
    expect(idx).toEqual([
      't_pkey',
      true,
      true,
      1,
      '1',
      'CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)',
      'PRIMARY KEY (id)',
      'p',
      '{1}',
    ]);
  });

  it('lists the index in pg_indexes and the tables in pg_tables', async () => {
    expect(
      await rows(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`),
    ).toEqual([['t_pkey', 'CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)']]);
    expect(
      await rows(
        `SELECT schemaname, tablename, hasindexes FROM pg_tables WHERE schemaname IN ('public', 's2') ORDER BY 1, 2`,
      ),
    ).toEqual([
      ['public', 't', true],
      ['s2', 'u', false],
    ]);
  });
});

describe('pg_type, pg_proc, pg_database, roles and settings', () => {
  it('has a pg_type row for every type with its array type', async () => {
    const r = await rows(
      `SELECT oid, typname, typlen, typbyval, typcategory, typelem, typarray, typnamespace, typrelid
       FROM pg_type WHERE typname IN ('int4', '_int4', 'text', 'numeric') ORDER BY oid`,
    );
    expect(r).toEqual([
      [23, 'int4', 4, true, 'N', 0, 1007, 11, 0],
      [25, 'text', -1, false, 'S', 0, 1009, 11, 0],
      [1007, '_int4', -1, false, 'A', 23, 0, 11, 0],
      [1700, 'numeric', -1, false, 'N', 0, 1231, 11, 0],
    ]);
  });

  it('lists built-in functions and aggregates in pg_proc', async () => {
    const r = await rows(
      `SELECT p.prokind, pg_get_function_result(p.oid), pg_get_function_arguments(p.oid)
       FROM pg_proc p WHERE p.proname = 'upper' OR (p.proname = 'count' AND p.pronargs = 1)
       ORDER BY 1, 3`,
    );
    expect(r).toEqual([
      ['a', 'bigint', '"any"'],
      ['f', 'text', 'text'],
    ]);
  });

  it('has the database, the superuser role and the settings', async () => {
    expect(
      await rows(
        `SELECT datname, datdba, encoding, datcollate, datallowconn, pg_encoding_to_char(encoding) FROM pg_database`,
      ),
    ).toEqual([['eddy', 10, 6, 'C', true, 'UTF8']]);
    expect(await rows('SELECT rolname, rolsuper, oid FROM pg_roles')).toEqual([['eddy', true, 10]]);
    expect(await rows('SELECT usename, usesuper FROM pg_user')).toEqual([['eddy', true]]);
    expect(await rows(`SELECT setting FROM pg_settings WHERE name = 'search_path'`)).toEqual([
      ['"$user", public'],
    ]);
    const [act] = await rows(
      'SELECT datname, usename, pid = pg_backend_pid(), state FROM pg_stat_activity',
    );
    expect(act).toEqual(['eddy', 'eddy', true, 'active']);
  });
});

describe('information_schema', () => {
  it('lists tables and views', async () => {
    const r = await rows(
      `SELECT table_catalog, table_schema, table_name, table_type, is_insertable_into
       FROM information_schema.tables WHERE table_schema IN ('public', 's2') ORDER BY 2, 3`,
    );
    expect(r).toEqual([
      ['eddy', 'public', 't', 'BASE TABLE', 'YES'],
      ['eddy', 'public', 'v', 'VIEW', 'NO'],
      ['eddy', 's2', 'u', 'BASE TABLE', 'YES'],
    ]);
  });

  it('describes columns as PostgreSQL does', async () => {
    const r = await rows(
      `SELECT column_name, ordinal_position, column_default, is_nullable, data_type,
              character_maximum_length, character_octet_length, numeric_precision,
              numeric_precision_radix, numeric_scale, datetime_precision, udt_name, dtd_identifier
       FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position`,
    );
    expect(r).toEqual([
      ['id', 1, null, 'NO', 'integer', null, null, 32, 2, 0, null, 'int4', '1'],
      ['name', 2, "'x'::text", 'NO', 'text', null, 1073741824, null, null, null, null, 'text', '2'],
      ['price', 3, null, 'YES', 'numeric', null, null, 10, 10, 2, null, 'numeric', '3'],
      [
        'created',
        4,
        'now()',
        'YES',
        'timestamp with time zone',
        null,
        null,
        null,
        null,
        null,
        6,
        'timestamptz',
        '4',
      ],
      ['code', 5, null, 'YES', 'character varying', 20, 80, null, null, null, null, 'varchar', '5'],
      ['tags', 6, null, 'YES', 'ARRAY', null, null, null, null, null, null, '_text', '6'],
    ]);
  });

  it('lists the primary key and NOT NULL constraints', async () => {
    const tc = await rows(
      `SELECT constraint_name, constraint_type FROM information_schema.table_constraints
       WHERE table_name = 't' ORDER BY constraint_name`,
    );
    const oid = (await rows(`SELECT 't'::regclass::oid`))[0]?.[0];
    expect(tc).toEqual([
      [`2200_${String(oid)}_1_not_null`, 'CHECK'],
      [`2200_${String(oid)}_2_not_null`, 'CHECK'],
      ['t_pkey', 'PRIMARY KEY'],
    ]);
    expect(
      await rows(
        `SELECT constraint_name, table_name, column_name, ordinal_position FROM information_schema.key_column_usage`,
      ),
    ).toEqual([['t_pkey', 't', 'id', 1]]);
    expect(await rows('SELECT count(*) FROM information_schema.referential_constraints')).toEqual([
      ['0'],
    ]);
  });

  it('lists schemata and views', async () => {
    expect(await rows('SELECT schema_name FROM information_schema.schemata ORDER BY 1')).toEqual([
      ['information_schema'],
      ['pg_catalog'],
      ['public'],
      ['s2'],
    ]);
    const [view] = await rows(
      `SELECT table_name, check_option, is_updatable FROM information_schema.views WHERE table_schema = 'public'`,
    );
    expect(view).toEqual(['v', 'NONE', 'NO']);
  });
});

describe('catalog functions', () => {
  it('pg_size_pretty rounds like PostgreSQL', async () => {
    const r = await rows(
      `SELECT pg_size_pretty(10239::bigint), pg_size_pretty(10240::bigint), pg_size_pretty(123456789::bigint),
              pg_size_pretty(-5000000::bigint), pg_size_pretty(20971520::bigint), pg_size_pretty(1099511627776::bigint)`,
    );
    expect(r).toEqual([['10239 bytes', '10 kB', '118 MB', '-4883 kB', '20 MB', '1024 GB']]);
  });

  it('pg_table_is_visible sees the primary-key index through the search path', async () => {
    const r = await rows(
      `SELECT c.relname, pg_table_is_visible(c.oid) FROM pg_class c
       WHERE c.relname IN ('t_pkey', 'u') ORDER BY 1`,
    );
    expect(r).toEqual([
      ['t_pkey', true],
      ['u', false],
    ]);
  });
});
