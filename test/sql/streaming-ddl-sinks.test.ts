// The streaming DDL parser (src/sql/streaming-ddl.ts), continued: CREATE SINK (with the
// example of Materialize's documentation), DROP, SHOW, SHOW CREATE, and texts that are not
// streaming DDL at all. Sources, connections and secrets are in streaming-ddl.test.ts.
import { describe, expect, it } from 'vitest';
import { parseStreaming } from '../../src/sql/streaming-ddl.js';
import type { CreateSink, OptionValue, SqlOption } from '../../src/sql/streaming-ast.js';

const str = (value: string): OptionValue => ({ kind: 'string', value });
const num = (value: string): OptionValue => ({ kind: 'number', value });
const opt = (name: string, position: number, value?: OptionValue): SqlOption =>
  value === undefined ? { name, position } : { name, value, position };

function sink(fields: Partial<CreateSink>): CreateSink {
  return {
    kind: 'create-sink',
    name: ['k'],
    ifNotExists: false,
    from: ['v'],
    connector: 'kafka',
    connection: ['kafka_connection'],
    options: [],
    keyNotEnforced: false,
    keyFormat: null,
    valueFormat: null,
    envelope: null,
    with: [],
    ...fields,
  };
}

describe('sinks', () => {
  it('Avro upsert sink (documentation example)', () => {
    const sql = `CREATE SINK avro_sink
  FROM my_view
  INTO KAFKA CONNECTION kafka_connection (TOPIC 'test_avro_topic')
  KEY (key_col)
  FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr_connection
  ENVELOPE UPSERT;`;
    const avro = { kind: 'avro', registry: ['csr_connection'], options: [] } as const;
    expect(parseStreaming(sql)).toEqual(
      sink({
        name: ['avro_sink'],
        from: ['my_view'],
        options: [opt('TOPIC', sql.indexOf('TOPIC') + 1, str('test_avro_topic'))],
        key: ['key_col'],
        keyFormat: avro,
        valueFormat: avro,
        envelope: 'upsert',
      }),
    );
  });

  it('JSON debezium sink in a cluster, KEY NOT ENFORCED, HEADERS, options, WITH', () => {
    const sql =
      `CREATE SINK IF NOT EXISTS k IN CLUSTER c FROM sch.v INTO KAFKA CONNECTION kafka_connection ` +
      `(TOPIC 't', COMPRESSION TYPE gzip, TOPIC PARTITION COUNT 4) KEY (a, b) NOT ENFORCED ` +
      `HEADERS hdrs FORMAT JSON ENVELOPE DEBEZIUM WITH (SNAPSHOT = false)`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toEqual(
      sink({
        ifNotExists: true,
        cluster: 'c',
        from: ['sch', 'v'],
        options: [
          opt('TOPIC', at("TOPIC 't'"), str('t')),
          opt('COMPRESSION TYPE', at('COMPRESSION'), { kind: 'ident', value: 'gzip' }),
          opt('TOPIC PARTITION COUNT', at('TOPIC PARTITION'), num('4')),
        ],
        key: ['a', 'b'],
        keyNotEnforced: true,
        headers: 'hdrs',
        keyFormat: { kind: 'json' },
        valueFormat: { kind: 'json' },
        envelope: 'debezium',
        with: [opt('SNAPSHOT', at('SNAPSHOT'), { kind: 'boolean', value: false })],
      }),
    );
  });

  it('KEY FORMAT / VALUE FORMAT, Avro sink options, bare flag', () => {
    const sql =
      `CREATE SINK k FROM v INTO KAFKA CONNECTION kafka_connection (TOPIC 't') KEY (id) ` +
      `KEY FORMAT TEXT VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr ` +
      `(AVRO VALUE FULLNAME 'x.y', NULL DEFAULTS) ENVELOPE UPSERT WITH (SNAPSHOT)`;
    const at = (s: string): number => sql.indexOf(s) + 1;
    expect(parseStreaming(sql)).toMatchObject({
      key: ['id'],
      keyFormat: { kind: 'text' },
      valueFormat: {
        kind: 'avro',
        registry: ['csr'],
        options: [
          opt('AVRO VALUE FULLNAME', at('AVRO VALUE'), str('x.y')),
          opt('NULL DEFAULTS', at('NULL')),
        ],
      },
      with: [opt('SNAPSHOT', at('SNAPSHOT'))],
    });
  });
});

describe('DROP and SHOW', () => {
  it('DROP each kind, IF EXISTS, several names, CASCADE / RESTRICT', () => {
    expect(parseStreaming('DROP SOURCE IF EXISTS a, b.c CASCADE')).toEqual({
      kind: 'drop',
      what: 'source',
      names: [['a'], ['b', 'c']],
      ifExists: true,
      cascade: true,
    });
    for (const [kw, what] of [
      ['SECRET', 'secret'],
      ['CONNECTION', 'connection'],
      ['SINK', 'sink'],
    ] as const)
      expect(parseStreaming(`drop ${kw} x RESTRICT;`)).toEqual({
        kind: 'drop',
        what,
        names: [['x']],
        ifExists: false,
        cascade: false,
      });
  });

  it('SHOW SOURCES | SINKS | CONNECTIONS | SECRETS [FROM | IN schema]', () => {
    expect(parseStreaming('SHOW SOURCES')).toEqual({ kind: 'show', what: 'sources' });
    expect(parseStreaming('show sinks from public')).toEqual({
      kind: 'show',
      what: 'sinks',
      schema: 'public',
    });
    expect(parseStreaming('SHOW CONNECTIONS IN db.Sch')).toEqual({
      kind: 'show',
      what: 'connections',
      schema: 'sch',
    });
    expect(parseStreaming('SHOW SECRETS;')).toEqual({ kind: 'show', what: 'secrets' });
  });

  it('SHOW CREATE SOURCE | SINK | CONNECTION', () => {
    expect(parseStreaming('SHOW CREATE SOURCE public.s')).toEqual({
      kind: 'show-create',
      what: 'source',
      name: ['public', 's'],
    });
    expect(parseStreaming('SHOW CREATE SINK k')).toMatchObject({ what: 'sink' });
    expect(parseStreaming('SHOW CREATE CONNECTION c')).toMatchObject({ what: 'connection' });
  });

  it('comments anywhere', () => {
    expect(parseStreaming('-- lead\n/* a /* nested */ one */ DROP SINK /* x */ k -- end')).toEqual({
      kind: 'drop',
      what: 'sink',
      names: [['k']],
      ifExists: false,
      cascade: false,
    });
  });
});

describe('not streaming DDL', () => {
  it.each([
    'SELECT 1',
    'CREATE TABLE t (a int)',
    'CREATE MATERIALIZED VIEW v AS SELECT 1',
    'SHOW TABLES',
    'SHOW CREATE TABLE t',
    'DROP TABLE t',
    "SELECT 'unterminated",
    'SUBSCRIBE v',
    '',
  ])('%s → null', (sql) => {
    expect(parseStreaming(sql)).toBeNull();
  });
});
