// Unit tests of the sqllogictest parser: every record kind, conditions, comments, multi-line SQL,
// hashed results, the sqllogictest-rs extensions, and errors that name the line.
import { describe, expect, it } from 'vitest';
import { parseSlt } from '../../src/slt/parser.js';
import { SltParseError } from '../../src/slt/record.js';

describe('parseSlt', () => {
  it('parses statements, queries and directives', () => {
    const text = [
      '# a comment',
      'hash-threshold 8',
      '',
      'statement ok',
      'CREATE TABLE t(a int)',
      '',
      'statement error',
      'SELECT * FROM nope',
      '',
      'statement error relation "nope" does not exist',
      'SELECT * FROM nope',
      '',
      'statement count 3',
      'INSERT INTO t VALUES (1), (2), (3)',
      '',
      'query IT rowsort my-label',
      'SELECT a,',
      '# comment inside SQL',
      '  b FROM t',
      '----',
      '1',
      'x',
      '',
      'query R',
      'SELECT 1.5',
      '----',
      '1.500',
      '',
      'query I valuesort',
      'SELECT a FROM t',
      '----',
      '30 values hashing to 0123456789abcdef0123456789abcdef',
      '',
      'query I nosort',
      'SELECT a FROM t WHERE false',
      '',
      'query error division by zero',
      'SELECT 1/0',
      '',
      'halt',
    ].join('\n');
    const records = parseSlt(text);
    expect(records.map((r) => [r.kind, r.line])).toEqual([
      ['hash-threshold', 2],
      ['statement', 4],
      ['statement', 7],
      ['statement', 10],
      ['statement', 13],
      ['query', 16],
      ['query', 24],
      ['query', 29],
      ['query', 34],
      ['query', 37],
      ['halt', 40],
    ]);
    expect(records[0]).toMatchObject({ threshold: 8 });
    expect(records[1]).toMatchObject({ sql: 'CREATE TABLE t(a int)', expect: { kind: 'ok' } });
    expect(records[2]).toMatchObject({ expect: { kind: 'error', pattern: undefined } });
    expect(records[3]).toMatchObject({
      expect: { kind: 'error', pattern: 'relation "nope" does not exist' },
    });
    expect(records[4]).toMatchObject({ expect: { kind: 'count', count: 3 } });
    expect(records[5]).toEqual({
      kind: 'query',
      line: 16,
      conditions: [],
      sql: 'SELECT a,\n  b FROM t',
      types: ['I', 'T'],
      sort: 'rowsort',
      label: 'my-label',
      expect: { kind: 'values', lines: ['1', 'x'] },
    });
    expect(records[6]).toMatchObject({ types: ['R'], sort: 'nosort', label: undefined });
    expect(records[7]).toMatchObject({
      sort: 'valuesort',
      expect: { kind: 'hash', count: 30, hash: '0123456789abcdef0123456789abcdef' },
    });
    expect(records[8]).toMatchObject({ expect: { kind: 'values', lines: [] } });
    expect(records[9]).toMatchObject({ expect: { kind: 'error', pattern: 'division by zero' } });
  });

  it('attaches skipif/onlyif conditions to the next record', () => {
    const records = parseSlt(
      [
        'skipif mysql',
        'onlyif postgresql',
        'query I nosort',
        'SELECT 1',
        '----',
        '1',
        '',
        'onlyif sqlite',
        'halt',
      ].join('\n'),
    );
    expect(records[0]?.conditions).toEqual([
      { kind: 'skipif', engine: 'mysql' },
      { kind: 'onlyif', engine: 'postgresql' },
    ]);
    expect(records[1]).toEqual({
      kind: 'halt',
      line: 9,
      conditions: [{ kind: 'onlyif', engine: 'sqlite' }],
    });
  });

  it('accepts CRLF line ends and a label without a sort mode', () => {
    const records = parseSlt('query I lbl\r\nSELECT 1\r\n----\r\n1\r\n');
    expect(records[0]).toMatchObject({
      sort: 'nosort',
      label: 'lbl',
      sql: 'SELECT 1',
      expect: { lines: ['1'] },
    });
  });

  it('keeps a one-line hash-like value as a hash and several lines as values', () => {
    const one = parseSlt(
      'query I\nSELECT 1\n----\n1 value hashing to 0123456789abcdef0123456789abcdef\n',
    );
    expect(one[0]).toMatchObject({ expect: { kind: 'hash', count: 1 } });
  });

  it.each([
    ['unknown record', 'select 1\n', 1, 'unknown record type'],
    ['bad type string', 'query X\nSELECT 1\n', 1, 'type string'],
    ['statement without verb', 'statement\nSELECT 1\n', 1, 'ok, error or count'],
    ['statement with results', 'statement ok\nSELECT 1\n----\n1\n', 3, 'no result section'],
    ['missing SQL', '\n\nstatement ok\n\n', 3, 'missing SQL'],
    ['bad threshold', 'hash-threshold x\n', 1, 'hash-threshold'],
    ['dangling condition', 'skipif postgresql\n\nstatement ok\nSELECT 1\n', 1, 'not followed'],
  ])('rejects %s with the line number', (_name, text, line, message) => {
    let caught: unknown;
    try {
      parseSlt(text, 'f.slt');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SltParseError);
    expect((caught as SltParseError).line).toBe(line);
    expect((caught as SltParseError).message).toContain(`f.slt:${line}: `);
    expect((caught as SltParseError).message).toContain(message);
  });

  it('parses the SQLite corpus files without error', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(
      new URL('../../../shared/slt/sqlite/select1.test', import.meta.url),
      'utf8',
    );
    const records = parseSlt(text, 'select1.test');
    expect(records.filter((r) => r.kind === 'query').length).toBe(1000);
  });
});
