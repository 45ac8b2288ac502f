// The sqllogictest runner against the PostgreSQL oracle: a hand-checked file must pass on real
// PostgreSQL (proving the runner right independently of Eddy), and wrong expectations of every
// kind must be reported as failures with the line, SQL, expected and actual values.
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSltFile, runSltText } from '../../src/slt/runner.js';
import { formatFileResult, formatTotals } from '../../src/slt/report.js';
import { startOracle, type Oracle } from '../support/oracle.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('sqllogictest runner on PostgreSQL', () => {
  let oracle: Oracle;
  let client: pg.Client;
  beforeAll(async () => {
    oracle = await startOracle();
  });
  afterAll(async () => {
    await oracle?.stop();
  });
  const fresh = async (): Promise<pg.Client> => {
    client = await oracle.client();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    return client;
  };

  it('passes the hand-checked basic.slt', async () => {
    const result = await runSltFile(fixture('basic.slt'), await fresh());
    expect(result.failures).toEqual([]);
    expect(result).toMatchObject({ passed: 18, failed: 0, skipped: 2, halted: true });
  });

  it('skips nothing and halts nowhere when told it is sqlite', async () => {
    const result = await runSltFile(fixture('basic.slt'), await fresh(), { engines: ['sqlite'] });
    // skipif postgresql runs (and fails: its expectation is wrong on purpose), onlyif sqlite runs
    // (not SQL), onlyif eddy is skipped, halt still applies.
    expect(result.skipped).toBe(1);
    expect(result.failures.map((f) => f.line)).toEqual([105, 111]);
  });

  it('reports each kind of mismatch', async () => {
    const text = [
      'statement ok',
      'CREATE TABLE t(a int, s text)',
      '',
      'statement ok',
      "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
      '',
      'statement ok',
      'SELECT * FROM missing',
      '',
      'statement error',
      'SELECT 1',
      '',
      'statement error syntax error',
      'SELECT 1/0',
      '',
      'statement count 5',
      'DELETE FROM t WHERE a > 10',
      '',
      'query IT rowsort',
      'SELECT a, s FROM t',
      '----',
      '1',
      'x',
      '2',
      'z',
      '',
      'query I',
      'SELECT a, s FROM t',
      '----',
      '1',
      '',
      'query I rowsort',
      'SELECT a FROM t',
      '----',
      '2 values hashing to 00000000000000000000000000000000',
      '',
      'query I rowsort lbl',
      'SELECT a FROM t',
      '----',
      '1',
      '2',
      '',
      'query I rowsort lbl',
      'SELECT a + 1 FROM t',
      '----',
      '2',
      '3',
      '',
      'query error',
      'SELECT 1',
      '',
    ].join('\n');
    const result = await runSltText(text, 'bad.slt', await fresh());
    expect(result.passed).toBe(3);
    expect(result.failures.map((f) => [f.line, f.message])).toEqual([
      [7, 'statement failed: relation "missing" does not exist'],
      [10, 'statement succeeded but an error was expected'],
      [13, 'error message does not match /syntax error/: division by zero'],
      [16, 'expected 5 rows affected, got 0'],
      [19, 'result values differ'],
      [27, 'wrong number of result columns: expected 1 but got 2'],
      [32, 'result hash differs'],
      [43, 'result differs from the one of label lbl at line 37'],
      [49, 'statement succeeded but an error was expected'],
    ]);
    const values = result.failures[4];
    expect(values).toMatchObject({
      sql: 'SELECT a, s FROM t',
      expected: ['1', 'x', '2', 'z'],
      actual: ['1', 'x', '2', 'y'],
    });
    expect(result.failures[6]?.actual?.[0]).toBe(
      '2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0',
    );
    const report = formatFileResult(result, 2);
    expect(report).toContain('FAIL bad.slt: 3 passed, 9 failed, 0 skipped');
    expect(report).toContain('bad.slt:7: statement failed');
    expect(report).toContain('... 7 more failures');
    expect(formatTotals([result, result])).toBe('6 passed, 18 failed, 0 skipped');
  });

  it('reports a parse error as one failure', async () => {
    const result = await runSltText('statement ok\nSELECT 1\n\nbogus\n', 'p.slt', await fresh());
    expect(result).toMatchObject({ passed: 0, failed: 1 });
    expect(result.failures[0]?.message).toBe('p.slt:4: unknown record type: bogus');
  });
});
