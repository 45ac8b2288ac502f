// Crash safety of materialized views: the server (a child process) is killed with SIGKILL while
// several clients write, then restarted on the same data, several times. After each restart:
// every acknowledged write is in the tables, an uncommitted transaction is not, and every view —
// grouped, joined, outer-joined, and a view over a view — equals its query run over the tables
// at that moment (each committed write counted exactly once, none half-applied). The views are
// read straight after the restart: their state is in LMDB, nothing is recomputed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';

const VIEWS: Record<string, string> = {
  by_group:
    'SELECT id % 7 AS g, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi FROM a GROUP BY id % 7',
  joined: 'SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id',
  left_joined: 'SELECT a.id, b.w FROM a LEFT JOIN b ON a.id = b.id',
  totals: 'SELECT count(*) AS groups, sum(n) AS n, sum(s) AS s FROM by_group',
};

const dataDir = mkdtempSync(join(tmpdir(), 'eddy-crash-'));
let server: ChildServer | undefined;

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function sorted(c: pg.Client, sql: string): Promise<string[]> {
  const r = await c.query({ text: sql, rowMode: 'array' });
  return (r.rows as unknown[][]).map((row) => JSON.stringify(row)).sort();
}

/** The model of table a (id → v) and b (id → w) from acknowledged writes. */
interface Model {
  a: Map<number, number>;
  b: Map<number, number>;
}

describe('materialized views survive kill -9', () => {
  it('keeps every committed write exactly once in every view across restarts', async () => {
    server = await startChildServer(dataDir);
    let c = await server.client();
    await c.query('CREATE TABLE a (id int PRIMARY KEY, v int)');
    await c.query('CREATE TABLE b (id int, w int)');
    for (const [name, sql] of Object.entries(VIEWS))
      await c.query(`CREATE MATERIALIZED VIEW ${name} AS ${sql}`);
    const model: Model = { a: new Map(), b: new Map() };
    let nextId = 1;
    let rounds = 0;
    let acknowledged = 0;
    for (let round = 0; round < 3; round++) {
      // An open transaction that never commits: its row must not survive.
      const open = await server.client();
      await open.query('BEGIN');
      await open.query('INSERT INTO a VALUES (-1, 1)');
      const uncertain = new Set<number>();
      let stop = false;
      const writer = async (w: number): Promise<void> => {
        const cl = await server!.client();
        let i = 0;
        while (!stop) {
          i++;
          const acked = [...model.a.keys()].filter((id) => !uncertain.has(id));
          const pick = acked[(i * 31 + w * 17) % Math.max(1, acked.length)];
          // Mostly inserts (into a, then b), some updates and deletes of acknowledged rows.
          const op = pick === undefined ? 0 : [0, 0, 0, 1, 1, 2, 3][(i + w) % 7]!;
          const id = op === 0 || op === 1 ? nextId++ : pick!;
          uncertain.add(id);
          try {
            if (op === 0) {
              await cl.query('INSERT INTO a VALUES ($1, $2)', [id, id % 100]);
              model.a.set(id, id % 100);
            } else if (op === 1) {
              await cl.query('INSERT INTO b VALUES ($1, $2)', [id - 1, id]);
              model.b.set(id - 1, id);
            } else if (op === 2) {
              await cl.query('UPDATE a SET v = v + 1000 WHERE id = $1', [id]);
              model.a.set(id, model.a.get(id)! + 1000);
            } else {
              await cl.query('DELETE FROM a WHERE id = $1', [id]);
              model.a.delete(id);
            }
            uncertain.delete(id);
            acknowledged++;
          } catch {
            return; // the server is gone; this write's outcome is unknown
          }
        }
      };
      const writers = [0, 1, 2, 3].map((w) => writer(w));
      await new Promise((r) => setTimeout(r, 400 + round * 200));
      await server.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);

      const started = Date.now();
      server = await startChildServer(dataDir);
      c = await server.client();
      // Views answer at once after the restart.
      await c.query('SELECT * FROM totals');
      expect(Date.now() - started).toBeLessThan(10_000);

      // Acknowledged writes are there; writes in flight at the kill may or may not be.
      const a = new Map(
        (await c.query<{ id: number; v: number }>('SELECT id, v FROM a')).rows.map((r) => [
          r.id,
          r.v,
        ]),
      );
      expect(a.has(-1)).toBe(false);
      for (const [id, v] of model.a) if (!uncertain.has(id)) expect(a.get(id)).toBe(v);
      for (const id of a.keys()) if (!uncertain.has(id)) expect(model.a.has(id)).toBe(true);
      const b = (await c.query<{ id: number; w: number }>('SELECT id, w FROM b')).rows;
      for (const [id, w] of model.b)
        if (!uncertain.has(id + 1)) expect(b.some((r) => r.id === id && r.w === w)).toBe(true);
      // Continue from what the tables hold.
      model.a = a;
      model.b = new Map(b.map((r) => [r.id, r.w]));

      // Every view equals its query over the tables: nothing lost, nothing counted twice.
      for (const [name, sql] of Object.entries(VIEWS))
        expect(await sorted(c, `SELECT * FROM ${name}`), name).toEqual(await sorted(c, sql));
      rounds++;
    }
    expect(rounds).toBe(3);
    expect(acknowledged).toBeGreaterThan(50);
    expect(model.a.size).toBeGreaterThan(10);
  }, 120_000);

  it('hydrates a view again after a crash during its hydration', async () => {
    await server?.kill();
    const dir = mkdtempSync(join(tmpdir(), 'eddy-crash-hydrate-'));
    try {
      server = await startChildServer(dir);
      let c = await server.client();
      await c.query('CREATE TABLE big (id int PRIMARY KEY, g int)');
      await c.query('INSERT INTO big SELECT i, i % 50 FROM generate_series(1, 150000) i');
      const creating = c
        .query('CREATE MATERIALIZED VIEW per_g AS SELECT g, count(*) AS n FROM big GROUP BY g')
        .catch(() => undefined);
      // The CREATE has committed the view; kill the server while it hydrates.
      const probe = await server.client();
      for (;;) {
        const r = await probe.query("SELECT count(*) AS n FROM pg_class WHERE relname = 'per_g'");
        if (r.rows[0].n === '1') break;
      }
      await server.kill('SIGKILL');
      await creating;
      server = await startChildServer(dir);
      c = await server.client();
      // It hydrates again from scratch after the restart, then answers exactly.
      let rows: unknown[] | undefined;
      for (let i = 0; i < 600 && rows === undefined; i++) {
        try {
          rows = (await c.query('SELECT sum(n) AS total, count(*) AS groups FROM per_g')).rows;
        } catch (e) {
          expect((e as { code?: string }).code).toBe('55000');
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(rows).toEqual([{ total: '150000', groups: '50' }]);
    } finally {
      await server?.kill();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
