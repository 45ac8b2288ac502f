// Errors of the streaming DDL parser (exact SQLSTATE, message and position), and its hook into
// parseStatements: streaming statements become `{ EddyStreaming: ... }` alone or among others,
// while ordinary SQL still gets PostgreSQL's syntax tree.
import { beforeAll, describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { parseStreaming } from '../../src/sql/streaming-ddl.js';
import { initParser, parseStatements } from '../../src/sql/parser.js';

function errorOf(run: () => unknown): { code: string; message: string; position?: number } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(EddyError);
    const err = e as EddyError;
    return {
      code: err.code,
      message: err.message,
      ...(err.position === undefined ? {} : { position: err.position }),
    };
  }
  throw new Error('expected an error');
}

const KAFKA = `FROM KAFKA CONNECTION k (TOPIC 't')`;

describe('syntax errors (42601)', () => {
  it.each([
    [`CREATE SOURCE s ${KAFKA} FORMAT BOGUS`, 'BOGUS'],
    [`CREATE SECRET s 'x'`, "'x'"],
    [`CREATE SOURCE s ${KAFKA} ENVELOPE SIDEWAYS`, 'SIDEWAYS'],
    [`CREATE SOURCE s (id int, PRIMARY KEY (id)) ${KAFKA}`, ')', ') FROM'],
    [`CREATE SOURCE s ${KAFKA} KEY FORMAT TEXT FORMAT JSON`, 'FORMAT', 'FORMAT JSON'],
    [`CREATE SOURCE s ${KAFKA} FORMAT CSV WITH 0 COLUMNS`, '0', '0 COLUMNS'],
    [`CREATE SOURCE s ${KAFKA} INCLUDE HEADER 'h'`, ''],
    [`CREATE CONNECTION c TO KAFKA (BROKER = )`, ')'],
    [`CREATE CONNECTION c TO KAFKA (BROKER 'a' 'b')`, "'b'"],
    [`CREATE CONNECTION c TO KAFKA (= 'a')`, '='],
    [`CREATE SINK k FROM v INTO KAFKA CONNECTION c (TOPIC 't') ENVELOPE NONE`, 'NONE'],
    [`DROP SOURCE a b`, 'b'],
    [`SHOW SOURCES FROM`, ''],
    [`SHOW CREATE SINK k extra`, 'extra'],
    [`ALTER SECRET s TO 'x'`, 'TO'],
  ])('%s', (sql: string, near: string, locator?: string) => {
    // The offending token `near` is where `locator` (default: `near`) first occurs; '' is the
    // end of input.
    const error =
      near === ''
        ? { code: '42601', message: 'syntax error at end of input', position: sql.length + 1 }
        : {
            code: '42601',
            message: `syntax error at or near "${near}"`,
            position: sql.indexOf(locator ?? near) + 1,
          };
    expect(errorOf(() => parseStreaming(sql))).toEqual(error);
  });

  it('lexical errors in PostgreSQL words', () => {
    expect(errorOf(() => parseStreaming(`CREATE SECRET s AS 'abc`))).toEqual({
      code: '42601',
      message: `unterminated quoted string at or near "'abc"`,
      position: 20,
    });
    expect(errorOf(() => parseStreaming(`DROP SINK "k`))).toEqual({
      code: '42601',
      message: 'unterminated quoted identifier at or near ""k"',
      position: 11,
    });
    expect(errorOf(() => parseStreaming(`DROP SINK k /* open`))).toEqual({
      code: '42601',
      message: 'unterminated /* comment at or near "/* open"',
      position: 13,
    });
    expect(errorOf(() => parseStreaming('DROP SINK a.b.c.d'))).toEqual({
      code: '42601',
      message: 'improper qualified name (too many dotted names): a.b.c.d',
      position: 11,
    });
  });

  it('positions count characters, not UTF-16 units', () => {
    expect(errorOf(() => parseStreaming(`CREATE SECRET "é😀" 'x'`))).toEqual({
      code: '42601',
      message: `syntax error at or near "'x'"`,
      position: 20,
    });
  });
});

describe('valid Materialize, not supported by Eddy (0A000)', () => {
  it.each([
    [
      'CREATE SOURCE s FROM LOAD GENERATOR COUNTER',
      'CREATE SOURCE ... FROM LOAD GENERATOR',
      'LOAD',
    ],
    [
      `CREATE SOURCE s FROM POSTGRES CONNECTION pg (PUBLICATION 'p')`,
      'CREATE SOURCE ... FROM POSTGRES',
      'POSTGRES',
    ],
    ['CREATE SOURCE s FROM WEBHOOK BODY FORMAT JSON', 'CREATE SOURCE ... FROM WEBHOOK', 'WEBHOOK'],
    [`CREATE SOURCE s ${KAFKA} FORMAT PROTOBUF MESSAGE 'm'`, 'FORMAT PROTOBUF', 'PROTOBUF'],
    [
      `CREATE SOURCE s ${KAFKA} FORMAT JSON ENVELOPE MATERIALIZE`,
      'ENVELOPE MATERIALIZE',
      'MATERIALIZE',
    ],
    [
      `CREATE SOURCE s (a int DEFAULT 1) ${KAFKA}`,
      'column constraint DEFAULT on a source',
      'DEFAULT',
    ],
    [
      `CREATE CONNECTION pg TO POSTGRES (HOST 'h')`,
      'CREATE CONNECTION ... TO POSTGRES',
      'POSTGRES',
    ],
    [
      `CREATE CONNECTION c TO KAFKA (BROKER 'b:9092' USING SSH TUNNEL t)`,
      'BROKER ... USING',
      'USING',
    ],
    [
      `CREATE SINK k FROM v INTO ICEBERG CATALOG CONNECTION c`,
      'CREATE SINK ... INTO ICEBERG',
      'ICEBERG',
    ],
    [
      `CREATE SINK k FROM v INTO KAFKA CONNECTION c (TOPIC 't', PARTITION BY = kafka_murmur2(id))`,
      'PARTITION BY',
      'PARTITION',
    ],
    ['SHOW SOURCES IN CLUSTER c', 'SHOW SOURCES IN CLUSTER', 'CLUSTER'],
  ])('%s', (sql, what, at) => {
    expect(errorOf(() => parseStreaming(sql))).toEqual({
      code: '0A000',
      message: `${what} is not supported`,
      position: sql.indexOf(at) + 1,
    });
  });
});

describe('invalid values', () => {
  it('decode with an unknown encoding or bad data (22023), invalid UTF-8 (22021)', () => {
    const sql = `CREATE SECRET s AS decode('abc', 'rot13')`;
    expect(errorOf(() => parseStreaming(sql))).toEqual({
      code: '22023',
      message: 'unrecognized encoding: "rot13"',
      position: sql.indexOf("'rot13'") + 1,
    });
    expect(errorOf(() => parseStreaming(`CREATE SECRET s AS decode('a%b', 'base64')`))).toEqual({
      code: '22023',
      message: 'invalid symbol "%" found while decoding base64 sequence',
    });
    expect(errorOf(() => parseStreaming(`CREATE SECRET s AS decode('abc', 'hex')`))).toEqual({
      code: '22023',
      message: 'invalid hexadecimal data: odd number of digits',
    });
    expect(errorOf(() => parseStreaming(`CREATE SECRET s AS decode('ff', 'hex')`))).toMatchObject({
      code: '22021',
    });
  });

  it('a CSV delimiter is one character', () => {
    const sql = `CREATE SOURCE s ${KAFKA} FORMAT CSV WITH 2 COLUMNS DELIMITED BY ';;'`;
    expect(errorOf(() => parseStreaming(sql))).toEqual({
      code: '22023',
      message: 'CSV delimiter must be a single character',
      position: sql.indexOf("';;'") + 1,
    });
  });
});

describe('parseStatements', () => {
  beforeAll(async () => {
    await initParser();
  });

  it('gives EddyStreaming nodes, alone and among other statements', () => {
    expect(parseStatements(`CREATE SECRET s AS 'x';`)).toEqual([
      {
        ast: {
          EddyStreaming: { kind: 'create-secret', name: ['s'], ifNotExists: false, value: 'x' },
        },
        text: `CREATE SECRET s AS 'x'`,
        offset: 0,
      },
    ]);
    const sql = `SELECT 1; DROP SINK k; SHOW SOURCES; SHOW CREATE CONNECTION c`;
    const stmts = parseStatements(sql);
    expect(stmts.map((s) => [s.text, s.offset])).toEqual([
      ['SELECT 1', 0],
      ['DROP SINK k', 9],
      ['SHOW SOURCES', 22],
      ['SHOW CREATE CONNECTION c', 36],
    ]);
    expect(Object.keys(stmts[0]!.ast)).toEqual(['SelectStmt']);
    expect(stmts[1]!.ast).toEqual({
      EddyStreaming: {
        kind: 'drop',
        what: 'sink',
        names: [['k']],
        ifExists: false,
        cascade: false,
      },
    });
    expect(stmts[2]!.ast).toEqual({ EddyStreaming: { kind: 'show', what: 'sources' } });
    expect(stmts[3]!.ast).toEqual({
      EddyStreaming: { kind: 'show-create', what: 'connection', name: ['c'] },
    });
  });

  it('SHOW SOURCES | SINKS | CONNECTIONS | SECRETS, which PostgreSQL parses as SHOW name', () => {
    for (const what of ['sources', 'sinks', 'connections', 'secrets'])
      expect(parseStatements(`SHOW ${what.toUpperCase()}`)[0]!.ast).toEqual({
        EddyStreaming: { kind: 'show', what },
      });
    expect(parseStatements('SHOW SOURCES; SHOW TABLES').map((s) => s.ast)).toEqual([
      { EddyStreaming: { kind: 'show', what: 'sources' } },
      { EddyShow: { what: 'tables' } },
    ]);
  });

  it('errors are located in the whole string', () => {
    const sql = `SELECT 1;\nCREATE SINK k FROM v INTO KAFKA CONNECTION c (TOPIC 't') FORMAT`;
    expect(errorOf(() => parseStatements(sql))).toEqual({
      code: '42601',
      message: 'syntax error at end of input',
      position: sql.length + 1,
    });
    const bad = `SELECT 1; CREATE SOURCE s FROM LOAD GENERATOR COUNTER`;
    expect(errorOf(() => parseStatements(bad))).toMatchObject({
      code: '0A000',
      position: bad.indexOf('LOAD') + 1,
    });
    expect(errorOf(() => parseStatements(`CREATE SOURCE s ${KAFKA} FORMAT BOGUS`))).toMatchObject({
      message: 'syntax error at or near "BOGUS"',
    });
  });

  it('leaves ordinary SQL to PostgreSQL', () => {
    const tag = (sql: string): string[] => parseStatements(sql).map((s) => Object.keys(s.ast)[0]!);
    expect(tag('SELECT 1')).toEqual(['SelectStmt']);
    expect(tag('CREATE TABLE t (a int)')).toEqual(['CreateStmt']);
    expect(tag('CREATE MATERIALIZED VIEW v AS SELECT a FROM t')).toEqual(['CreateTableAsStmt']);
    expect(tag('SUBSCRIBE v')).toEqual(['EddySubscribe']);
    expect(tag('SHOW TABLES')).toEqual(['EddyShow']);
    expect(tag('CREATE TABLE t (a int); DROP SOURCE s')).toEqual(['CreateStmt', 'EddyStreaming']);
    expect(errorOf(() => parseStatements('SELEC 1'))).toEqual({
      code: '42601',
      message: 'syntax error at or near "SELEC"',
      position: 1,
    });
  });
});
