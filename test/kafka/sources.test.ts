// Kafka sources end to end through the run's real broker: records produced with kcat and the
// broker's console producer, decoded by every format and envelope, with INCLUDE metadata, read by
// SELECT and by materialized views (also joined with a table), with decode errors kept.
import type pg from 'pg';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafka, type KafkaHarness } from '../support/kafka.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { failure, until, untilRows } from './helpers.js';

let k: KafkaHarness;
let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  k = await kafka();
  server = await startTestServer();
  c = await server.client();
  await c.query(`CREATE CONNECTION kc TO KAFKA (BROKER '${k.bootstrap}')`);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

async function topic(prefix: string, partitions = 1): Promise<string> {
  const t = k.uniqueTopic(prefix);
  await k.createTopic(t, partitions);
  return t;
}

describe('formats', () => {
  it('JSON without columns: data jsonb, with every INCLUDE option', async () => {
    const t = await topic('json');
    await k.produceKcat(t, [
      { key: 'a', value: '{"id":1,"name":"x"}', headers: [['h', 'one']] },
      { key: 'b', value: '{"id":2}', headers: [['h', 'two']] },
    ]);
    await c.query(`CREATE SOURCE js FROM KAFKA CONNECTION kc (TOPIC '${t}')
      KEY FORMAT TEXT VALUE FORMAT JSON
      INCLUDE KEY AS k, PARTITION, OFFSET AS o, TIMESTAMP AS ts, HEADERS, HEADER 'h' AS h`);
    const rows = await until(
      c,
      'SELECT k, data, partition, o, ts IS NOT NULL AS ts, headers, h FROM js ORDER BY o',
      (r) => r.length === 2,
    );
    expect(rows).toEqual([
      {
        k: 'a',
        data: { id: 1, name: 'x' },
        partition: 0,
        o: '0',
        ts: true,
        headers: [{ key: 'h', value: 'one' }],
        h: 'one',
      },
      {
        k: 'b',
        data: { id: 2 },
        partition: 0,
        o: '1',
        ts: true,
        headers: [{ key: 'h', value: 'two' }],
        h: 'two',
      },
    ]);
    const cols = await c.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'js' ORDER BY ordinal_position`,
    );
    expect(cols.rows.map((r) => `${r.column_name}:${r.data_type}`)).toEqual([
      'k:text',
      'data:jsonb',
      'partition:integer',
      'o:bigint',
      'ts:timestamp without time zone',
      'headers:jsonb',
      'h:text',
    ]);
  });

  it('JSON with declared columns casts fields; a bad record is kept as an error, not dropped', async () => {
    const t = await topic('typed');
    await k.produceKcat(t, [
      { value: '{"id": 1, "price": "12.50", "at": "2024-05-01T10:00:00Z", "tags": ["a"]}' },
      { value: '{"id": "two"}' },
      { value: '{"id": 3}' },
      { value: 'not json' },
    ]);
    await c.query(`CREATE SOURCE typed (id int NOT NULL, price numeric(10,2), at timestamptz, tags jsonb)
      FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT JSON`);
    await untilRows(c, `SELECT id, price::text, at::text, tags::text FROM typed ORDER BY id`, [
      { id: 1, price: '12.50', at: '2024-05-01 10:00:00+00', tags: '["a"]' },
      { id: 3, price: null, at: null, tags: null },
    ]);
    const errors = await until(
      c,
      `SELECT "offset", error FROM mz_internal.eddy_source_errors WHERE source = 'typed' ORDER BY "offset"`,
      (r) => r.length === 2,
    );
    expect(errors.map((e) => e.offset)).toEqual(['1', '3']);
    expect(errors[0]!.error).toMatch(/two/);
    expect(errors[1]!.error).toMatch(/Failed to decode JSON/);
    const stats = await c.query(
      `SELECT messages_received, decode_errors FROM mz_internal.mz_source_statistics s JOIN mz_sources m USING (id) WHERE m.name = 'typed'`,
    );
    expect(stats.rows).toEqual([{ messages_received: '4', decode_errors: '2' }]);
  });

  it('TEXT and BYTES, produced by the console producer with keys', async () => {
    const t = await topic('text');
    await k.produceConsole(t, ['k1|hello', 'k2|wörld'], { keySeparator: '|' });
    await c.query(`CREATE SOURCE txt FROM KAFKA CONNECTION kc (TOPIC '${t}')
      KEY FORMAT TEXT VALUE FORMAT TEXT INCLUDE KEY`);
    await c.query(`CREATE SOURCE byt FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT BYTES`);
    await untilRows(c, 'SELECT key, text FROM txt ORDER BY key', [
      { key: 'k1', text: 'hello' },
      { key: 'k2', text: 'wörld' },
    ]);
    await untilRows(c, `SELECT encode(data, 'hex') AS hex FROM byt ORDER BY 1`, [
      { hex: Buffer.from('hello').toString('hex') },
      { hex: Buffer.from('wörld').toString('hex') },
    ]);
  });

  it('CSV with n columns and with a header; a short line is a decode error', async () => {
    const t = await topic('csv');
    await k.produceKcat(t, [{ value: 'a,1,"x,y"' }, { value: 'b,2' }, { value: 'c,3,z' }]);
    await c.query(
      `CREATE SOURCE csv3 FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT CSV WITH 3 COLUMNS`,
    );
    await untilRows(c, 'SELECT * FROM csv3 ORDER BY column1', [
      { column1: 'a', column2: '1', column3: 'x,y' },
      { column1: 'c', column2: '3', column3: 'z' },
    ]);
    await until(
      c,
      `SELECT error FROM mz_internal.eddy_source_errors WHERE source = 'csv3'`,
      (r) => r.length === 1,
    );
    const h = await topic('csvh');
    await k.produceKcat(h, [{ value: 'name,n' }, { value: 'x,1' }, { value: 'y,2' }]);
    await c.query(
      `CREATE SOURCE csvh FROM KAFKA CONNECTION kc (TOPIC '${h}') FORMAT CSV WITH HEADER (name, n)`,
    );
    await untilRows(c, 'SELECT * FROM csvh ORDER BY name', [
      { name: 'x', n: '1' },
      { name: 'y', n: '2' },
    ]);
  });

  it('AVRO USING SCHEMA, in the Confluent wire format', async () => {
    const schema = {
      type: 'record',
      name: 'Bid',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'who', type: ['null', 'string'] },
        { name: 'price', type: 'double' },
      ],
    };
    const type = avro.Type.forSchema(schema as avro.Schema);
    const framed = (v: unknown): Buffer =>
      Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), type.toBuffer(v)]);
    const t = await topic('avro');
    await k.produceKcat(t, [
      { value: framed({ id: 1, who: 'ann', price: 1.5 }) },
      { value: framed({ id: 2, who: null, price: 2 }) },
      { value: Buffer.from([0, 0, 0, 0, 1, 0xff]) },
    ]);
    await c.query(`CREATE SOURCE av FROM KAFKA CONNECTION kc (TOPIC '${t}')
      FORMAT AVRO USING SCHEMA '${JSON.stringify(schema)}'`);
    await untilRows(c, 'SELECT * FROM av ORDER BY id', [
      { id: '1', who: 'ann', price: 1.5 },
      { id: '2', who: null, price: 2 },
    ]);
    await until(
      c,
      `SELECT 1 FROM mz_internal.eddy_source_errors WHERE source = 'av'`,
      (r) => r.length === 1,
    );
  });
});

describe('envelopes', () => {
  it('UPSERT: a value replaces the key, a null value deletes it; views follow', async () => {
    const t = await topic('upsert', 2);
    await c.query(`CREATE SOURCE up FROM KAFKA CONNECTION kc (TOPIC '${t}')
      KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT`);
    await c.query(`CREATE MATERIALIZED VIEW up_total AS
      SELECT count(*) AS n, sum((data->>'v')::int) AS total FROM up`);
    await k.produceKcat(t, [
      { key: 'a', value: '{"v":1}' },
      { key: 'b', value: '{"v":2}' },
      { key: 'a', value: '{"v":10}' },
    ]);
    await untilRows(c, 'SELECT n, total FROM up_total', [{ n: '2', total: '12' }]);
    await k.produceKcat(t, [{ key: 'b', value: null }]);
    await untilRows(c, 'SELECT key, data FROM up ORDER BY key', [{ key: 'a', data: { v: 10 } }]);
    await untilRows(c, 'SELECT n, total FROM up_total', [{ n: '1', total: '10' }]);
    // A point lookup by the key reads the stored row directly.
    expect((await c.query(`SELECT data FROM up WHERE key = 'a'`)).rows).toEqual([
      { data: { v: 10 } },
    ]);
  });

  it('DEBEZIUM: before/after change records, deletes and tombstones', async () => {
    const t = await topic('dbz');
    await c.query(`CREATE SOURCE dbz (id int, name text)
      FROM KAFKA CONNECTION kc (TOPIC '${t}') KEY FORMAT JSON VALUE FORMAT JSON ENVELOPE DEBEZIUM`);
    await k.produceKcat(t, [
      { key: '{"id":1}', value: '{"before":null,"after":{"id":1,"name":"a"},"op":"c"}' },
      {
        key: '{"id":2}',
        value: '{"payload":{"before":null,"after":{"id":2,"name":"b"},"op":"c"}}',
      },
      {
        key: '{"id":1}',
        value: '{"before":{"id":1,"name":"a"},"after":{"id":1,"name":"A"},"op":"u"}',
      },
      { key: '{"id":2}', value: '{"before":{"id":2,"name":"b"},"after":null,"op":"d"}' },
      { key: '{"id":2}', value: null },
    ]);
    await untilRows(c, 'SELECT id, name FROM dbz ORDER BY id', [{ id: 1, name: 'A' }]);
  });
});

describe('sources as relations', () => {
  it('joins with a table, and a view created later hydrates from what the source read', async () => {
    const t = await topic('orders');
    await c.query('CREATE TABLE customers (id int PRIMARY KEY, name text)');
    await c.query(`INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')`);
    await c.query(`CREATE SOURCE orders (customer int, amount int)
      FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT JSON`);
    await c.query(`CREATE MATERIALIZED VIEW spend AS
      SELECT c.name, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer GROUP BY c.name`);
    await k.produceKcat(t, [
      { value: '{"customer":1,"amount":5}' },
      { value: '{"customer":2,"amount":7}' },
      { value: '{"customer":1,"amount":1}' },
      { value: '{"customer":3,"amount":100}' },
    ]);
    await untilRows(c, 'SELECT * FROM spend ORDER BY name', [
      { name: 'ann', total: '6' },
      { name: 'bob', total: '7' },
    ]);
    await c.query(`INSERT INTO customers VALUES (3, 'cy')`);
    await untilRows(c, 'SELECT * FROM spend ORDER BY name', [
      { name: 'ann', total: '6' },
      { name: 'bob', total: '7' },
      { name: 'cy', total: '100' },
    ]);
    await c.query(
      'CREATE MATERIALIZED VIEW late AS SELECT count(*) AS n, sum(amount) AS s FROM orders',
    );
    expect((await c.query('SELECT * FROM late')).rows).toEqual([{ n: '4', s: '113' }]);
  });

  it('MIN/MAX over an append-only source (extreme so far) equal the same views over a table', async () => {
    const t = await topic('minmax', 2);
    const cols = 'k int, v int, s text, ts timestamptz';
    await c.query(`CREATE SOURCE mm (${cols}) FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT JSON`);
    await c.query(`CREATE TABLE mm_t (${cols})`);
    await c.query(`CREATE TABLE mm_names (k int, name text)`);
    await c.query(`INSERT INTO mm_names VALUES (0, 'zero'), (1, 'one'), (2, 'two')`);
    const views = (rel: string) => [
      `SELECT k, min(v) AS lo, max(v) AS hi, min(s) AS s_lo, max(s) AS s_hi, max(ts) AS last,
         count(*) AS n FROM ${rel} GROUP BY k`,
      `SELECT n.name, max(r.v) AS hi, min(r.ts) AS first FROM ${rel} r
         JOIN mm_names n ON n.k = r.k WHERE r.v > 10 GROUP BY n.name`,
      `SELECT n.name, max(r.v) AS hi FROM mm_names n LEFT JOIN ${rel} r ON n.k = r.k GROUP BY n.name`,
    ];
    for (const [i, q] of views('mm').entries())
      await c.query(`CREATE MATERIALIZED VIEW mm_v${i} AS ${q}`);
    for (const [i, q] of views('mm_t').entries())
      await c.query(`CREATE MATERIALIZED VIEW mm_tv${i} AS ${q}`);
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let produced = 0;
    for (let batch = 0; batch < 4; batch++) {
      const records = Array.from({ length: 50 }, () => ({
        k: rand(4),
        v: rand(10) === 0 ? null : rand(1000) - 200,
        s: rand(8) === 0 ? null : `s${rand(100)}`,
        ts: `2024-0${1 + rand(9)}-1${rand(10)}T0${rand(10)}:00:00Z`,
      }));
      await k.produceKcat(
        t,
        records.map((r) => ({ value: JSON.stringify(r) })),
      );
      for (const r of records)
        await c.query('INSERT INTO mm_t VALUES ($1, $2, $3, $4)', [r.k, r.v, r.s, r.ts]);
      produced += records.length;
      await until(c, 'SELECT count(*)::int AS n FROM mm', (rows) => rows[0]?.n === produced);
      for (let i = 0; i < 3; i++) {
        const order = 'ORDER BY 1';
        const got = (await c.query(`SELECT * FROM mm_v${i} ${order}`)).rows;
        expect(got).toEqual((await c.query(`SELECT * FROM mm_tv${i} ${order}`)).rows);
        expect(got).toEqual((await c.query(`${views('mm_t')[i]} ${order}`)).rows);
      }
    }
    // Created over what the source already read: hydrates to the same answer.
    await c.query(`CREATE MATERIALIZED VIEW mm_late AS ${views('mm')[0]}`);
    expect((await c.query('SELECT * FROM mm_late ORDER BY 1')).rows).toEqual(
      (await c.query('SELECT * FROM mm_tv0 ORDER BY 1')).rows,
    );
  });

  it('follows partitions added to the topic', async () => {
    const t = await topic('grow', 1);
    await c.query(
      `CREATE SOURCE grow FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT TEXT INCLUDE PARTITION`,
    );
    await k.produceKcat(t, [{ value: 'p0' }]);
    await untilRows(c, 'SELECT * FROM grow', [{ text: 'p0', partition: 0 }]);
    await k.addPartitions(t, 3);
    await k.produceKcat(t, [{ value: 'p2', partition: 2 }]);
    await untilRows(
      c,
      'SELECT * FROM grow ORDER BY partition',
      [
        { text: 'p0', partition: 0 },
        { text: 'p2', partition: 2 },
      ],
      30_000,
    );
  });

  it('starts at START OFFSET, and reports a deleted topic as stalled', async () => {
    const t = await topic('start', 2);
    await k.produceKcat(t, [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
      { value: 'c', partition: 1 },
    ]);
    await c.query(`CREATE SOURCE late_start FROM KAFKA CONNECTION kc (TOPIC '${t}', START OFFSET (1))
      FORMAT TEXT INCLUDE PARTITION`);
    await untilRows(c, 'SELECT * FROM late_start ORDER BY text', [
      { text: 'b', partition: 0 },
      { text: 'c', partition: 1 },
    ]);
    await k.deleteTopic(t);
    const rows = await until(
      c,
      `SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'late_start'`,
      (r) => r[0]?.status === 'stalled',
      30_000,
    );
    expect(String(rows[0]!.error)).toMatch(/does not exist|unknown|UNKNOWN/i);
    // The source's rows stay readable.
    expect((await c.query('SELECT count(*)::int AS n FROM late_start')).rows).toEqual([{ n: 2 }]);
  });

  it('is read-only, listed by SHOW SOURCES, and dropped with its views', async () => {
    const t = await topic('ro');
    await c.query(`CREATE SOURCE ro FROM KAFKA CONNECTION kc (TOPIC '${t}') FORMAT TEXT`);
    expect(await failure(c, `INSERT INTO ro VALUES ('x')`)).toMatchObject({ code: '42809' });
    expect(await failure(c, `DELETE FROM ro`)).toMatchObject({ code: '42809' });
    expect(await failure(c, `DROP TABLE ro`)).toMatchObject({ code: '42809' });
    expect((await c.query('SHOW SOURCES')).rows.map((r) => r.name)).toContain('ro');
    expect((await c.query('SHOW TABLES')).rows.map((r) => r.name)).not.toContain('ro');
    expect((await c.query('SHOW CREATE SOURCE ro')).rows[0].create_sql).toMatch(
      /^CREATE SOURCE ro FROM KAFKA/,
    );
    await c.query('CREATE MATERIALIZED VIEW ro_n AS SELECT count(*) FROM ro');
    expect(await failure(c, 'DROP SOURCE ro')).toMatchObject({ code: '2BP01' });
    await c.query('DROP SOURCE ro CASCADE');
    expect(await failure(c, 'SELECT * FROM ro_n')).toMatchObject({ code: '42P01' });
    expect(
      (await c.query(`SELECT count(*)::int AS n FROM mz_sources WHERE name = 'ro'`)).rows,
    ).toEqual([{ n: 0 }]);
  });
});

describe('connections and errors', () => {
  it('SASL/PLAIN with the password in a secret', async () => {
    const t = await topic('sasl');
    await k.produceKcat(t, [{ value: 'secret-ok' }]);
    await c.query(`CREATE SECRET pw AS '${k.saslPassword}'`);
    await c.query(`CREATE CONNECTION ks TO KAFKA (BROKER '${k.saslBootstrap}',
      SECURITY PROTOCOL = 'SASL_PLAINTEXT', SASL MECHANISMS = 'PLAIN',
      SASL USERNAME = '${k.saslUser}', SASL PASSWORD = SECRET pw)`);
    await c.query(`CREATE SOURCE viasasl FROM KAFKA CONNECTION ks (TOPIC '${t}') FORMAT TEXT`);
    await untilRows(c, 'SELECT text FROM viasasl', [{ text: 'secret-ok' }]);
    expect((await c.query('SHOW CONNECTIONS')).rows).toContainEqual({
      name: 'ks',
      type: 'kafka',
      comment: null,
    });
    expect(await failure(c, 'DROP SECRET pw')).toMatchObject({ code: '2BP01' });
    expect(
      await failure(
        c,
        `CREATE CONNECTION plain TO KAFKA (BROKER '${k.saslBootstrap}', SECURITY PROTOCOL = 'SASL_PLAINTEXT',
          SASL MECHANISMS = 'PLAIN', SASL USERNAME = 'u', SASL PASSWORD = 'in-clear')`,
      ),
    ).toMatchObject({ code: '22023' });
  });

  it('reports bad statements with PostgreSQL-style errors', async () => {
    expect(
      await failure(
        c,
        `CREATE SOURCE nope FROM KAFKA CONNECTION kc (TOPIC 'no-such-topic-x') FORMAT TEXT`,
      ),
    ).toMatchObject({ code: '42704' });
    expect(
      await failure(c, `CREATE SOURCE nope FROM KAFKA CONNECTION missing (TOPIC 't') FORMAT TEXT`),
    ).toMatchObject({ code: '42704' });
    expect(
      await failure(c, `CREATE SOURCE nope FROM KAFKA CONNECTION kc (TOPC 't') FORMAT TEXT`),
    ).toMatchObject({ code: '42601' });
    expect(
      await failure(c, `CREATE CONNECTION dead TO KAFKA (BROKER '127.0.0.1:1')`),
    ).toMatchObject({
      code: '58000',
    });
    await c.query(
      `CREATE CONNECTION unchecked TO KAFKA (BROKER '127.0.0.1:1') WITH (VALIDATE = false)`,
    );
    expect((await c.query('SHOW CONNECTIONS')).rows.map((r) => r.name)).toContain('unchecked');
    expect(await failure(c, `CREATE SOURCE FROM`)).toMatchObject({ code: '42601' });
    // The session goes on.
    expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
