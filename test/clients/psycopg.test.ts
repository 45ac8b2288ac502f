// psycopg 3 against Eddy, end to end: starts Eddy in-process, runs test/clients/psycopg_check.py
// with the virtualenv python that .ci/run installed (scripts/clients/install.sh), and asserts the
// JSON summary it prints. The checks cover server-side parameter binding (extended protocol) of
// int, bigint > 2^53, numeric, text, bool, date, timestamptz, bytea, uuid, jsonb and float with
// exact Python values back, binary parameters (%b), text and binary results, timestamptz in a
// non-UTC session TimeZone, executemany (pipelined), RETURNING, transactions committed and
// rolled back, nested transaction blocks (SAVEPOINT, RELEASE, ROLLBACK TO, also after an
// error), errors (22012 raised as DivisionByZero, connection usable after rollback), COPY FROM
// STDIN / TO STDOUT in text and binary format, and prepared statements reused.
// Fails (does not skip) when psycopg is not installed.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks, scriptChecks } from './compat.js';
import { parseSummary, psycopgPython, runProcess, type CheckResult } from './drivers.js';

const SCRIPT = fileURLToPath(new URL('./psycopg_check.py', import.meta.url));

/** Every check of the script, in its order; each must pass. */
const PASSING = [
  'connect',
  'create_table',
  'insert_params',
  'select_text',
  'select_binary',
  'binary_params',
  'select_where_params',
  'literals_roundtrip',
  'session_timezone',
  'executemany',
  'executemany_returning',
  'pipeline',
  'transaction_rollback',
  'transaction_block',
  'savepoint',
  'division_by_zero',
  'error_autocommit',
  'copy_from_stdin',
  'copy_to_stdout',
  'copy_table_to_stdout_raw',
  'copy_binary',
  'prepared_reuse',
  'prepare_threshold_zero',
  'update_delete_rowcount',
  'server_side_cursor',
  'subscribe_fetch',
  'subscribe_stream',
] as const;

let server: TestServer;
let results: Record<string, CheckResult>;
const compat = new Checks(
  'psycopg',
  'psycopg 3',
  'text and binary parameters and results of 11 types, executemany, pipeline, transactions, ' +
    'savepoints, SQLSTATEs, COPY text and binary both ways, prepared statements, named cursors, ' +
    'SUBSCRIBE',
);

beforeAll(async () => {
  const python = psycopgPython();
  server = await startTestServer();
  const run = await runProcess(python, [SCRIPT, String(server.port)], { timeoutMs: 50_000 });
  results = parseSummary(run);
  compat.version = String(results['connect']?.['psycopg_version'] ?? 'unknown');
  for (const [name, r] of Object.entries(results)) compat.record(name, r.ok);
  compat.save();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('psycopg 3 against Eddy', () => {
  scriptChecks(PASSING, () => results, compat);

  it('reports PostgreSQL-compatible session details', () => {
    expect(results['connect']).toMatchObject({
      ok: true,
      encoding: 'utf-8',
      integer_datetimes: 'on',
      standard_conforming_strings: 'on',
    });
    expect(results['division_by_zero']).toMatchObject({ ok: true, message: 'division by zero' });
  });
});
