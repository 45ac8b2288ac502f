// FORMAT AVRO for sinks (src/formats/avro/sink.ts): the generated schema, and rows encoded
// under it read back by avsc and by Eddy's own Avro decoder.
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import {
  avroFieldNames,
  makeAvroDebeziumEncoder,
  makeDebeziumDecoder,
  makeDecoder,
  makeEncoder,
} from '../../src/formats/index.js';
import {
  arrayOf,
  Numeric,
  PgArray,
  RecordDatum,
  scalar,
  T,
  type SqlType,
} from '../../src/repr/index.js';
import { parseJson } from '../../src/repr/io/json.js';

const col = (name: string, type: SqlType, nullable = true) => ({ name, type, nullable });

describe('Avro sink schema', () => {
  it('adjusts names like Materialize', () => {
    expect(avroFieldNames(['col-a', 'col@a', '1x', 'ok', 'ok'])).toEqual([
      'col_a',
      'col_a1',
      '_1x',
      'ok',
      'ok1',
    ]);
  });
  it('maps SQL types', () => {
    const e = makeEncoder('avro', [
      col('id', T.int4, false),
      col('n', scalar('numeric', ((10 << 16) | 2) + 4)),
      col('ts', scalar('timestamptz', 3), false),
      col('j', T.jsonb, false),
    ]);
    expect(e.avroSchema).toEqual({
      type: 'record',
      name: 'envelope',
      fields: [
        { name: 'id', type: 'int' },
        {
          name: 'n',
          type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }],
        },
        { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'j', type: { type: 'string', 'connect.name': 'io.debezium.data.Json' } },
      ],
    });
  });
});

describe('Avro sink encoding', () => {
  const rec: SqlType = { kind: 'record', fields: [{ name: 'x', type: T.int4 }] };
  const cols = [
    col('b', T.bool, false),
    col('i', T.int4, false),
    col('l', T.int8, false),
    col('f', T.float8, false),
    col('s', T.text),
    col('by', T.bytea, false),
    col('n', scalar('numeric', ((10 << 16) | 2) + 4), false),
    col('d', T.date, false),
    col('t', T.time, false),
    col('ts', T.timestamp, false),
    col('u', T.uuid, false),
    col('a', arrayOf(T.int8), false),
    col('r', rec, false),
  ];
  const row = [
    true,
    -7,
    2n ** 60n + 3n,
    0.25,
    null,
    new Uint8Array([9, 8]),
    Numeric.parse('-12.34')!,
    19000,
    1_000_001,
    1_700_000_000_000_001n,
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    PgArray.of([1n, null]),
    new RecordDatum([5]),
  ];
  const e = makeEncoder('avro', cols);
  it('round-trips through Eddy’s Avro decoder', () => {
    const bytes = e.encode(row)!;
    const d = makeDecoder({
      kind: 'avro',
      schema: JSON.stringify(e.avroSchema),
      confluentWireFormat: false,
    });
    const back = d.decode(bytes)!;
    expect(back.slice(0, 10)).toEqual(row.slice(0, 10));
    expect(back[10]).toBe(row[10]);
    expect(back[11]).toEqual(PgArray.of([1n, null]));
    expect(back[12]).toEqual(new RecordDatum([5]));
  });
  it('is readable by avsc', () => {
    const t = avro.Type.forSchema(e.avroSchema as avro.Schema, { wrapUnions: true });
    const small = [...row];
    small[2] = 12n;
    const v = t.fromBuffer(e.encode(small)!) as Record<string, unknown>;
    expect(v.i).toBe(-7);
    expect(v.l).toBe(12);
    expect(v.s).toBeNull();
    expect(v.n).toEqual(Buffer.from([0xfb, 0x2e]));
    expect(v.a).toEqual([{ long: 1 }, null]);
    expect(v.r).toEqual({ x: { int: 5 } });
  });
  it('frames with a schema id and rounds decimals to the scale', () => {
    const f = makeEncoder('avro', [col('n', scalar('numeric', ((5 << 16) | 1) + 4), false)], {
      schemaId: 258,
    });
    const bytes = f.encode([Numeric.parse('1.25')!])!;
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 1, 2]);
    const d = makeDecoder({ kind: 'avro', schema: JSON.stringify(f.avroSchema) });
    expect((d.decode(bytes)![0] as Numeric).toString()).toBe('1.3');
    expect(() => f.encode([Numeric.NaN])).toThrow(/NaN/);
  });
  it('encodes jsonb as JSON text', () => {
    const j = makeEncoder('avro', [col('j', T.jsonb, false)]);
    const t = avro.Type.forSchema(j.avroSchema as avro.Schema);
    expect(t.fromBuffer(j.encode([parseJson('{"b": 1, "a": [true]}')])!)).toEqual({
      j: '{"a":[true],"b":1}',
    });
  });
});

describe('Avro Debezium sink envelope', () => {
  it('round-trips through the Debezium decoder', () => {
    const cols = [col('id', T.int4, false), col('name', T.text)];
    const e = makeAvroDebeziumEncoder(cols);
    const d = makeDebeziumDecoder(
      { kind: 'avro', schema: JSON.stringify(e.schema), confluentWireFormat: false },
      undefined,
    );
    expect(d.decode(e.encode(null, [1, 'a']))).toEqual({ before: null, after: [1, 'a'], op: null });
    expect(d.decode(e.encode([1, 'a'], [1, null]))).toEqual({
      before: [1, 'a'],
      after: [1, null],
      op: null,
    });
  });
});
