// FORMAT AVRO decoding (src/formats/avro): Materialize's type mapping, Confluent framing,
// malformed input. Records are written with avsc's encoder and read back.
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { DecodeError, makeDecoder } from '../../src/formats/index.js';
import {
  arrayOf,
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  scalar,
  T,
} from '../../src/repr/index.js';
import { formatJson } from '../../src/repr/io/json.js';

/** Confluent framing: magic 0, 4-byte big-endian schema id, datum. */
function framed(datum: Buffer, id = 7): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return Buffer.concat([head, datum]);
}

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

const schema = {
  type: 'record',
  name: 'row',
  fields: [
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 'b', type: 'boolean' },
    { name: 's', type: 'string' },
    { name: 'by', type: 'bytes' },
    { name: 'fx', type: { type: 'fixed', name: 'f2', size: 2 } },
    { name: 'e', type: { type: 'enum', name: 'color', symbols: ['red', 'green'] } },
    { name: 'opt', type: ['null', 'string'] },
    { name: 'opt2', type: ['long', 'null'] },
  ],
};
const writer = avro.Type.forSchema(schema as avro.Schema);
const value = {
  i: -5,
  l: 2 ** 40,
  f: 1.5,
  d: 0.1,
  b: true,
  s: 'hé',
  by: Buffer.from([1, 2]),
  fx: Buffer.from([3, 4]),
  e: 'green',
  opt: 'x',
  opt2: null,
};

describe('Avro primitive mapping', () => {
  const d = makeDecoder({ kind: 'avro', schema: JSON.stringify(schema) });
  it('maps columns like Materialize', () => {
    expect(d.columns).toEqual([
      { name: 'i', type: T.int4, nullable: false },
      { name: 'l', type: T.int8, nullable: false },
      { name: 'f', type: T.float4, nullable: false },
      { name: 'd', type: T.float8, nullable: false },
      { name: 'b', type: T.bool, nullable: false },
      { name: 's', type: T.text, nullable: false },
      { name: 'by', type: T.bytea, nullable: false },
      { name: 'fx', type: T.bytea, nullable: false },
      { name: 'e', type: T.text, nullable: false },
      { name: 'opt', type: T.text, nullable: true },
      { name: 'opt2', type: T.int8, nullable: true },
    ]);
  });
  it('reads a Confluent-framed datum', () => {
    expect(d.decode(framed(writer.toBuffer(value)))).toEqual([
      -5,
      2n ** 40n,
      1.5,
      0.1,
      true,
      'hé',
      new Uint8Array([1, 2]),
      new Uint8Array([3, 4]),
      'green',
      'x',
      null,
    ]);
  });
  it('reads longs exactly beyond 2^53', () => {
    const t = avro.Type.forSchema({
      type: 'record',
      name: 'r',
      fields: [{ name: 'l', type: 'long' }],
    });
    const dl = makeDecoder({
      kind: 'avro',
      schema: JSON.stringify(t.schema()),
      confluentWireFormat: false,
    });
    // zig-zag varint of 2^62 + 1, written by hand (avsc's JS numbers cannot hold it).
    const n = (2n ** 62n + 1n) * 2n;
    const bytes: number[] = [];
    let v = n;
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    expect(dl.decode(new Uint8Array(bytes))).toEqual([2n ** 62n + 1n]);
    expect(dl.decode(new Uint8Array(t.toBuffer({ l: -3 })))).toEqual([-3n]);
  });
  it('rejects bad framing, truncation and trailing bytes', () => {
    const buf = framed(writer.toBuffer(value));
    expect(decodeError(() => d.decode(buf.subarray(0, 3))).message).toContain(
      'Confluent-style avro datum is too short',
    );
    const bad = Buffer.from(buf);
    bad[0] = 1;
    expect(decodeError(() => d.decode(bad)).message).toContain(
      'wrong Confluent-style avro serialization magic',
    );
    for (const cut of [5, 8, 20, buf.length - 1])
      expect(decodeError(() => d.decode(buf.subarray(0, cut))).message).toContain(
        'avro deserialization error',
      );
    expect(decodeError(() => d.decode(Buffer.concat([buf, Buffer.from([0])]))).message).toContain(
      '1 unexpected bytes remaining',
    );
    const e = decodeError(() =>
      d.decode(Buffer.from([0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
    );
    expect(e.kind).toBe('Bytes');
  });
  it('reads plain datums with CONFLUENT WIRE FORMAT = false', () => {
    const p = makeDecoder({
      kind: 'avro',
      schema: JSON.stringify(schema),
      options: [{ name: 'CONFLUENT WIRE FORMAT', value: { kind: 'boolean', value: false } }],
    });
    expect(p.decode(writer.toBuffer(value))![0]).toBe(-5);
  });
  it('rejects invalid schemas', () => {
    expect(() => makeDecoder({ kind: 'avro', schema: '{' })).toThrow(/invalid Avro schema/);
    expect(() => makeDecoder({ kind: 'avro', schema: '{"type": "nope"}' })).toThrow(
      /invalid Avro schema/,
    );
    expect(() => makeDecoder({ kind: 'avro' })).toThrow(/schema must be given/);
  });
});

describe('Avro logical types', () => {
  const s = {
    type: 'record',
    name: 'r',
    fields: [
      { name: 'dec', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      {
        name: 'decf',
        type: {
          type: 'fixed',
          name: 'f3',
          size: 3,
          logicalType: 'decimal',
          precision: 6,
          scale: 1,
        },
      },
      { name: 'day', type: { type: 'int', logicalType: 'date' } },
      { name: 'tms', type: { type: 'int', logicalType: 'time-millis' } },
      { name: 'tus', type: { type: 'long', logicalType: 'time-micros' } },
      { name: 'tsm', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'tsu', type: { type: 'long', logicalType: 'timestamp-micros' } },
      { name: 'lts', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
      { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'dur', type: { type: 'fixed', name: 'd12', size: 12, logicalType: 'duration' } },
    ],
  };
  const w = avro.Type.forSchema(s as avro.Schema);
  const d = makeDecoder({ kind: 'avro', schema: JSON.stringify(s), confluentWireFormat: false });
  it('maps them to SQL types', () => {
    expect(d.columns.map((c) => c.type)).toEqual([
      scalar('numeric', ((10 << 16) | 2) + 4),
      scalar('numeric', ((6 << 16) | 1) + 4),
      T.date,
      T.time,
      T.time,
      T.timestamptz,
      T.timestamptz,
      T.timestamp,
      T.uuid,
      T.interval,
    ]);
  });
  it('decodes the values', () => {
    const dur = Buffer.alloc(12);
    dur.writeUInt32LE(1, 0);
    dur.writeUInt32LE(2, 4);
    dur.writeUInt32LE(3000, 8);
    const row = d.decode(
      w.toBuffer({
        dec: Buffer.from([0xfb, 0x2e]), // -1234 → -12.34
        decf: Buffer.from([0, 0, 15]),
        day: 19000,
        tms: 1500,
        tus: 2,
        tsm: 1000,
        tsu: 7,
        lts: 9,
        id: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        dur,
      }),
    )!;
    expect((row[0] as Numeric).toString()).toBe('-12.34');
    expect((row[1] as Numeric).toString()).toBe('1.5');
    expect(row.slice(2, 9)).toEqual([
      19000,
      1_500_000,
      2,
      1_000_000n,
      7n,
      9n,
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    ]);
    expect(row[9]).toEqual(new Interval(1, 2, 3_000_000n));
  });
});

describe('Avro complex types', () => {
  const s = {
    type: 'record',
    name: 'r',
    fields: [
      { name: 'u', type: ['null', 'int', 'string'] },
      {
        name: 'n',
        type: {
          type: 'record',
          name: 'inner',
          fields: [
            { name: 'x', type: 'int' },
            { name: 'y', type: ['null', 'string'] },
          ],
        },
      },
      { name: 'again', type: ['null', 'inner'] },
      { name: 'a', type: { type: 'array', items: 'long' } },
      { name: 'm', type: { type: 'map', values: 'double' } },
      { name: 'ar', type: { type: 'array', items: 'inner' } },
    ],
  };
  const w = avro.Type.forSchema(s as avro.Schema, { wrapUnions: true });
  const d = makeDecoder({ kind: 'avro', schema: JSON.stringify(s), confluentWireFormat: false });
  const inner = {
    kind: 'record',
    fields: [
      { name: 'x', type: T.int4 },
      { name: 'y', type: T.text },
    ],
  };
  it('expands essential unions, keeps records, arrays of scalars, and jsonb for the rest', () => {
    expect(d.columns).toEqual([
      { name: 'u1', type: T.int4, nullable: true },
      { name: 'u2', type: T.text, nullable: true },
      { name: 'n', type: inner, nullable: false },
      { name: 'again', type: inner, nullable: true },
      { name: 'a', type: arrayOf(T.int8), nullable: false },
      { name: 'm', type: T.jsonb, nullable: false },
      { name: 'ar', type: T.jsonb, nullable: false },
    ]);
  });
  it('decodes them', () => {
    const row = d.decode(
      w.toBuffer({
        u: { string: 'hi' },
        n: { x: 1, y: null },
        again: { inner: { x: 2, y: { string: 'z' } } },
        a: [1, 2],
        m: { k: 0.5, b: 2 },
        ar: [{ x: 3, y: null }],
      }),
    )!;
    expect(row.slice(0, 5)).toEqual([
      null,
      'hi',
      new RecordDatum([1, null]),
      new RecordDatum([2, 'z']),
      PgArray.of([1n, 2n]),
    ]);
    expect(formatJson((row[5] as Jsonb).value)).toBe('{"b": 2, "k": 0.5}');
    expect(formatJson((row[6] as Jsonb).value)).toBe('[{"x": 3, "y": null}]');
    const nulls = d.decode(
      w.toBuffer({ u: null, n: { x: 1, y: null }, again: null, a: [], m: {}, ar: [] }),
    )!;
    expect(nulls.slice(0, 5)).toEqual([
      null,
      null,
      new RecordDatum([1, null]),
      null,
      PgArray.of([]),
    ]);
  });
  it('maps recursive records to jsonb', () => {
    const rec = {
      type: 'record',
      name: 'node',
      fields: [
        { name: 'v', type: 'int' },
        { name: 'next', type: ['null', 'node'] },
      ],
    };
    const rw = avro.Type.forSchema(rec as avro.Schema, { wrapUnions: true });
    const rd = makeDecoder({
      kind: 'avro',
      schema: JSON.stringify(rec),
      confluentWireFormat: false,
    });
    expect(rd.columns[1]).toEqual({ name: 'next', type: T.jsonb, nullable: true });
    const row = rd.decode(rw.toBuffer({ v: 1, next: { node: { v: 2, next: null } } }))!;
    expect(formatJson((row[1] as Jsonb).value)).toBe('{"v": 2, "next": null}');
  });
  it('renames and casts to declared columns', () => {
    const t = { type: 'record', name: 'r', fields: [{ name: 'a', type: 'int' }] };
    const dd = makeDecoder(
      { kind: 'avro', schema: JSON.stringify(t), confluentWireFormat: false },
      [{ name: 'z', type: T.int8, nullable: false }],
    );
    expect(dd.columns).toEqual([{ name: 'z', type: T.int8, nullable: false }]);
    expect(dd.decode(avro.Type.forSchema(t as avro.Schema).toBuffer({ a: 4 }))).toEqual([4n]);
    expect(() =>
      makeDecoder({ kind: 'avro', schema: JSON.stringify(t) }, [
        { name: 'z', type: T.date, nullable: true },
      ]),
    ).toThrow(/Avro field is integer/);
  });
  it('names a non-record schema data (key for keys)', () => {
    const k = makeDecoder(
      { kind: 'avro', schema: '"string"', confluentWireFormat: false },
      undefined,
      { role: 'key' },
    );
    expect(k.columns).toEqual([{ name: 'key', type: T.text, nullable: false }]);
    expect(k.decode(avro.Type.forSchema('string').toBuffer('k1'))).toEqual(['k1']);
  });
});
