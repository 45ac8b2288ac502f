// The read-only port (src/read-port.ts): connections served by reader processes beside the
// writer, over the same LMDB environment. Runs the built server (`eddy serve --read-port 0`) as
// a child process: the readers are processes of their own, and the last test kills the writer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { findPgBinDir } from '../support/oracle.js';
import { sendCancelRequest } from '../support/cancel.js';

let server: ChildServer;
let dataDir: string;
let primary: pg.Client;
let reader: pg.Client;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'eddy-read-port-'));
  server = await startChildServer(dataDir, [], ['--read-port', '0', '--read-processes', '2']);
  primary = await server.client();
  reader = await server.client(true);
  await primary.query('CREATE TABLE t (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL)');
  await primary.query(
    'CREATE MATERIALIZED VIEW by_g AS SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g',
  );
  await primary.query('CREATE INDEX ON by_g (g)');
  await primary.query('INSERT INTO t SELECT i, i % 10, i FROM generate_series(1, 1000) AS i');
}, 60_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The reader processes of the server (its child processes), from /proc. */
function readerPids(): number[] {
  const pid = server.child.pid!;
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(' ')
    .filter((p) => p.trim() !== '')
    .map(Number);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('read-only port', () => {
  it('answers reads as the primary port does', async () => {
    for (const sql of [
      'SELECT * FROM by_g ORDER BY g',
      'SELECT count(*), sum(v) FROM t',
      'SELECT id, v FROM t WHERE id IN (1, 500, 1000) ORDER BY id',
    ]) {
      const [a, b] = [await primary.query(sql), await reader.query(sql)];
      expect(b.rows).toEqual(a.rows);
    }
    // A prepared point lookup on the indexed view, with parameters.
    const r = await reader.query({
      name: 'look',
      text: 'SELECT n, total FROM by_g WHERE g = $1',
      values: [3],
    });
    expect(r.rows).toEqual([{ n: '100', total: String((3 + 993) * 50) }]);
    const plan = await reader.query('EXPLAIN SELECT n FROM by_g WHERE g = 3');
    expect(JSON.stringify(plan.rows)).toMatch(/lookup/i);
  });

  it('sees every write and DDL the primary acknowledged, at once', async () => {
    const others = await Promise.all([server.client(true), server.client(true)]);
    for (let i = 1; i <= 100; i++) {
      await primary.query('UPDATE t SET v = v + 1 WHERE id = $1', [i]);
      const c = others[i % 2]!;
      const r = await c.query('SELECT total FROM by_g WHERE g = $1', [i % 10]);
      const p = await primary.query('SELECT total FROM by_g WHERE g = $1', [i % 10]);
      expect(r.rows).toEqual(p.rows);
    }
    await primary.query('CREATE TABLE fresh (a int)');
    await primary.query('INSERT INTO fresh VALUES (1), (2)');
    for (const c of others)
      expect((await c.query('SELECT sum(a) FROM fresh')).rows).toEqual([{ sum: '3' }]);
    await primary.query('DROP TABLE fresh');
    for (const c of others)
      await expect(c.query('SELECT * FROM fresh')).rejects.toMatchObject({ code: '42P01' });
    await Promise.all(others.map((c) => c.end()));
  });

  it('reads right through DDL on the primary: an answer, 42P01, 55000 (hydrating) or 40001 (conflict)', async () => {
    const readers = await Promise.all([server.client(true), server.client(true)]);
    let done = false;
    const seen = new Map<string, number>();
    const loops = readers.map(async (c) => {
      while (!done) {
        for (const sql of ['SELECT n FROM churn WHERE g = 1', 'SELECT count(*) AS n FROM t']) {
          const outcome = await c.query(sql).then(
            (r) => JSON.stringify(r.rows),
            (e: { code?: string }) => e.code ?? 'no code',
          );
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        }
      }
    });
    for (let i = 0; i < 40; i++) {
      await primary.query(
        'CREATE MATERIALIZED VIEW churn AS SELECT g, count(*) AS n FROM t WHERE g < 5 GROUP BY g',
      );
      await primary.query('CREATE INDEX ON churn (g)');
      await primary.query('DROP MATERIALIZED VIEW churn');
    }
    done = true;
    await Promise.all(loops);
    await Promise.all(readers.map((c) => c.end()));
    // Never an empty or partial answer: a view either is there, whole, or is not.
    const allowed = new Set(['[{"n":"100"}]', '[{"n":"1000"}]', '42P01', '40001', '55000']);
    expect([...seen.keys()].filter((k) => !allowed.has(k))).toEqual([]);
    expect(seen.get('[{"n":"1000"}]')).toBeGreaterThan(0);
  });

  it('refuses writes as a read-only transaction, and the session goes on', async () => {
    const refused: [string, string][] = [
      ['INSERT INTO t VALUES (5000, 1, 1)', 'cannot execute INSERT in a read-only transaction'],
      ['UPDATE t SET v = 0', 'cannot execute UPDATE in a read-only transaction'],
      ['DELETE FROM t', 'cannot execute DELETE in a read-only transaction'],
      ['CREATE TABLE u (a int)', 'cannot execute CREATE TABLE in a read-only transaction'],
      ['DROP TABLE t', 'cannot execute DROP TABLE in a read-only transaction'],
      ['TRUNCATE t', 'cannot execute TRUNCATE TABLE in a read-only transaction'],
      [
        'CREATE MATERIALIZED VIEW m AS SELECT 1',
        'cannot execute CREATE MATERIALIZED VIEW in a read-only transaction',
      ],
      ['SELECT * INTO u FROM t', 'cannot execute SELECT INTO in a read-only transaction'],
      ['COPY t FROM STDIN', 'cannot execute COPY FROM in a read-only transaction'],
      [
        // PostgreSQL names the whole statement.
        'WITH d AS (DELETE FROM t RETURNING id) SELECT count(*) FROM d',
        'cannot execute SELECT in a read-only transaction',
      ],
      ["SELECT nextval('s')", 'cannot execute nextval() in a read-only transaction'],
    ];
    await primary.query('CREATE SEQUENCE s');
    for (const [sql, message] of refused)
      await expect(reader.query(sql), sql).rejects.toMatchObject({ code: '25006', message });
    await expect(reader.query('SUBSCRIBE t')).rejects.toMatchObject({ code: '0A000' });
    // As on a PostgreSQL standby, the block began and is aborted.
    await expect(reader.query('BEGIN READ WRITE')).rejects.toMatchObject({
      code: '25006',
      message: 'cannot set transaction read-write mode during recovery',
    });
    await expect(reader.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await reader.query('ROLLBACK');
    // Nothing was written, and the session still reads.
    expect((await primary.query('SELECT count(*) FROM t')).rows).toEqual([{ count: '1000' }]);
    expect((await reader.query('SELECT count(*) FROM t')).rows).toEqual([{ count: '1000' }]);
    expect((await reader.query('SELECT last_value, is_called FROM s')).rows).toEqual([
      { last_value: '1', is_called: false },
    ]);
  });

  it('reports itself as a hot standby; transactions, SET and cursors work', async () => {
    expect((await reader.query('SHOW in_hot_standby')).rows).toEqual([{ in_hot_standby: 'on' }]);
    expect((await primary.query('SHOW in_hot_standby')).rows).toEqual([{ in_hot_standby: 'off' }]);
    expect((await reader.query('SHOW transaction_read_only')).rows).toEqual([
      { transaction_read_only: 'on' },
    ]);
    await reader.query('SET search_path = public');
    await reader.query('BEGIN');
    await reader.query('DECLARE c CURSOR FOR SELECT id FROM t ORDER BY id');
    expect((await reader.query('FETCH 2 FROM c')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await reader.query('COMMIT');
  });

  it("is chosen by libpq's target_session_attrs", () => {
    const psql = join(findPgBinDir(), 'psql');
    const ask = (attrs: string): string =>
      execFileSync(
        psql,
        [
          `host=127.0.0.1,127.0.0.1 port=${server.port},${server.readPort} user=eddy dbname=eddy target_session_attrs=${attrs}`,
          '-Atc',
          'SHOW in_hot_standby',
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(ask('read-only')).toBe('on');
    expect(ask('prefer-standby')).toBe('on');
    expect(ask('read-write')).toBe('off');
    expect(ask('primary')).toBe('off');
  });

  it('cancels a statement running in a reader process', async () => {
    const victim = await server.client(true);
    const caught = victim.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    // The cancel connection is handed to either reader process; the other one's is forwarded.
    const cancel = (): Promise<void> => sendCancelRequest(server.readPort!, victim);
    await cancel();
    expect(await caught).toMatchObject({ code: '57014' });
    // Twice more, so that both reader processes took one (connections go to them in turn).
    for (let i = 0; i < 2; i++) {
      const again = victim.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await cancel();
      expect(await again).toMatchObject({ code: '57014' });
    }
    expect((await victim.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await victim.end();
  });

  it('starts a reader process again when one dies', async () => {
    const before = readerPids();
    expect(before).toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    await until('a new reader process', () => {
      const now = readerPids();
      return now.length === 2 && !now.includes(before[0]!);
    });
    // New connections are served (some by the new process).
    for (let i = 0; i < 4; i++) {
      const c = await server.client(true);
      expect((await c.query('SELECT count(*) FROM t')).rows).toEqual([{ count: '1000' }]);
      await c.end();
    }
  });

  it('reader processes end with the writer, also when it is killed', async () => {
    const pids = readerPids();
    await server.kill('SIGKILL');
    await until('the reader processes to exit', () => pids.every((p) => !alive(p)));
  });

  it('serves again after a restart, and a clean shutdown ends its sessions', async () => {
    server = await startChildServer(dataDir, [], ['--read-port', '0', '--read-processes', '1']);
    const c = await server.client(true);
    expect((await c.query('SELECT count(*) FROM t')).rows).toEqual([{ count: '1000' }]);
    const ended = new Promise<unknown>((resolve) => c.on('error', resolve));
    const pids = readerPids();
    await server.kill('SIGTERM');
    expect(await ended).toMatchObject({ code: '57P01' });
    expect(pids.every((p) => !alive(p))).toBe(true);
  });
});
