// Helpers of the Kafka end-to-end tests: polling a query until it gives what a test expects (a
// source ingests asynchronously), and the SQL that connects a server to the run's broker.
import type pg from 'pg';

/** Runs `sql` until `check` accepts its rows; returns them, or fails after `timeoutMs`. */
export async function until<T extends Record<string, unknown>>(
  c: pg.Client,
  sql: string,
  check: (rows: T[]) => boolean,
  timeoutMs = 20_000,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: T[] = [];
  for (;;) {
    rows = (await c.query<T>(sql)).rows;
    if (check(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting on ${sql}; last rows: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until `sql` returns exactly `expected` (compared as JSON). */
export function untilRows(
  c: pg.Client,
  sql: string,
  expected: readonly Record<string, unknown>[],
  timeoutMs = 20_000,
): Promise<Record<string, unknown>[]> {
  const want = JSON.stringify(expected);
  return until(c, sql, (rows) => JSON.stringify(rows) === want, timeoutMs);
}

/** The error a statement fails with: its SQLSTATE and message. */
export async function failure(
  c: pg.Client,
  sql: string,
): Promise<{ code: string; message: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? '', message: err.message };
  }
  throw new Error(`expected ${sql} to fail`);
}
