// Sequences across restarts: a clean restart goes on exactly where the sequence was (the next
// value follows the last one handed out, setval's value is kept); after kill -9 no value is handed
// out twice (values reserved ahead but not handed out are skipped, as in PostgreSQL), and rows a
// serial column numbered before the crash keep their ids. A dropped sequence's position goes
// with it: a new sequence of the same name starts again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'eddy-sequences-'));
let server: ChildServer | undefined;

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const ints = (rows: unknown[]): number[] => rows.map((r) => Number(Object.values(r as object)[0]));

describe('sequences survive restarts', () => {
  it('go on exactly after a clean restart, never repeat after kill -9', async () => {
    server = await startChildServer(dataDir);
    let c = await server.client();
    await c.query('CREATE TABLE items (id serial PRIMARY KEY, label text)');
    await c.query('CREATE SEQUENCE counter START 100 INCREMENT 10');
    const first = await c.query(
      "INSERT INTO items (label) SELECT 'x' || g FROM generate_series(1, 5) g RETURNING id",
    );
    expect(ints(first.rows)).toEqual([1, 2, 3, 4, 5]);
    expect(ints((await c.query("SELECT nextval('counter')")).rows)).toEqual([100]);
    await c.end();

    // Clean restart (SIGTERM): exactly where they were.
    await server.kill('SIGTERM');
    server = await startChildServer(dataDir);
    c = await server.client();
    expect(
      ints((await c.query("INSERT INTO items (label) VALUES ('y') RETURNING id")).rows),
    ).toEqual([6]);
    expect(ints((await c.query("SELECT nextval('counter')")).rows)).toEqual([110]);
    await c.query("SELECT setval('counter', 500)");
    await c.end();

    await server.kill('SIGTERM');
    server = await startChildServer(dataDir);
    c = await server.client();
    expect(ints((await c.query("SELECT nextval('counter')")).rows)).toEqual([510]);
    const before = ints(
      (
        await c.query(
          "INSERT INTO items (label) SELECT 'z' FROM generate_series(1, 40) RETURNING id",
        )
      ).rows,
    );
    const handedOut = ints(
      (await c.query("SELECT nextval('counter') FROM generate_series(1, 3)")).rows,
    );
    expect(handedOut).toEqual([520, 530, 540]);

    // kill -9: nothing handed out is handed out again; the rows keep their ids.
    await server.kill('SIGKILL');
    server = await startChildServer(dataDir);
    c = await server.client();
    const after = ints(
      (await c.query("INSERT INTO items (label) VALUES ('w') RETURNING id")).rows,
    )[0]!;
    expect(after).toBeGreaterThan(Math.max(...before));
    const next = ints((await c.query("SELECT nextval('counter')")).rows)[0]!;
    expect(next).toBeGreaterThan(540);
    expect(next % 10).toBe(0);
    const ids = ints((await c.query('SELECT id FROM items ORDER BY id')).rows);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 46)).toEqual([...Array(46).keys()].map((i) => i + 1));

    // Dropped with its table / by DROP SEQUENCE: a new one of the same name starts afresh.
    await c.query('DROP TABLE items');
    await c.query('DROP SEQUENCE counter');
    await c.query('CREATE TABLE items (id serial, label text)');
    await c.query('CREATE SEQUENCE counter');
    expect(
      ints((await c.query("INSERT INTO items (label) VALUES ('v') RETURNING id")).rows),
    ).toEqual([1]);
    expect(ints((await c.query("SELECT nextval('counter')")).rows)).toEqual([1]);
    await c.end();
  }, 120_000);

  it('a value handed out right after setval(false) or a restart is not handed out again after kill -9; a rolled-back restart is gone', async () => {
    await server?.kill();
    server = await startChildServer(dataDir);
    let c = await server.client();
    await c.query('CREATE SEQUENCE s2');
    await c.query("SELECT setval('s2', 100, false)");
    expect(ints((await c.query("SELECT nextval('s2')")).rows)).toEqual([100]);
    await c.query('CREATE TABLE ti (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)');
    await c.query("INSERT INTO ti (v) VALUES ('a'), ('b'), ('c')");
    await c.query('TRUNCATE ti RESTART IDENTITY');
    expect(ints((await c.query("INSERT INTO ti (v) VALUES ('d') RETURNING id")).rows)).toEqual([1]);
    await c.query('CREATE SEQUENCE s3');
    await c.query("SELECT nextval('s3'), nextval('s3')");
    await c.query('BEGIN');
    await c.query('ALTER SEQUENCE s3 RESTART WITH 50');
    await c.query('COMMIT');
    expect(ints((await c.query("SELECT nextval('s3')")).rows)).toEqual([50]);
    await c.query('CREATE SEQUENCE s4');
    await c.query("SELECT nextval('s4') FROM generate_series(1, 3)");
    await c.query('BEGIN');
    await c.query('ALTER SEQUENCE s4 RESTART');
    expect(ints((await c.query("SELECT nextval('s4')")).rows)).toEqual([1]);
    await c.query('ROLLBACK');

    await server.kill('SIGKILL');
    server = await startChildServer(dataDir);
    c = await server.client();
    expect(ints((await c.query("SELECT nextval('s2')")).rows)[0]).toBeGreaterThan(100);
    // The identity does not hand out 1 again (that would be a duplicate key).
    expect(
      ints((await c.query("INSERT INTO ti (v) VALUES ('e') RETURNING id")).rows)[0],
    ).toBeGreaterThan(1);
    expect(ints((await c.query("SELECT nextval('s3')")).rows)[0]).toBeGreaterThan(50);
    expect(ints((await c.query("SELECT nextval('s4')")).rows)[0]).toBeGreaterThan(3);
    await c.end();
  }, 120_000);
});
