// Sink encoding (src/formats/encode.ts, json-encode.ts): Materialize's JSON conversion of each
// type, TEXT/BYTES, the DEBEZIUM and UPSERT envelopes, and encode → decode round trips.
import { describe, expect, it } from 'vitest';
import { encodeDebezium, encodeUpsert, makeDecoder, makeEncoder } from '../../src/formats/index.js';
import {
  arrayOf,
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  T,
  TS_POS_INFINITY,
  type SqlType,
} from '../../src/repr/index.js';
import { parseJson } from '../../src/repr/io/json.js';

const col = (name: string, type: SqlType, nullable = true) => ({ name, type, nullable });
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('JSON encoding', () => {
  it('converts each type as Materialize does', () => {
    const rec: SqlType = {
      kind: 'record',
      fields: [
        { name: 'x', type: T.int4 },
        { name: 'y', type: T.text },
      ],
    };
    const cols = [
      col('b', T.bool),
      col('i2', T.int2),
      col('i4', T.int4),
      col('i8', T.int8),
      col('f4', T.float4),
      col('f8', T.float8),
      col('n', T.numeric),
      col('t', T.text),
      col('ts', T.timestamp),
      col('tz', T.timestamptz),
      col('d', T.date),
      col('tm', T.time),
      col('iv', T.interval),
      col('by', T.bytea),
      col('u', T.uuid),
      col('j', T.jsonb),
      col('a', arrayOf(T.int4)),
      col('r', rec),
      col('z', T.text),
    ];
    const row = [
      true,
      -2,
      7,
      2n ** 62n,
      Math.fround(0.1),
      0.1,
      Numeric.parse('12.50')!,
      'q"\n',
      1_700_000_000_123_456n,
      -1500n,
      19000,
      45_296_000_001,
      new Interval(1, 2, 3_000_000n),
      new Uint8Array([0xde, 0xad]),
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      parseJson('{"k": [1, 2.50, null]}'),
      PgArray.of([1, null]),
      new RecordDatum([1, 'w']),
      null,
    ];
    expect(text(makeEncoder('json', cols).encode(row))).toBe(
      '{"b":true,"i2":-2,"i4":7,"i8":4611686018427387904,"f4":0.1,"f8":0.1,"n":"12.50",' +
        '"t":"q\\"\\n","ts":"1700000000123","tz":"-2","d":"2022-01-08","tm":"12:34:56.000001",' +
        '"iv":"1 mon 2 days 00:00:03","by":"\\\\xdead","u":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",' +
        '"j":{"k":[1,2.50,null]},"a":[1,null],"r":{"x":1,"y":"w"},"z":null}',
    );
  });
  it('writes non-finite floats as null and infinite timestamps as text', () => {
    const e = makeEncoder('json', [
      col('f', T.float8),
      col('n', T.numeric),
      col('t', T.timestamptz),
    ]);
    expect(text(e.encode([NaN, Numeric.NaN, TS_POS_INFINITY]))).toBe(
      '{"f":null,"n":"NaN","t":"infinity"}',
    );
  });
  it('round-trips through the JSON decoder with declared columns', () => {
    const cols = [
      col('id', T.int8, false),
      col('name', T.text),
      col('price', T.numeric),
      col('tags', arrayOf(T.text)),
    ];
    const row = [9007199254740993n, 'ann', Numeric.parse('3.10')!, PgArray.of(['a', 'b'])];
    const bytes = makeEncoder('json', cols).encode(row)!;
    expect(makeDecoder({ kind: 'json' }, cols).decode(bytes)).toEqual(row);
  });
});

describe('TEXT and BYTES encoding', () => {
  it('encodes one column, NULL as a null payload', () => {
    const t = makeEncoder('text', [col('n', T.numeric)]);
    expect(text(t.encode([Numeric.parse('1.0')!]))).toBe('1.0');
    expect(t.encode([null])).toBeNull();
    const b = makeEncoder('bytes', [col('b', T.bytea)]);
    expect(b.encode([new Uint8Array([1, 2])])).toEqual(Buffer.from([1, 2]));
    expect(makeDecoder({ kind: 'bytes' }).decode(b.encode([new Uint8Array([7])])!)).toEqual([
      new Uint8Array([7]),
    ]);
    expect(() => makeEncoder('text', [col('a', T.int4), col('b', T.int4)])).toThrow(
      /single column/,
    );
    expect(() => makeEncoder('bytes', [col('a', T.text)])).toThrow(/bytea/);
  });
});

describe('envelopes', () => {
  const cols = [col('k', T.int4, false), col('v', T.jsonb)];
  it('DEBEZIUM: before and after', () => {
    const j = new Jsonb(null);
    expect(text(encodeDebezium(cols, null, [1, j]))).toBe(
      '{"before":null,"after":{"k":1,"v":null}}',
    );
    expect(text(encodeDebezium(cols, [1, null], [1, j]))).toBe(
      '{"before":{"k":1,"v":null},"after":{"k":1,"v":null}}',
    );
    expect(text(encodeDebezium(cols, [1, null], null))).toBe(
      '{"before":{"k":1,"v":null},"after":null}',
    );
  });
  it('UPSERT: key object, value object or tombstone', () => {
    const key = makeEncoder('json', [cols[0]!]);
    const value = makeEncoder('json', cols);
    const m = encodeUpsert(key, value, [1], [1, null]);
    expect([text(m.key), text(m.value)]).toEqual(['{"k":1}', '{"k":1,"v":null}']);
    expect(encodeUpsert(key, value, [1], null).value).toBeNull();
  });
});
