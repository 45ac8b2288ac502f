// Runs sqllogictest records through a `pg` client using the simple query protocol, with every
// value fetched as text (no client-side parsing) so what is compared is exactly what the server
// sent. One result per file: records passed, failed (with the details) and skipped.
//
// Expected values are compared value by value (one per line, the SQLite layout) or row by row
// (one row per line, values separated by spaces, the sqllogictest-rs layout), whichever matches
// the count; an `N values hashing to H` result is compared by hash whatever the hash-threshold.
// Queries with a label must give the same values as every earlier query with that label.
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { parseSlt } from './parser.js';
import { SltParseError, type QueryRecord, type SltRecord, type StatementRecord } from './record.js';
import { hashValues, normalizeRows, sortedValues } from './values.js';
import { assertNever } from '../repr/types.js';

export interface SltFailure {
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  readonly message: string;
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
}

export interface SltResult {
  readonly file: string;
  passed: number;
  failed: number;
  skipped: number;
  /** True when a `halt` record stopped the file early. */
  halted: boolean;
  readonly failures: SltFailure[];
}

export interface SltOptions {
  /** Engine names for skipif/onlyif: a record `onlyif X` runs only if X is one of these. */
  readonly engines?: readonly string[];
  /** Applied to each record's SQL before it is sent (for example `materializedAsPlainViews`). */
  readonly rewrite?: (sql: string) => string;
}

/** The engines Eddy answers to: it must behave as PostgreSQL does. */
export const DEFAULT_ENGINES: readonly string[] = ['postgresql', 'eddy'];

/**
 * `CREATE`/`DROP MATERIALIZED VIEW` at the start of a statement become `CREATE`/`DROP VIEW`: run
 * on PostgreSQL, whose materialized views are snapshots, a file about incrementally maintained
 * views then checks them against plain views, which is what an always-fresh view must equal.
 */
export function materializedAsPlainViews(sql: string): string {
  return sql.replace(/(^|;)(\s*)(CREATE|DROP)\s+MATERIALIZED\s+VIEW\b/gi, '$1$2$3 VIEW');
}

/** Every value as the server's text, no parsing. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

type Outcome =
  { kind: 'pass' } | { kind: 'fail'; failure: Omit<SltFailure, 'file' | 'line' | 'sql'> };
const PASS: Outcome = { kind: 'pass' };
const fail = (
  message: string,
  expected?: readonly string[],
  actual?: readonly string[],
): Outcome => ({
  kind: 'fail',
  failure: { message, ...(expected && { expected }), ...(actual && { actual }) },
});

export async function runSltFile(
  path: string,
  client: pg.Client,
  options: SltOptions = {},
): Promise<SltResult> {
  return runSltText(await readFile(path, 'utf8'), path, client, options);
}

export async function runSltText(
  text: string,
  file: string,
  client: pg.Client,
  options: SltOptions = {},
): Promise<SltResult> {
  const result: SltResult = { file, passed: 0, failed: 0, skipped: 0, halted: false, failures: [] };
  let records: SltRecord[];
  try {
    records = parseSlt(text, file);
  } catch (err) {
    if (!(err instanceof SltParseError)) throw err;
    result.failed++;
    result.failures.push({ file, line: err.line, sql: '', message: err.message });
    return result;
  }
  const engines = new Set(options.engines ?? DEFAULT_ENGINES);
  const rewrite = options.rewrite ?? ((sql: string) => sql);
  const labels = new Map<string, { count: number; hash: string; line: number }>();
  for (const record of records) {
    const applies = record.conditions.every((c) =>
      c.kind === 'skipif' ? !engines.has(c.engine) : engines.has(c.engine),
    );
    if (!applies) {
      if (record.kind === 'statement' || record.kind === 'query') result.skipped++;
      continue;
    }
    let outcome: Outcome;
    switch (record.kind) {
      case 'hash-threshold':
        continue; // Hashed results are recognised by their shape; see the file comment.
      case 'halt':
        result.halted = true;
        return result;
      case 'statement':
        outcome = await runStatement({ ...record, sql: rewrite(record.sql) }, client);
        break;
      case 'query':
        outcome = await runQuery({ ...record, sql: rewrite(record.sql) }, client, labels);
        break;
      default:
        return assertNever(record);
    }
    if (outcome.kind === 'pass') {
      result.passed++;
    } else {
      result.failed++;
      result.failures.push({ file, line: record.line, sql: record.sql, ...outcome.failure });
    }
  }
  return result;
}

type Executed = { kind: 'ok'; result: pg.QueryArrayResult } | { kind: 'error'; message: string };

async function execute(client: pg.Client, sql: string): Promise<Executed> {
  try {
    const res: unknown = await client.query({ text: sql, rowMode: 'array', types: RAW_TEXT });
    // Several statements in one record give several results: the last one is the answer.
    const all = (Array.isArray(res) ? res : [res]) as pg.QueryArrayResult[];
    const last = all[all.length - 1];
    if (last === undefined) throw new Error('no result');
    return { kind: 'ok', result: last };
  } catch (err) {
    if (err instanceof Error && !isServerError(err)) throw err; // connection lost, etc.
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

/** A statement the server rejected (it has a SQLSTATE), as opposed to a broken connection. */
function isServerError(err: Error): boolean {
  const code: unknown = (err as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

function errorOutcome(ran: Executed, pattern: string | undefined): Outcome {
  if (ran.kind === 'ok') return fail('statement succeeded but an error was expected');
  if (pattern !== undefined && !new RegExp(pattern).test(ran.message)) {
    return fail(`error message does not match /${pattern}/: ${ran.message}`);
  }
  return PASS;
}

async function runStatement(record: StatementRecord, client: pg.Client): Promise<Outcome> {
  const ran = await execute(client, record.sql);
  const expect = record.expect;
  switch (expect.kind) {
    case 'error':
      return errorOutcome(ran, expect.pattern);
    case 'ok':
      return ran.kind === 'ok' ? PASS : fail(`statement failed: ${ran.message}`);
    case 'count':
      if (ran.kind === 'error') return fail(`statement failed: ${ran.message}`);
      return ran.result.rowCount === expect.count
        ? PASS
        : fail(`expected ${expect.count} rows affected, got ${String(ran.result.rowCount)}`);
    default:
      return assertNever(expect);
  }
}

async function runQuery(
  record: QueryRecord,
  client: pg.Client,
  labels: Map<string, { count: number; hash: string; line: number }>,
): Promise<Outcome> {
  const ran = await execute(client, record.sql);
  const expect = record.expect;
  if (expect.kind === 'error') return errorOutcome(ran, expect.pattern);
  if (ran.kind === 'error') return fail(`query failed: ${ran.message}`);
  const columns = ran.result.fields.length;
  if (columns !== record.types.length) {
    return fail(
      `wrong number of result columns: expected ${record.types.length} but got ${columns}`,
    );
  }
  const rows = normalizeRows(ran.result.rows as (string | null)[][], record.types);
  const values = sortedValues(rows, record.sort);
  const hash = hashValues(values);
  if (record.label !== undefined) {
    const prev = labels.get(record.label);
    if (prev === undefined)
      labels.set(record.label, { count: values.length, hash, line: record.line });
    else if (prev.hash !== hash || prev.count !== values.length) {
      return fail(
        `result differs from the one of label ${record.label} at line ${prev.line}`,
        [`${prev.count} values hashing to ${prev.hash}`],
        [`${values.length} values hashing to ${hash}`],
      );
    }
  }
  switch (expect.kind) {
    case 'hash':
      return expect.count === values.length && expect.hash === hash
        ? PASS
        : fail(
            'result hash differs',
            [`${expect.count} values hashing to ${expect.hash}`],
            [`${values.length} values hashing to ${hash}`, ...values.slice(0, 20)],
          );
    case 'values':
      return compareLines(expect.lines, rows, values, record);
    default:
      return assertNever(expect);
  }
}

function compareLines(
  lines: readonly string[],
  rows: readonly (readonly string[])[],
  values: readonly string[],
  record: QueryRecord,
): Outcome {
  const trimmed = lines.map((l) => l.trim());
  let expected: string[];
  let actual: string[];
  if (trimmed.length === values.length) {
    // One value per line; sort the expectation the same way, so hand-written files may list rows
    // in any order under rowsort/valuesort.
    const width = record.types.length;
    const expRows: string[][] = [];
    for (let r = 0; r < trimmed.length; r += width) expRows.push(trimmed.slice(r, r + width));
    expected = sortedValues(expRows, record.sort);
    actual = [...values];
  } else if (record.sort === 'valuesort') {
    // One row per line, but only the multiset of values matters.
    expected = sortStrings(trimmed.flatMap((l) => l.split(/\s+/)));
    actual = [...values];
  } else {
    // One row per line, values separated by whitespace.
    expected = trimmed.map((l) => l.split(/\s+/).join(' '));
    actual = rows.map((r) => r.join(' '));
    if (record.sort === 'rowsort') {
      expected = sortStrings(expected);
      actual = sortStrings(actual);
    }
  }
  const same = expected.length === actual.length && expected.every((v, k) => v === actual[k]);
  return same ? PASS : fail('result values differ', expected, actual);
}

function sortStrings(xs: readonly string[]): string[] {
  return [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
