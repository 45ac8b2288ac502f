// Kafka sinks end to end: a view's changes written to a topic of the run's real broker and read
// back with kcat (read_committed): exact records, in order per key, the snapshot first, nothing
// written twice across a restart of the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafka, type ConsumedRecord, type KafkaHarness } from '../support/kafka.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { failure, until } from './helpers.js';

let k: KafkaHarness;
let server: TestServer;
let c: pg.Client;
const dataDir = mkdtempSync(join(tmpdir(), 'eddy-sinks-'));

beforeAll(async () => {
  k = await kafka();
  server = await startTestServer(dataDir);
  c = await server.client();
  await c.query(`CREATE CONNECTION kc TO KAFKA (BROKER '${k.bootstrap}')`);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The topic's records (key, value) once there are `n` of them. */
async function records(topic: string, n: number): Promise<[string | null, unknown][]> {
  const deadline = Date.now() + 60_000;
  let got: ConsumedRecord[] = [];
  while (Date.now() < deadline) {
    got = await k.consumeKcat(topic).catch(() => []);
    if (got.length >= n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (got.length < n) {
    // Say why: the sinks' statuses (a stalled sink names its error).
    const st = await c.query('SELECT name, status, error FROM mz_internal.mz_sink_statuses');
    console.error(
      `sink topic ${topic}: ${got.length} of ${n} records; sinks: ${JSON.stringify(st.rows)}`,
    );
  }
  return got.map((r) => [r.key, r.value === null ? null : JSON.parse(r.value)]);
}

describe('ENVELOPE UPSERT', () => {
  it('writes the snapshot, then every change by key; a deleted key gets a tombstone', async () => {
    const topic = k.uniqueTopic('sink-upsert');
    await c.query('CREATE TABLE t (id int PRIMARY KEY, grp text, v int)');
    await c.query(`INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2)`);
    await c.query('CREATE MATERIALIZED VIEW g AS SELECT grp, sum(v) AS total FROM t GROUP BY grp');
    await c.query(`CREATE SINK gs FROM g INTO KAFKA CONNECTION kc (TOPIC '${topic}')
      KEY (grp) FORMAT JSON ENVELOPE UPSERT`);
    await c.query(`INSERT INTO t VALUES (3, 'a', 10)`);
    await c.query('DELETE FROM t WHERE id = 2');
    const got = await records(topic, 4);
    // One partition: the snapshot (in some order), then the changes in tick order.
    expect(got.slice(0, 2).sort()).toEqual(
      [
        ['{"grp":"a"}', { grp: 'a', total: 1 }],
        ['{"grp":"b"}', { grp: 'b', total: 2 }],
      ].sort(),
    );
    expect(got.slice(2)).toEqual([
      ['{"grp":"a"}', { grp: 'a', total: 11 }],
      ['{"grp":"b"}', null],
    ]);
    const status = await until(
      c,
      `SELECT status FROM mz_internal.mz_sink_statuses WHERE name = 'gs'`,
      (r) => r[0]?.status === 'running',
    );
    expect(status).toEqual([{ status: 'running' }]);
  });
});

describe('a tick larger than one dataflow step', () => {
  it("is written as the view's net change per key", async () => {
    const topic = k.uniqueTopic('sink-stepped');
    await c.query('CREATE TABLE big (id int PRIMARY KEY, grp text, v int)');
    await c.query(`INSERT INTO big VALUES (1, 'a', 1)`);
    await c.query(
      'CREATE MATERIALIZED VIEW bg AS SELECT grp, sum(v) AS total FROM big GROUP BY grp',
    );
    await c.query(`CREATE SINK bgs FROM bg INTO KAFKA CONNECTION kc (TOPIC '${topic}')
      KEY (grp) FORMAT JSON ENVELOPE DEBEZIUM`);
    // 3,000 rows in one tick, run in several steps: each step changes both groups.
    await c.query(
      `INSERT INTO big SELECT i, (ARRAY['a', 'c'])[1 + i % 2], 1 FROM generate_series(2, 3001) AS i`,
    );
    await c.query(`INSERT INTO big VALUES (5000, 'c', 7)`);
    const got = await records(topic, 4);
    expect(got.slice(0, 1)).toEqual([
      ['{"grp":"a"}', { before: null, after: { grp: 'a', total: 1 } }],
    ]);
    expect(got.slice(1, 3).sort()).toEqual(
      [
        ['{"grp":"a"}', { before: { grp: 'a', total: 1 }, after: { grp: 'a', total: 1501 } }],
        ['{"grp":"c"}', { before: null, after: { grp: 'c', total: 1500 } }],
      ].sort(),
    );
    // The next tick's record follows directly: nothing in between.
    expect(got[3]).toEqual([
      '{"grp":"c"}',
      { before: { grp: 'c', total: 1500 }, after: { grp: 'c', total: 1507 } },
    ]);
  });
});

describe('ENVELOPE DEBEZIUM', () => {
  it('writes before/after per key, and each row change of an append-only source', async () => {
    const topic = k.uniqueTopic('sink-dbz');
    await c.query('CREATE TABLE p (id int PRIMARY KEY, name text)');
    await c.query(`CREATE SINK ps FROM p INTO KAFKA CONNECTION kc (TOPIC '${topic}')
      KEY (id) FORMAT JSON ENVELOPE DEBEZIUM WITH (SNAPSHOT = false)`);
    await c.query(`INSERT INTO p VALUES (1, 'a')`);
    await c.query(`UPDATE p SET name = 'b' WHERE id = 1`);
    await c.query('DELETE FROM p WHERE id = 1');
    expect(await records(topic, 3)).toEqual([
      ['{"id":1}', { before: null, after: { id: 1, name: 'a' } }],
      ['{"id":1}', { before: { id: 1, name: 'a' }, after: { id: 1, name: 'b' } }],
      ['{"id":1}', { before: { id: 1, name: 'b' }, after: null }],
    ]);

    const src = k.uniqueTopic('src');
    await k.createTopic(src);
    await c.query(`CREATE SOURCE events FROM KAFKA CONNECTION kc (TOPIC '${src}') FORMAT TEXT`);
    const out = k.uniqueTopic('sink-src');
    await c.query(`CREATE SINK es FROM events INTO KAFKA CONNECTION kc (TOPIC '${out}')
      FORMAT JSON ENVELOPE DEBEZIUM`);
    await k.produceKcat(src, [{ value: 'x' }, { value: 'y' }, { value: 'x' }]);
    const got = await records(out, 3);
    expect(got).toEqual([
      [null, { before: null, after: { text: 'x' } }],
      [null, { before: null, after: { text: 'y' } }],
      [null, { before: null, after: { text: 'x' } }],
    ]);
  });
});

describe('exactly once across restarts', () => {
  it(
    'resumes after the last tick Kafka committed, writing nothing twice',
    { timeout: 180_000 },
    async () => {
      const topic = k.uniqueTopic('sink-restart');
      await c.query('CREATE TABLE r (id int PRIMARY KEY)');
      await c.query(`CREATE SINK rs FROM r INTO KAFKA CONNECTION kc (TOPIC '${topic}')
      KEY (id) FORMAT JSON ENVELOPE UPSERT`);
      for (let i = 1; i <= 5; i++) await c.query(`INSERT INTO r VALUES (${i})`);
      await records(topic, 5);
      await server.stop();
      server = await startTestServer(dataDir);
      c = await server.client();
      for (let i = 6; i <= 8; i++) await c.query(`INSERT INTO r VALUES (${i})`);
      const got = await records(topic, 8);
      await new Promise((r) => setTimeout(r, 1000));
      const again = await records(topic, 8);
      expect(again).toEqual(got);
      expect(got.map(([key]) => key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `{"id":${i}}`));
    },
  );
});

describe('errors', () => {
  it('refuses sinks it cannot write', async () => {
    await c.query('CREATE TABLE e (a int, b int)');
    await c.query('CREATE VIEW ev AS SELECT * FROM e');
    const into = `INTO KAFKA CONNECTION kc (TOPIC 'unused')`;
    expect(await failure(c, `CREATE SINK x FROM e ${into} FORMAT JSON`)).toMatchObject({
      code: '42601',
    });
    expect(
      await failure(c, `CREATE SINK x FROM e ${into} FORMAT JSON ENVELOPE UPSERT`),
    ).toMatchObject({
      code: '22023',
    });
    expect(
      await failure(c, `CREATE SINK x FROM e ${into} KEY (zz) FORMAT JSON ENVELOPE UPSERT`),
    ).toMatchObject({
      code: '42703',
    });
    expect(
      await failure(c, `CREATE SINK x FROM ev ${into} FORMAT JSON ENVELOPE DEBEZIUM`),
    ).toMatchObject({
      code: '0A000',
    });
    expect(
      await failure(c, `CREATE SINK x FROM nowhere ${into} FORMAT JSON ENVELOPE DEBEZIUM`),
    ).toMatchObject({
      code: '42P01',
    });
    expect((await c.query('SHOW SINKS')).rows.map((r) => r.name)).not.toContain('x');
  });

  it('DROP SINK stops it and DROP TABLE needs CASCADE for a table a sink reads', async () => {
    await c.query('CREATE TABLE d (id int PRIMARY KEY)');
    await c.query(`CREATE SINK ds FROM d INTO KAFKA CONNECTION kc (TOPIC '${k.uniqueTopic('ds')}')
      KEY (id) FORMAT JSON ENVELOPE UPSERT`);
    expect(await failure(c, 'DROP TABLE d')).toMatchObject({ code: '2BP01' });
    await c.query('DROP SINK ds');
    expect((await c.query('SHOW SINKS')).rows.map((r) => r.name)).not.toContain('ds');
    await c.query('DROP TABLE d');
  });
});
