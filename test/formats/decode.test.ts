// Decoding of FORMAT JSON / TEXT / BYTES / CSV records into rows (src/formats).
import { describe, expect, it } from 'vitest';
import { DecodeError, makeDecoder, renameColumns } from '../../src/formats/index.js';
import {
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  scalar,
  T,
  type SqlType,
} from '../../src/repr/index.js';
import { formatJson } from '../../src/repr/io/json.js';
import type { FormatSpec as AstFormatSpec } from '../../src/sql/streaming-ast.js';
import type { FormatSpec } from '../../src/formats/index.js';

// The parser's FormatSpec can be passed to makeDecoder as is (checked by the typechecker).
const fromAst = (spec: AstFormatSpec): FormatSpec => spec;

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const col = (name: string, type: SqlType, nullable = true) => ({ name, type, nullable });

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('JSON without declared columns', () => {
  const d = makeDecoder({ kind: 'json' });
  it('is one jsonb column named data (key when decoding keys)', () => {
    expect(d.columns).toEqual([{ name: 'data', type: T.jsonb, nullable: false }]);
    expect(makeDecoder({ kind: 'json' }, undefined, { role: 'key' }).columns[0]!.name).toBe('key');
  });
  it('parses exactly, with jsonb key order', () => {
    const [v] = d.decode(enc('{"b": 1.50, "a": [12345678901234567890, null]}'))!;
    expect(formatJson((v as Jsonb).value)).toBe('{"a": [12345678901234567890, null], "b": 1.50}');
  });
  it('rejects invalid JSON with the original text', () => {
    const e = decodeError(() => d.decode(enc('{"a": ')));
    expect(e.code).toBe('22P02');
    expect(e.message).toContain('Failed to decode JSON: invalid input syntax for type json');
    expect(e.message).toContain('(original text: {"a": , original bytes: "7b2261223a20")');
  });
  it('rejects invalid UTF-8', () => {
    expect(decodeError(() => d.decode(new Uint8Array([0x7b, 0xff, 0x7d]))).code).toBe('22021');
  });
});

describe('JSON with declared columns', () => {
  const cols = [
    col('a', T.int4),
    col('b', T.text),
    col('c', T.timestamptz),
    col('n', T.numeric),
    col('big', T.int8),
    col('f', T.float8),
    col('ok', T.bool),
    col('j', T.jsonb),
    col('arr', { kind: 'array', elem: T.int4 }),
  ];
  const d = makeDecoder({ kind: 'json' }, cols);
  it('casts each field as PostgreSQL casts the jsonb value', () => {
    const row = d.decode(
      enc(
        '{"a":"7","b":12.50,"c":"2024-01-02 03:04:05+01","n":1.50,"big":9007199254740993,' +
          '"f":0.1,"ok":true,"j":{"x":[1,2.0]},"arr":[1,2,3],"extra":"ignored"}',
      ),
    )!;
    expect(row[0]).toBe(7);
    expect(row[1]).toBe('12.50');
    expect(row[2]).toBe(1704161045000000n);
    expect((row[3] as Numeric).toString()).toBe('1.50');
    expect(row[4]).toBe(9007199254740993n);
    expect(row[5]).toBe(0.1);
    expect(row[6]).toBe(true);
    expect(formatJson((row[7] as Jsonb).value)).toBe('{"x": [1, 2.0]}');
    expect(row[8]).toEqual(PgArray.of([1, 2, 3]));
  });
  it('rounds numbers to integers like numeric → int, and range-checks', () => {
    const one = makeDecoder({ kind: 'json' }, [col('a', T.int4)]);
    expect(one.decode(enc('{"a": 2.5}'))).toEqual([3]);
    expect(one.decode(enc('{"a": 42}'))).toEqual([42]);
    expect(decodeError(() => one.decode(enc('{"a": 3000000000}'))).code).toBe('22003');
  });
  it('maps missing fields and null to NULL', () => {
    expect(d.decode(enc('{"a": null}'))).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
  it('rejects a missing NOT NULL field', () => {
    const strict = makeDecoder({ kind: 'json' }, [col('id', T.int4, false)]);
    const e = decodeError(() => strict.decode(enc('{"other": 1}')));
    expect(e.code).toBe('23502');
    expect(e.message).toContain('field "id"');
  });
  it('names the field of a type mismatch', () => {
    const e = decodeError(() => d.decode(enc('{"a": "x"}')));
    expect(e.message).toContain(
      'Failed to decode JSON: field "a": invalid input syntax for type integer: "x"',
    );
    expect(decodeError(() => d.decode(enc('{"a": true}'))).message).toContain(
      'cannot cast jsonb boolean to type integer',
    );
    expect(decodeError(() => d.decode(enc('{"ok": [1]}'))).message).toContain('field "ok"');
  });
  it('rejects non-objects and bad JSON', () => {
    expect(decodeError(() => d.decode(enc('[1]'))).message).toContain(
      'expected a JSON object, got an array',
    );
    expect(decodeError(() => d.decode(enc('{"a":1'))).message).toContain('Failed to decode JSON');
  });
  it('rejects what PostgreSQL rejects, even where JSON.parse accepts it', () => {
    expect(decodeError(() => d.decode(enc('{"b": "x\\u0000y"}'))).code).toBe('22P05');
    expect(decodeError(() => d.decode(enc('{"b": "\\ud800"}'))).message).toContain('surrogate');
    expect(decodeError(() => d.decode(enc('{"f": 1e400}'))).message).toContain('field "f"');
    expect(d.decode(enc('{"f": -0, "b": "\\u00e9"}'))!.slice(1, 6)).toEqual([
      'é',
      null,
      null,
      null,
      0,
    ]);
    expect(Object.is(d.decode(enc('{"f": -0}'))![5], 0)).toBe(true);
  });
  it('does not read inherited properties', () => {
    const one = makeDecoder({ kind: 'json' }, [col('constructor', T.text)]);
    expect(one.decode(enc('{}'))).toEqual([null]);
  });
  it('builds records from objects', () => {
    const rec: SqlType = {
      kind: 'record',
      fields: [
        { name: 'x', type: T.int4 },
        { name: 'y', type: T.text },
      ],
    };
    const one = makeDecoder({ kind: 'json' }, [col('r', rec)]);
    expect(one.decode(enc('{"r": {"y": "hi", "x": 1}}'))).toEqual([new RecordDatum([1, 'hi'])]);
  });
  it('applies varchar(n) by assignment', () => {
    const one = makeDecoder({ kind: 'json' }, [col('v', scalar('varchar', 3 + 4))]);
    expect(one.decode(enc('{"v": "abc"}'))).toEqual(['abc']);
    expect(decodeError(() => one.decode(enc('{"v": "abcd"}'))).code).toBe('22001');
  });
});

describe('specs from the parser', () => {
  it('accept the AST shape, including Avro options', () => {
    const spec = fromAst({
      kind: 'avro',
      schema: '"string"',
      options: [
        { name: 'CONFLUENT WIRE FORMAT', value: { kind: 'boolean', value: false }, position: 1 },
      ],
    });
    expect(makeDecoder(spec).decode(new Uint8Array([4, 0x68, 0x69]))).toEqual(['hi']);
  });
});

describe('TEXT and BYTES', () => {
  it('decodes text, named text or key', () => {
    const d = makeDecoder({ kind: 'text' });
    expect(d.columns).toEqual([{ name: 'text', type: T.text, nullable: false }]);
    expect(d.decode(enc('héllo'))).toEqual(['héllo']);
    expect(makeDecoder({ kind: 'text' }, undefined, { role: 'key' }).columns[0]!.name).toBe('key');
    const e = decodeError(() => d.decode(new Uint8Array([0xc3, 0x28])));
    expect(e.code).toBe('22021');
    expect(e.message).toBe(
      'Decode error: Bytes: Failed to decode TEXT: invalid UTF-8 (original bytes: "c328")',
    );
  });
  it('converts text to a declared type', () => {
    const d = makeDecoder({ kind: 'text' }, [col('n', T.int8)]);
    expect(d.decode(enc('123'))).toEqual([123n]);
    expect(decodeError(() => d.decode(enc('x'))).code).toBe('22P02');
  });
  it('decodes bytes as a copy', () => {
    const d = makeDecoder({ kind: 'bytes' });
    const src = new Uint8Array([1, 2, 255]);
    const [v] = d.decode(src)!;
    src[0] = 9;
    expect(v).toEqual(new Uint8Array([1, 2, 255]));
    expect(d.columns[0]).toEqual({ name: 'data', type: T.bytea, nullable: false });
    expect(() => makeDecoder({ kind: 'bytes' }, [col('x', T.text)])).toThrow(/bytea/);
  });
  it('renames columns', () => {
    const d = renameColumns(makeDecoder({ kind: 'text' }), ['k']);
    expect(d.columns[0]!.name).toBe('k');
    expect(d.decode(enc('a'))).toEqual(['a']);
  });
});

describe('CSV', () => {
  it('splits with RFC 4180 quoting and a delimiter', () => {
    const d = makeDecoder({ kind: 'csv', columns: 3, delimiter: ',' });
    expect(d.columns.map((c) => c.name)).toEqual(['column1', 'column2', 'column3']);
    expect(d.decode(enc('a,"b,""c""",\n'))).toEqual(['a', 'b,"c"', '']);
    expect(d.decode(enc('"multi\nline",x,y\r\n'))).toEqual(['multi\nline', 'x', 'y']);
    const p = makeDecoder({ kind: 'csv', columns: 2, delimiter: '|' });
    expect(p.decode(enc('1|2'))).toEqual(['1', '2']);
  });
  it('rejects too few or too many columns, and several records', () => {
    const d = makeDecoder({ kind: 'csv', columns: 2, delimiter: ',' });
    expect(decodeError(() => d.decode(enc('a'))).message).toContain('expected 2 columns, got 1.');
    expect(decodeError(() => d.decode(enc('a,b,c'))).message).toContain(
      'expected 2 columns, got 3.',
    );
    expect(decodeError(() => d.decode(enc('a,b\nc,d'))).message).toContain(
      'exactly one CSV record',
    );
    expect(decodeError(() => d.decode(enc('"a,b'))).message).toContain('unterminated quoted field');
  });
  it('skips the header line wherever it appears (a source resumes mid-topic)', () => {
    const d = makeDecoder({ kind: 'csv', columns: { header: ['id', 'name'] }, delimiter: ',' });
    expect(d.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(d.decode(enc('1,ann'))).toEqual(['1', 'ann']);
    expect(d.decode(enc('id,name'))).toBeNull();
    expect(d.decode(enc('id,nom'))).toEqual(['id', 'nom']);
    expect(d.decode(enc('2,bob'))).toEqual(['2', 'bob']);
  });
  it('casts to declared column types', () => {
    const d = makeDecoder({ kind: 'csv', columns: 2, delimiter: ',' }, [
      col('a', T.int4),
      col('b', T.date),
    ]);
    expect(d.decode(enc('5,1970-01-11'))).toEqual([5, 10]);
    expect(decodeError(() => d.decode(enc('x,1970-01-01'))).message).toContain('column "a"');
    expect(() =>
      makeDecoder({ kind: 'csv', columns: 3, delimiter: ',' }, [col('a', T.int4)]),
    ).toThrow(/3 columns/);
  });
});
