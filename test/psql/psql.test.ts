// psql's backslash commands (the \d family, \l, \dn, \df, \dd, \x, \copy) and the catalog queries
// its tab completion sends, against Eddy, compared with what the same psql prints against a real
// PostgreSQL (the oracle) holding the same schema: a table with a primary key, defaults and
// NOT NULL columns, a view, a materialized view with an index, and a table in a second schema. Both sides connect as a superuser
// role `eddy` to a database `eddy`, so owners agree. Normalised where Eddy legitimately differs:
// PostgreSQL's public schema belongs to pg_database_owner (Eddy has a single role), and \l / \du
// keep only the `eddy` database's and role's rows (the oracle also has postgres, template0/1).
// psql runs unaligned (-A) so column widths cannot hide or create differences. The test fails
// (it does not skip) when psql is not installed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { startOracle, type Oracle } from '../support/oracle.js';

const SCHEMA = [
  `CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL DEFAULT 42,
     price numeric(10,2), created timestamptz DEFAULT now(), flag boolean, note text DEFAULT 'x',
     delta int DEFAULT -1)`,
  "INSERT INTO t VALUES (1, 'ann', 5, 9.50, '2024-01-02 03:04:05+00', true, 'a\tb', 2)",
  'CREATE VIEW v AS SELECT id, name FROM t WHERE id > 0',
  'CREATE MATERIALIZED VIEW mv AS SELECT name, count(*) AS n FROM t GROUP BY name',
  'CREATE INDEX mv_idx ON mv (name)',
  'CREATE SCHEMA s2',
  'CREATE TABLE s2.u (a int, b varchar(20))',
];

let server: TestServer;
let oracle: Oracle;

beforeAll(async () => {
  // Fails the whole file, loudly, when psql is missing.
  execFileSync('psql', ['--version'], { encoding: 'utf8' });
  [server, oracle] = await Promise.all([startTestServer(), startOracle()]);
  const eddy = await server.client();
  for (const sql of SCHEMA) await eddy.query(sql);
  const admin = await oracle.client();
  await admin.query('CREATE ROLE eddy SUPERUSER CREATEROLE CREATEDB REPLICATION BYPASSRLS LOGIN');
  await admin.query('CREATE DATABASE eddy OWNER eddy');
  const pgc = new pg.Client({
    host: '127.0.0.1',
    port: oracle.port,
    user: 'eddy',
    database: 'eddy',
  });
  await pgc.connect();
  try {
    for (const sql of SCHEMA) await pgc.query(sql);
  } finally {
    await pgc.end();
  }
});

afterAll(async () => {
  await Promise.all([server?.stop(), oracle?.stop()]);
});

/**
 * Runs psql asynchronously (the Eddy server runs in this process and must keep serving), with
 * each command as one -c option, in order.
 */
function psql(port: number, commands: string | readonly string[]): Promise<string> {
  const args = [
    '-X',
    '-A',
    '-P',
    'pager=off',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'eddy',
    'eddy',
    ...[commands].flat().flatMap((c) => ['-c', c]),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('psql', args, {
      env: { ...process.env, PGTZ: 'UTC', PGCONNECT_TIMEOUT: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out + err));
  });
}

type Normalise = (out: string) => string;
const same: Normalise = (out) => out;
const ownerOfPublic: Normalise = (out) => out.replaceAll('pg_database_owner', 'eddy');
/** Keeps the title, the header and the rows of `eddy` (drops other rows and the row count). */
const onlyEddyRows: Normalise = (out) => {
  const lines = out.split('\n');
  return lines.filter((l, i) => i < 2 || l.startsWith('eddy|')).join('\n');
};

/**
 * Drops the view definition psql prints for \d+ of a view or materialized view: Eddy returns the
 * SQL as written, PostgreSQL its own deparsed, qualified and indented form (a known difference).
 */
const withoutDefinition: Normalise = (out) => out.replace(/View definition:\n[^]*?;\n/, '');
/**
 * For the tab-completion queries: the rows as a sorted set (the queries have no ORDER BY; psql
 * sorts completions itself), without the row count and without Eddy's own mz_* catalog relations
 * (mz_sources, mz_sinks, ...), which are on its search path and which PostgreSQL lacks.
 */
const completions: Normalise = (out) =>
  out
    .split('\n')
    .filter((l) => !/^\(\d+ rows?\)$/.test(l) && !l.startsWith('mz_'))
    .sort()
    .join('\n');

async function compare(
  commands: string | readonly string[],
  normalise: Normalise = same,
): Promise<void> {
  const [eddyOut, pgOut] = (
    await Promise.all([psql(server.port, commands), psql(oracle.port, commands)])
  ).map(normalise);
  expect(eddyOut).toBe(pgOut);
}

// The queries psql 15 sends for tab completion (captured from a PostgreSQL server's statement
// log): relations and schemas after `SELECT * FROM `, columns after `SELECT * FROM t WHERE `,
// any relation after `\d `, and insertable relations after `INSERT INTO `.
const SCHEMAS_PART = `UNION ALL
SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE '%' AND n.nspname NOT LIKE E'pg\\\\_%'
LIMIT 1000`;
const relationsOfKinds = (kinds: string): string =>
  `SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE ${kinds}(c.relname) LIKE '%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
${SCHEMAS_PART}`;
const TAB_COMPLETION: readonly (readonly [string, string])[] = [
  ['SELECT * FROM <TAB>', relationsOfKinds("c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND ")],
  [
    'SELECT * FROM t WHERE <TAB>',
    `SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE '%' AND c.relname = 't' AND pg_catalog.pg_table_is_visible(c.oid)
LIMIT 1000`,
  ],
  ['\\d <TAB>', relationsOfKinds('')],
  ['INSERT INTO <TAB>', relationsOfKinds("c.relkind IN ('r', 'f', 'v', 'p') AND ")],
];

describe('psql backslash commands print what they print against PostgreSQL', () => {
  it('\\d lists relations', () => compare('\\d'));
  it('\\dt lists tables', () => compare('\\dt'));
  it('\\dt s2.* lists tables of another schema', () => compare('\\dt s2.*'));
  it('\\dv lists views', () => compare('\\dv'));
  it('\\di lists indexes, of tables and materialized views', () => compare('\\di'));
  it('\\di names one index', () => compare('\\di mv_idx'));
  it('\\dm lists materialized views', () => compare('\\dm'));
  it('\\dn lists schemas', () => compare('\\dn', ownerOfPublic));
  it('\\l lists the database', () => compare('\\l', onlyEddyRows));
  it('\\du lists the role', () => compare('\\du', onlyEddyRows));
  it('\\df lists no user functions', () => compare('\\df'));
  it('\\dd lists no object descriptions', () => compare('\\dd'));
  it('\\d t describes the table', () => compare('\\d t'));
  it('\\d+ t describes the table in detail', () => compare('\\d+ t'));
  it('\\d v describes the view', () => compare('\\d v'));
  it('\\d+ v describes the view in detail', () => compare('\\d+ v', withoutDefinition));
  it('\\d mv describes the materialized view', () => compare('\\d mv'));
  it('\\d+ mv describes the materialized view in detail', () =>
    compare('\\d+ mv', withoutDefinition));
  it('\\d mv_idx describes an index of a materialized view', () => compare('\\d mv_idx'));
  it('\\d t_pkey describes a primary key index', () => compare('\\d t_pkey'));
  it('\\d s2.u describes a table in another schema', () => compare('\\d s2.u'));
  it('\\x shows records expanded', () => compare(['\\x on', 'SELECT * FROM t', '\\d mv']));
  it('\\copy writes a table and a query to stdout', () =>
    compare([
      '\\copy t to stdout',
      '\\copy (SELECT id, name, price FROM t ORDER BY id) to stdout with (format csv, header)',
    ]));
  it('\\copy reads a file into a table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-psql-copy-'));
    const file = join(dir, 'u.tsv');
    await writeFile(file, '1\tone\n2\t\\N\n');
    try {
      await compare([`\\copy s2.u from '${file}'`, 'SELECT * FROM s2.u ORDER BY a']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the catalog queries of psql tab completion answer as in PostgreSQL', () => {
  for (const [typed, query] of TAB_COMPLETION) {
    it(typed, () => compare(query, completions));
  }
});
