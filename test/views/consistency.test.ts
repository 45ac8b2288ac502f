// Consistency of materialized views under concurrent writers and readers: every SELECT reads one
// sealed tick, so two views over the same tables never disagree with each other or with the
// tables, however the writers' transactions interleave. Writers move amounts between accounts
// (the total never changes) and add new accounts (the total changes by a known amount); a
// transfer whose rows another writer changed first fails to commit (40001) rather than losing
// that writer's update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const c = await server.client();
  await c.query('CREATE TABLE acct (id int PRIMARY KEY, branch int, amount int)');
  await c.query('INSERT INTO acct SELECT g, g % 5, 100 FROM generate_series(1, 50) g');
  await c.query(
    'CREATE MATERIALIZED VIEW by_branch AS SELECT branch, sum(amount) AS s, count(*) AS n FROM acct GROUP BY branch',
  );
  await c.query(
    'CREATE MATERIALIZED VIEW total AS SELECT sum(amount) AS s, count(*) AS n FROM acct',
  );
  await c.query(
    'CREATE MATERIALIZED VIEW rich AS SELECT a.id, a.amount, b.s FROM acct a JOIN by_branch b ON a.branch = b.branch WHERE a.amount > 100',
  );
});

afterAll(async () => {
  await server?.stop();
});

describe('views read at one sealed tick', () => {
  it('never disagree with each other or the tables while writers run', async () => {
    let stop = false;
    let transfers = 0;
    let inserted = 0;
    let conflicts = 0;
    const writer = async (w: number): Promise<void> => {
      const c = await server.client();
      for (let i = 0; !stop; i++) {
        if (i % 5 === 4) {
          // A new account; the total grows by its amount.
          const id = 1000 + w * 100_000 + i;
          await c.query('INSERT INTO acct VALUES ($1, $2, 7)', [id, i % 5]);
          inserted++;
          continue;
        }
        const from = 1 + ((i * 7 + w * 13) % 50);
        const to = 1 + ((i * 11 + w * 3) % 50);
        await c.query('BEGIN');
        await c.query('UPDATE acct SET amount = amount - 3 WHERE id = $1', [from]);
        await c.query('UPDATE acct SET amount = amount + 3 WHERE id = $1', [to]);
        try {
          await c.query('COMMIT');
          transfers++;
        } catch (e) {
          // Another writer changed one of the rows first: no lost update, the commit fails.
          expect((e as { code?: string }).code).toBe('40001');
          conflicts++;
        }
      }
    };
    const reader = async (): Promise<number> => {
      const c = await server.client();
      let checks = 0;
      while (!stop) {
        const r = await c.query<{
          views_agree: boolean;
          table_agrees: boolean;
          counts_agree: boolean;
          join_agrees: boolean;
        }>(`SELECT
              (SELECT sum(s) FROM by_branch) = (SELECT s FROM total) AS views_agree,
              (SELECT sum(amount) FROM acct) = (SELECT s FROM total) AS table_agrees,
              (SELECT sum(n) FROM by_branch) = (SELECT count(*) FROM acct) AS counts_agree,
              (SELECT count(*) FROM rich) =
                (SELECT count(*) FROM acct WHERE amount > 100) AS join_agrees`);
        expect(r.rows[0]).toEqual({
          views_agree: true,
          table_agrees: true,
          counts_agree: true,
          join_agrees: true,
        });
        // The total only ever changes by new accounts.
        const t = await c.query<{ s: string; n: string }>('SELECT s, n FROM total');
        const n = Number(t.rows[0]!.n);
        expect(Number(t.rows[0]!.s)).toBe(50 * 100 + (n - 50) * 7);
        checks++;
      }
      return checks;
    };
    const writers = [0, 1, 2].map((w) => writer(w));
    const readers = [reader(), reader()];
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await Promise.all(writers);
    const checks = await Promise.all(readers);
    expect(transfers).toBeGreaterThan(20);
    expect(inserted).toBeGreaterThan(5);
    expect(conflicts).toBeLessThan(transfers);
    expect(checks.reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
  }, 60_000);
});
