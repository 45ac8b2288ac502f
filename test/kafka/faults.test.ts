// Exactly-once under faults, through a real broker:
//   - the server is killed with SIGKILL several times while records stream in (and while its
//     sinks write); after each restart it resumes from the offsets committed with its last tick:
//     every record is counted exactly once in every view, and the sinks' topics hold every change
//     exactly once;
//   - the broker stops during ingestion: the source shows as stalled with the reason, then
//     resumes without loss or duplicates when the broker is back. This part runs its own broker
//     (stopping the run's shared one would disturb the other test files).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { kafka, privateKafka, type KafkaHarness } from '../support/kafka.js';
import { startTestServer } from '../support/server.js';
import { until } from './helpers.js';

let k: KafkaHarness;
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  k = await kafka();
}, 180_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const RECORDS = 3000;
const BATCH = 100;
const KEYS = 37;

describe('kill -9 during a produce stream', () => {
  it('counts every record exactly once in views and sinks after 3 crashes', async () => {
    const topic = k.uniqueTopic('crash');
    await k.createTopic(topic, 3);
    const perKeyTopic = k.uniqueTopic('crash-perkey');
    const rawTopic = k.uniqueTopic('crash-raw');
    const dataDir = tempDir('eddy-crash-');
    let server: ChildServer = await startChildServer(dataDir);
    let c: pg.Client = await server.client();
    await c.query(`CREATE CONNECTION kc TO KAFKA (BROKER '${k.bootstrap}')`);
    await c.query(`CREATE SOURCE s (n int) FROM KAFKA CONNECTION kc (TOPIC '${topic}')
      KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE KEY, PARTITION, OFFSET`);
    await c.query(`CREATE MATERIALIZED VIEW totals AS
      SELECT count(*) AS n, count(DISTINCT (partition, "offset")) AS distinct_offsets, sum(n) AS total FROM s`);
    await c.query(
      'CREATE MATERIALIZED VIEW per_key AS SELECT key, count(*) AS c FROM s GROUP BY key',
    );
    await c.query(`CREATE SINK per_key_sink FROM per_key INTO KAFKA CONNECTION kc (TOPIC '${perKeyTopic}')
      KEY (key) FORMAT JSON ENVELOPE UPSERT`);
    await c.query(`CREATE SINK raw_sink FROM s INTO KAFKA CONNECTION kc (TOPIC '${rawTopic}')
      FORMAT JSON ENVELOPE DEBEZIUM`);

    const expected = new Map<string, number>();
    let total = 0;
    const kills = new Set([6, 14, 23]);
    for (let b = 0; b < RECORDS / BATCH; b++) {
      const batch = Array.from({ length: BATCH }, (_, j) => {
        const i = b * BATCH + j;
        const key = `k${i % KEYS}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
        total += i;
        return { key, value: JSON.stringify({ n: i }) };
      });
      await k.produceKcat(topic, batch);
      if (kills.has(b)) {
        // Let it be busy ingesting and writing, then kill it mid-way.
        await new Promise((r) => setTimeout(r, 50 + b * 7));
        await server.kill('SIGKILL');
        server = await startChildServer(dataDir);
        c = await server.client();
      }
    }
    const rows = await until(
      c,
      'SELECT n, distinct_offsets, total FROM totals',
      (r) => r[0]?.n === String(RECORDS),
      60_000,
    );
    expect(rows).toEqual([
      { n: String(RECORDS), distinct_offsets: String(RECORDS), total: String(total) },
    ]);
    const perKey = (await c.query('SELECT key, c FROM per_key ORDER BY key')).rows;
    expect(perKey).toEqual(
      [...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => ({ key, c: String(n) })),
    );

    // The raw sink: one Debezium insert per record, each exactly once.
    const deadline = Date.now() + 120_000;
    let raw = await k.consumeKcat(rawTopic);
    while (raw.length < RECORDS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      raw = await k.consumeKcat(rawTopic);
    }
    if (raw.length < RECORDS) {
      const st = await c.query('SELECT name, status, error FROM mz_internal.mz_sink_statuses');
      console.error(`raw sink: ${raw.length} of ${RECORDS}; sinks: ${JSON.stringify(st.rows)}`);
    }
    const offsets = raw.map((r) => {
      const after = (JSON.parse(r.value!) as { after: { partition: number; offset: number } })
        .after;
      return `${after.partition}/${after.offset}`;
    });
    expect(raw.length).toBe(RECORDS);
    expect(new Set(offsets).size).toBe(RECORDS);

    // The upsert sink: the last value of each key is the view's count.
    const last = new Map<string, number>();
    for (const r of await k.consumeKcat(perKeyTopic)) {
      last.set(JSON.parse(r.key!).key as string, (JSON.parse(r.value!) as { c: number }).c);
    }
    expect(new Map([...last].sort())).toEqual(new Map([...expected].sort()));
    await c.end();
    await server.kill('SIGTERM');
  }, 360_000);
});

describe('broker stopped during ingestion', () => {
  it('shows the source stalled, then resumes without loss or duplicates', async () => {
    const own = await privateKafka(tempDir('eddy-own-broker-'));
    const bootstrap = own.bootstrap;
    try {
      const topic = own.uniqueTopic('outage');
      await own.createTopic(topic, 2);
      const produce = (from: number, to: number): Promise<void> =>
        own.produceKcat(
          topic,
          Array.from({ length: to - from }, (_, i) => ({ value: `{"n":${from + i}}` })),
        );
      const server = await startTestServer();
      try {
        const c = await server.client();
        await c.query(`CREATE CONNECTION own TO KAFKA (BROKER '${bootstrap}')`);
        await c.query(
          `CREATE SOURCE o (n int) FROM KAFKA CONNECTION own (TOPIC '${topic}') FORMAT JSON`,
        );
        await c.query(
          'CREATE MATERIALIZED VIEW o_n AS SELECT count(*) AS n, count(DISTINCT n) AS d FROM o',
        );
        await produce(0, 500);
        await until(c, 'SELECT n FROM o_n', (r) => r[0]?.n === '500');
        await own.stopBroker();
        const stalled = await until(
          c,
          `SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'o'`,
          (r) => r[0]?.status === 'stalled',
          60_000,
        );
        expect(String(stalled[0]!.error)).not.toBe('');
        // Reads go on while the source is stalled.
        expect((await c.query('SELECT n FROM o_n')).rows).toEqual([{ n: '500' }]);
        await own.startBroker(); // on the same address (it checks)
        await produce(500, 1000);
        await until(c, 'SELECT n, d FROM o_n', (r) => r[0]?.n === '1000', 90_000);
        expect((await c.query('SELECT n, d FROM o_n')).rows).toEqual([{ n: '1000', d: '1000' }]);
        await until(
          c,
          `SELECT status FROM mz_internal.mz_source_statuses WHERE name = 'o'`,
          (r) => r[0]?.status === 'running',
        );
      } finally {
        await server.stop();
      }
    } finally {
      await own.stopBroker().catch(() => undefined);
    }
  }, 300_000);
});
