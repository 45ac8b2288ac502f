// The streaming DDL parser (src/sql/streaming-ddl.ts): secrets, connections and sources, as exact
// syntax trees, including the examples of Materialize's documentation. Sinks, DROP and SHOW are in
// streaming-ddl-sinks.test.ts; errors and the hook into parseStatements in
// streaming-ddl-errors.test.ts.
import { describe, expect, it } from 'vitest';
import { parseStreaming } from '../../src/sql/streaming-ddl.js';
import type { CreateSource, OptionValue, SqlOption } from '../../src/sql/streaming-ast.js';

const str = (value: string): OptionValue => ({ kind: 'string', value });
const num = (value: string): OptionValue => ({ kind: 'number', value });
const opt = (name: string, position: number, value?: OptionValue): SqlOption =>
  value === undefined ? { name, position } : { name, value, position };

function source(fields: Partial<CreateSource>): CreateSource {
  return {
    kind: 'create-source',
    name: ['s'],
    ifNotExists: false,
    columns: [],
    connector: 'kafka',
    connection: ['kafka_connection'],
    options: [],
    keyFormat: null,
    valueFormat: null,
    include: [],
    envelope: 'none',
    with: [],
    ...fields,
  };
}

describe('secrets', () => {
  it('CREATE SECRET with a literal, IF NOT EXISTS, qualified names', () => {
    expect(parseStreaming(`CREATE SECRET kafka_password AS 'it''s'`)).toEqual({
      kind: 'create-secret',
      name: ['kafka_password'],
      ifNotExists: false,
      value: "it's",
    });
    expect(parseStreaming(`create secret if not exists Db.Sch."Pw" as E'a\\nb';`)).toEqual({
      kind: 'create-secret',
      name: ['db', 'sch', 'Pw'],
      ifNotExists: true,
      value: 'a\nb',
    });
  });

  it('decode(..., base64 | hex)', () => {
    expect(parseStreaming(`CREATE SECRET s AS decode('c2VjcmV0', 'base64')`)).toMatchObject({
      value: 'secret',
    });
    expect(parseStreaming(`CREATE SECRET s AS DECODE('6869', 'hex')`)).toMatchObject({
      value: 'hi',
    });
  });

  it('ALTER SECRET', () => {
    expect(parseStreaming(`ALTER SECRET s AS 'new'`)).toEqual({
      kind: 'alter-secret',
      name: ['s'],
      value: 'new',
    });
  });
});

describe('connections', () => {
  it('Kafka with SASL (documentation example)', () => {
    const sql = `CREATE CONNECTION kafka_connection TO KAFKA (
    BROKER 'unique-jellyfish-0000.us-east-1.aws.confluent.cloud:9093',
    SASL MECHANISMS = 'PLAIN',
    SASL USERNAME = SECRET kafka_username,
    SASL PASSWORD = SECRET kafka_password
);`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toEqual({
      kind: 'create-connection',
      name: ['kafka_connection'],
      ifNotExists: false,
      connector: 'kafka',
      options: [
        opt('BROKER', 51, str('unique-jellyfish-0000.us-east-1.aws.confluent.cloud:9093')),
        opt('SASL MECHANISMS', at('SASL MECH'), str('PLAIN')),
        opt('SASL USERNAME', at('SASL USER'), { kind: 'secret', name: ['kafka_username'] }),
        opt('SASL PASSWORD', at('SASL PASS'), { kind: 'secret', name: ['kafka_password'] }),
      ],
      with: [],
    });
  });

  it('BROKERS list, optional =, identifier values, progress topic, WITH (VALIDATE)', () => {
    const sql =
      `CREATE CONNECTION IF NOT EXISTS k FOR KAFKA (BROKERS ('a:1', 'b:2'), ` +
      `SECURITY PROTOCOL SASL_PLAINTEXT, SASL USERNAME 'u', PROGRESS TOPIC = 't', ` +
      `SSH TUNNEL sch.tun, SASL PASSWORD SECRET pw) WITH (VALIDATE = false)`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toEqual({
      kind: 'create-connection',
      name: ['k'],
      ifNotExists: true,
      connector: 'kafka',
      options: [
        opt('BROKERS', at('BROKERS'), { kind: 'list', items: [str('a:1'), str('b:2')] }),
        opt('SECURITY PROTOCOL', at('SECURITY'), { kind: 'ident', value: 'sasl_plaintext' }),
        opt('SASL USERNAME', at('SASL USERNAME'), str('u')),
        opt('PROGRESS TOPIC', at('PROGRESS'), str('t')),
        opt('SSH TUNNEL', at('SSH'), { kind: 'ident', value: 'sch.tun' }),
        opt('SASL PASSWORD', at('SASL PASSWORD'), { kind: 'secret', name: ['pw'] }),
      ],
      with: [opt('VALIDATE', at('VALIDATE'), { kind: 'boolean', value: false })],
    });
  });

  it('Confluent Schema Registry (documentation example)', () => {
    const sql = `CREATE CONNECTION csr_connection TO CONFLUENT SCHEMA REGISTRY (
    URL 'https://rp-f00000bar.data.vectorized.cloud:30993',
    USERNAME = 'foo',
    PASSWORD = SECRET csr_password
);`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toEqual({
      kind: 'create-connection',
      name: ['csr_connection'],
      ifNotExists: false,
      connector: 'confluent-schema-registry',
      options: [
        opt('URL', at('URL'), str('https://rp-f00000bar.data.vectorized.cloud:30993')),
        opt('USERNAME', at('USERNAME'), str('foo')),
        opt('PASSWORD', at('PASSWORD'), { kind: 'secret', name: ['csr_password'] }),
      ],
      with: [],
    });
  });
});

describe('sources (documentation examples)', () => {
  const from = `FROM KAFKA CONNECTION kafka_connection (TOPIC 'test_topic')`;
  const topic = (sql: string): SqlOption[] => [
    opt('TOPIC', sql.indexOf('TOPIC') + 1, str('test_topic')),
  ];

  it('Avro through a schema registry, ENVELOPE DEBEZIUM', () => {
    const sql = `CREATE SOURCE s ${from} FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr_connection ENVELOPE DEBEZIUM;`;
    const avro = { kind: 'avro', registry: ['csr_connection'], options: [] } as const;
    expect(parseStreaming(sql)).toEqual(
      source({ options: topic(sql), keyFormat: avro, valueFormat: avro, envelope: 'debezium' }),
    );
  });

  it('Avro with key and value strategies', () => {
    const sql = `CREATE SOURCE s ${from} FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr KEY STRATEGY ID 3 VALUE STRATEGY INLINE '{"type":"string"}'`;
    const avro = {
      kind: 'avro',
      registry: ['csr'],
      options: [
        opt('KEY STRATEGY', sql.indexOf('KEY STRATEGY') + 1, num('3')),
        opt('VALUE STRATEGY', sql.indexOf('VALUE STRATEGY') + 1, str('{"type":"string"}')),
      ],
    } as const;
    expect(parseStreaming(sql)).toMatchObject({ keyFormat: avro, valueFormat: avro });
  });

  it('Avro with an inline schema and options', () => {
    const sql = `CREATE SOURCE s ${from} FORMAT AVRO USING SCHEMA '{"type":"record"}' (CONFLUENT WIRE FORMAT = false)`;
    const avro = {
      kind: 'avro',
      schema: '{"type":"record"}',
      options: [
        opt('CONFLUENT WIRE FORMAT', sql.indexOf('CONFLUENT') + 1, {
          kind: 'boolean',
          value: false,
        }),
      ],
    } as const;
    expect(parseStreaming(sql)).toMatchObject({ keyFormat: avro, valueFormat: avro });
  });

  it('JSON, TEXT with ENVELOPE UPSERT, BYTES', () => {
    expect(parseStreaming(`CREATE SOURCE s ${from} FORMAT JSON`)).toMatchObject({
      keyFormat: { kind: 'json' },
      valueFormat: { kind: 'json' },
      envelope: 'none',
    });
    expect(parseStreaming(`CREATE SOURCE s ${from} FORMAT TEXT ENVELOPE UPSERT`)).toMatchObject({
      valueFormat: { kind: 'text' },
      envelope: 'upsert',
    });
    expect(parseStreaming(`CREATE SOURCE s ${from} FORMAT BYTES`)).toMatchObject({
      valueFormat: { kind: 'bytes' },
    });
  });

  it('CSV WITH n COLUMNS, renamed columns; CSV WITH HEADER; DELIMITED BY', () => {
    const sql = `CREATE SOURCE csv_source (col_foo, col_bar, col_baz) ${from} FORMAT CSV WITH 3 COLUMNS`;
    const csv = { kind: 'csv', columns: 3, delimiter: ',' } as const;
    expect(parseStreaming(sql)).toEqual(
      source({
        name: ['csv_source'],
        columns: ['col_foo', 'col_bar', 'col_baz'].map((name) => ({
          name,
          type: '',
          notNull: false,
          position: sql.indexOf(name) + 1,
        })),
        options: topic(sql),
        keyFormat: csv,
        valueFormat: csv,
      }),
    );
    expect(
      parseStreaming(`CREATE SOURCE s ${from} FORMAT CSV WITH HEADER (id, value) DELIMITED BY '|'`),
    ).toMatchObject({
      valueFormat: { kind: 'csv', columns: { header: ['id', 'value'] }, delimiter: '|' },
    });
    expect(parseStreaming(`CREATE SOURCE s ${from} FORMAT CSV WITH HEADER`)).toMatchObject({
      valueFormat: { kind: 'csv', columns: { header: [] }, delimiter: ',' },
    });
  });

  it('KEY FORMAT / VALUE FORMAT with INCLUDE metadata', () => {
    const sql = `CREATE SOURCE kafka_metadata FROM KAFKA CONNECTION kafka_connection (TOPIC 'data')
  KEY FORMAT TEXT VALUE FORMAT TEXT
  INCLUDE KEY AS renamed_id, PARTITION, OFFSET, TIMESTAMP AS ts, HEADERS AS hs,
    HEADER 'c_id' AS client_id, HEADER 'raw' AS raw_h BYTES
  ENVELOPE NONE`;
    expect(parseStreaming(sql)).toEqual(
      source({
        name: ['kafka_metadata'],
        options: [opt('TOPIC', sql.indexOf('TOPIC') + 1, str('data'))],
        keyFormat: { kind: 'text' },
        valueFormat: { kind: 'text' },
        include: [
          { what: 'key', alias: 'renamed_id' },
          { what: 'partition' },
          { what: 'offset' },
          { what: 'timestamp', alias: 'ts' },
          { what: 'headers', alias: 'hs' },
          { what: 'header', headerKey: 'c_id', alias: 'client_id' },
          { what: 'header', headerKey: 'raw', alias: 'raw_h', bytes: true },
        ],
      }),
    );
  });

  it('START OFFSET, START TIMESTAMP, GROUP ID PREFIX', () => {
    const sql = `CREATE SOURCE s FROM KAFKA CONNECTION kafka_connection (TOPIC 'data', START OFFSET (0, 10, 100), START TIMESTAMP -1000, GROUP ID PREFIX 'p') FORMAT JSON`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toMatchObject({
      options: [
        opt('TOPIC', at('TOPIC'), str('data')),
        opt('START OFFSET', at('START OFFSET'), {
          kind: 'list',
          items: [num('0'), num('10'), num('100')],
        }),
        opt('START TIMESTAMP', at('START TIMESTAMP'), num('-1000')),
        opt('GROUP ID PREFIX', at('GROUP'), str('p')),
      ],
    });
  });

  it('typed columns, PRIMARY KEY NOT ENFORCED, IN CLUSTER, upsert errors, progress, WITH', () => {
    const sql = `CREATE SOURCE IF NOT EXISTS db.public.orders (
      id bigint NOT NULL, price numeric(10,2) NULL, at timestamp  with time zone,
      ratio double precision, tags text[], "Note" varchar(20),
      PRIMARY KEY (id) NOT ENFORCED
    ) IN CLUSTER quickstart FROM KAFKA CONNECTION k (TOPIC 'orders')
    KEY FORMAT TEXT VALUE FORMAT JSON
    ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE AS decode_err)
    EXPOSE PROGRESS AS orders_progress WITH (RETAIN HISTORY FOR '1h')`;
    const col = (name: string, type: string, notNull = false) => ({
      name,
      type,
      notNull,
      position: sql.indexOf(name === 'Note' ? '"Note"' : `${name} `) + 1,
    });
    expect(parseStreaming(sql)).toEqual(
      source({
        name: ['db', 'public', 'orders'],
        ifNotExists: true,
        cluster: 'quickstart',
        columns: [
          col('id', 'bigint', true),
          col('price', 'numeric(10,2)'),
          col('at', 'timestamp with time zone'),
          col('ratio', 'double precision'),
          col('tags', 'text[]'),
          col('Note', 'varchar(20)'),
        ],
        primaryKey: ['id'],
        connection: ['k'],
        options: [opt('TOPIC', sql.indexOf('TOPIC') + 1, str('orders'))],
        keyFormat: { kind: 'text' },
        valueFormat: { kind: 'json' },
        envelope: 'upsert',
        inlineErrors: 'decode_err',
        progress: ['orders_progress'],
        with: [opt('RETAIN HISTORY FOR', sql.indexOf('RETAIN') + 1, str('1h'))],
      }),
    );
  });

  it('ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE) names the column error', () => {
    const sql = `CREATE SOURCE s ${from} KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)`;
    expect(parseStreaming(sql)).toMatchObject({ envelope: 'upsert', inlineErrors: 'error' });
  });
});
