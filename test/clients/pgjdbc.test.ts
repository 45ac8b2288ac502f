// pgjdbc against Eddy, end to end: starts Eddy in-process, compiles test/clients/java/*.java with
// javac into a temp dir (classpath: the pgjdbc jar that .ci/run installed, see
// scripts/clients/install.sh), runs it with the server's port and asserts the JSON summary it
// prints. Checks: Statement and PreparedStatement with setInt/setLong/setBigDecimal/setString/
// setBoolean/setDate/setTimestamp/setBytes/setObject(UUID), ResultSet getters, server-side
// prepared statements reused, more types (TypeChecks.java: real, time, interval, jsonb, char(n),
// int4[] / text[] arrays, java.time classes), executeBatch (plain and rewritten), autocommit off
// with commit and rollback, SQLState 22012 and 25P02, and DatabaseMetaData (getTables, getColumns,
// getPrimaryKeys, getSchemas, getTypeInfo), which pgjdbc answers with pg_catalog queries.
// Expected metadata values are what PostgreSQL 15 returns for the same schema.
// Fails (does not skip) when java, javac or the jar is missing.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks, scriptChecks } from './compat.js';
import {
  describeFailure,
  parseSummary,
  pgjdbcJar,
  runProcess,
  type CheckResult,
} from './drivers.js';

const JAVA_DIR = fileURLToPath(new URL('./java/', import.meta.url));

/** Checks that pass against Eddy today, in the program's order. */
const PASSING = [
  'connect',
  'create_table',
  'prepared_insert',
  'resultset_getters',
  'statement_query',
  'simple_query_mode',
  'prepared_reuse',
  'prepared_types',
  'batch_insert',
  'batch_rewritten',
  'transaction_commit_rollback',
  'sqlstate_22012',
  'error_in_transaction',
  'create_view',
  'metadata',
] as const;

/** What PostgreSQL 15 returns for the metadata checks on the same fresh schema. */
const EXPECTED_ROWS: Readonly<Record<string, readonly string[]>> = {
  getTables: ['jt_pkey|INDEX', 'jtypes_pkey|INDEX', 'jt|TABLE', 'jtypes|TABLE', 'jv|VIEW'],
  getTables_typed: ['jv|VIEW'],
  getColumns: [
    '1|i|int4|4|NO',
    '2|big|int8|-5|YES',
    '3|num|numeric|2|YES',
    '4|txt|text|12|YES',
    '5|flag|bool|-7|YES',
    '6|day|date|91|YES',
    '7|ts|timestamp|93|YES',
    '8|tstz|timestamptz|93|YES',
    '9|raw|bytea|-2|YES',
    '10|id|uuid|1111|YES',
    '11|fl|float8|8|YES',
    '12|short|int2|5|YES',
  ],
  getPrimaryKeys: ['i|1|jt_pkey'],
  getIndexInfo: ['jt_pkey|f|1|i'],
  getTypeInfo: [
    'bool|-7',
    'int4|4',
    'int8|-5',
    'jsonb|1111',
    'numeric|2',
    'text|12',
    'timestamptz|93',
    'uuid|1111',
  ],
  getSchemas: ['information_schema', 'pg_catalog', 'public'],
};

/** Checks whose rows must include these (PostgreSQL has more databases). */
const CONTAINS: Readonly<Record<string, readonly string[]>> = {
  getCatalogs: ['eddy'],
  getTableTypes: ['TABLE', 'VIEW', 'INDEX'],
};

let server: TestServer;
let results: Record<string, CheckResult>;
const compat = new Checks(
  'pgjdbc',
  'pgjdbc',
  'Statement, PreparedStatement with 20 types (server-side prepared, binary), batches ' +
    '(plain and rewritten), transactions, SQLSTATEs, DatabaseMetaData getTables/getColumns/' +
    'getPrimaryKeys/getIndexInfo/getTypeInfo/getSchemas',
);
let classes: string;

beforeAll(async () => {
  const jar = pgjdbcJar();
  classes = mkdtempSync(join(tmpdir(), 'eddy-pgjdbc-'));
  const sources = readdirSync(JAVA_DIR)
    .filter((f) => f.endsWith('.java'))
    .map((f) => join(JAVA_DIR, f));
  const javac = await runProcess('javac', ['-d', classes, '-cp', jar, ...sources], {
    timeoutMs: 50_000,
  });
  if (javac.code !== 0) throw new Error(`javac failed:\n${javac.stdout}${javac.stderr}`);
  server = await startTestServer();
  const run = await runProcess(
    'java',
    ['-Duser.timezone=UTC', '-cp', `${jar}:${classes}`, 'EddyJdbcCheck', String(server.port)],
    { timeoutMs: 50_000 },
  );
  results = parseSummary(run);
  compat.version = String(results['connect']?.['driver'] ?? 'unknown');
  for (const [name, r] of Object.entries(results)) compat.record(name, r.ok);
  compat.save();
}, 90_000);

afterAll(async () => {
  await server?.stop();
  if (classes !== undefined) rmSync(classes, { recursive: true, force: true });
});

describe('pgjdbc against Eddy', () => {
  scriptChecks(PASSING, () => results, compat, [
    ...Object.keys(EXPECTED_ROWS),
    ...Object.keys(CONTAINS),
  ]);

  it.each(Object.keys(EXPECTED_ROWS))('%s returns what PostgreSQL returns', (name) => {
    const result = results[name];
    expect(result?.ok, describeFailure(name, result)).toBe(true);
    expect(result?.['rows']).toEqual(EXPECTED_ROWS[name]);
  });

  it.each(Object.keys(CONTAINS))('%s lists', (name) => {
    const result = results[name];
    expect(result?.ok, describeFailure(name, result)).toBe(true);
    expect(result?.['rows']).toEqual(expect.arrayContaining([...(CONTAINS[name] ?? [])]));
  });

  it('reports the result column types and the 22012 message as PostgreSQL does', () => {
    expect(results['resultset_getters']).toMatchObject({
      columnTypes: 'int4,int8,numeric,text,bool,date,timestamp,timestamptz,bytea,uuid,float8,int2',
    });
    expect(String(results['sqlstate_22012']?.['message'])).toMatch(/^ERROR: division by zero/);
  });
});
