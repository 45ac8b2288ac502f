// SQLAlchemy 2 (psycopg 3 dialect) and pandas against Eddy, end to end: starts Eddy in-process,
// runs test/clients/python/sqlalchemy_check.py with the virtualenv python that .ci/run installed
// (scripts/clients/install.sh) and asserts the JSON summary it prints. Checks: Core insert
// (executemany) and select with bound parameters, the inspector's reflection calls
// (get_table_names, get_view_names, get_materialized_view_names, get_columns,
// get_pk_constraint), Table autoload, and pandas.read_sql of a query, of a table name (reflected
// first) and of a materialized view. Expected values are what PostgreSQL 15 returns for the same
// script (`python sqlalchemy_check.py 0 postgresql+psycopg://...`). Fails (does not skip) when
// the virtualenv is missing.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks, scriptChecks } from './compat.js';
import { parseSummary, psycopgPython, runProcess, type CheckResult } from './drivers.js';

const SCRIPT = fileURLToPath(new URL('./python/sqlalchemy_check.py', import.meta.url));

/** Every check of the script, in its order; each must pass. */
const PASSING = [
  'connect',
  'create_schema',
  'core_insert_select',
  'create_materialized_view',
  'get_table_names',
  'get_view_names',
  'get_materialized_view_names',
  'get_columns',
  'get_pk_constraint',
  'reflect_table',
  'pandas_read_sql_query',
  'pandas_read_sql_table',
  'pandas_materialized_view',
] as const;

/** Details PostgreSQL 15 reports for the same script. */
const AS_POSTGRESQL: Readonly<Record<string, Record<string, unknown>>> = {
  get_table_names: { names: ['sa_t'] },
  get_view_names: { names: ['sa_v'] },
  get_materialized_view_names: { names: ['sa_mv'] },
  get_columns: {
    columns: [
      ['id', 'INTEGER', false, null],
      ['name', 'TEXT', false, null],
      ['amount', 'NUMERIC(10, 2)', true, null],
      ['at', 'TIMESTAMP', true, null],
      ['tags', 'ARRAY', true, null],
      ['flag', 'BOOLEAN', true, 'true'],
    ],
  },
  get_pk_constraint: { constrained_columns: ['id'], name: 'sa_t_pkey' },
  reflect_table: {
    columns: ['id', 'name', 'amount', 'at', 'tags', 'flag'],
    primary_key: ['id'],
  },
  pandas_read_sql_query: {
    dtypes: { id: 'int64', name: 'object', amount: 'float64', at: 'datetime64[ns, UTC]' },
  },
  pandas_read_sql_table: {
    dtypes: {
      id: 'int64',
      name: 'object',
      amount: 'float64',
      at: 'datetime64[ns, UTC]',
      tags: 'object',
      flag: 'bool',
    },
  },
};

let server: TestServer;
let results: Record<string, CheckResult>;
const compat = new Checks(
  'sqlalchemy',
  'SQLAlchemy 2 + pandas',
  'Core insert/select with parameters, inspector get_table_names/get_view_names/' +
    'get_materialized_view_names/get_columns/get_pk_constraint, Table autoload, ' +
    'pandas.read_sql of a query, a table and a materialized view',
);

beforeAll(async () => {
  const python = psycopgPython();
  server = await startTestServer();
  const run = await runProcess(python, [SCRIPT, String(server.port)], { timeoutMs: 80_000 });
  results = parseSummary(run);
  const connect = results['connect'];
  compat.version = `SQLAlchemy ${String(connect?.['sqlalchemy'])}, pandas ${String(connect?.['pandas'])}`;
  for (const [name, r] of Object.entries(results)) compat.record(name, r.ok);
  compat.save();
}, 100_000);

afterAll(async () => {
  await server?.stop();
});

describe('SQLAlchemy 2 and pandas against Eddy', () => {
  scriptChecks(PASSING, () => results, compat);

  it.each(Object.keys(AS_POSTGRESQL))('%s answers as PostgreSQL does', (name) => {
    expect(results[name]).toMatchObject({ ok: true, ...AS_POSTGRESQL[name] });
  });
});
