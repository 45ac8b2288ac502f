// Checks the PostgreSQL oracle harness itself: it starts a private server with the settings the
// tests rely on (UTF8, C collation, UTC), answers queries, and stops leaving nothing behind.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOracle, type Oracle } from './oracle.js';

describe('PostgreSQL oracle', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await startOracle();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it('answers select version()', async () => {
    const c = await oracle.client();
    const res = await c.query<{ version: string }>('select version()');
    expect(res.rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    await c.end();
  });

  it('runs with UTF8, C collation and UTC', async () => {
    const c = await oracle.client();
    const res = await c.query(
      "select current_setting('server_encoding') as enc, current_setting('lc_collate') as coll, current_setting('TimeZone') as tz",
    );
    expect(res.rows[0]).toEqual({ enc: 'UTF8', coll: 'C', tz: 'UTC' });
  });

  it('serves independent instances on distinct ports and cleans up on stop', async () => {
    const other = await startOracle();
    expect(other.port).not.toBe(oracle.port);
    const c = await other.client();
    await c.query('create table t (a int)');
    const dataDirRes = await c.query<{ d: string }>(
      "select current_setting('data_directory') as d",
    );
    const dataDir = dataDirRes.rows[0]?.d ?? '';
    expect(existsSync(dataDir)).toBe(true);
    await other.stop();
    expect(existsSync(dataDir)).toBe(false);
    // The first oracle never saw the table.
    const mine = await oracle.client();
    const res = await mine.query("select count(*)::int as n from pg_tables where tablename = 't'");
    expect(res.rows[0]).toEqual({ n: 0 });
  });
});
