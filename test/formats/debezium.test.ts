// ENVELOPE DEBEZIUM decoding of Kafka values (src/formats/debezium.ts), JSON and Avro.
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeDebezium, makeDebeziumDecoder } from '../../src/formats/index.js';
import { Numeric, T } from '../../src/repr/index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cols = [
  { name: 'id', type: T.int4, nullable: false },
  { name: 'price', type: T.numeric, nullable: true },
];

describe('Debezium JSON', () => {
  const d = makeDebeziumDecoder({ kind: 'json' }, cols);
  it('decodes creates, updates and deletes', () => {
    expect(
      decodeDebezium(d, enc('{"before":null,"after":{"id":1,"price":"2.50"},"op":"c"}')),
    ).toEqual({
      before: null,
      after: [1, Numeric.parse('2.50')],
      op: 'c',
    });
    const u = d.decode(enc('{"before":{"id":1,"price":2.50},"after":{"id":1,"price":3},"op":"u"}'));
    expect(u.before).toEqual([1, Numeric.parse('2.50')]);
    expect((u.before![1] as Numeric).toString()).toBe('2.50');
    expect(u.after).toEqual([1, Numeric.parse('3')]);
    expect(d.decode(enc('{"before":{"id":1},"after":null,"op":"d"}'))).toEqual({
      before: [1, null],
      after: null,
      op: 'd',
    });
  });
  it('unwraps {"schema": ..., "payload": ...}', () => {
    const rec =
      '{"schema":{"type":"struct"},"payload":{"before":null,"after":{"id":2,"price":1.25},"op":"r"}}';
    const c = d.decode(enc(rec));
    expect(c.after).toEqual([2, Numeric.parse('1.25')]);
    expect(c.op).toBe('r');
  });
  it('rejects malformed changes', () => {
    expect(() => d.decode(enc('{"x":1}'))).toThrow(DecodeError);
    expect(() => d.decode(enc('{"after":{"id":"x"}}'))).toThrow(/field "id"/);
    expect(() => d.decode(enc('{"after":{"price":1}}'))).toThrow(/NOT NULL/);
    expect(() => d.decode(enc('not json'))).toThrow(/Failed to decode JSON/);
    expect(() => makeDebeziumDecoder({ kind: 'json' }, undefined)).toThrow(/declared columns/);
    expect(() => makeDebeziumDecoder({ kind: 'text' }, cols)).toThrow(/JSON or AVRO/);
  });
});

describe('Debezium Avro', () => {
  const row = {
    type: 'record',
    name: 'Value',
    fields: [
      { name: 'id', type: 'int' },
      { name: 'name', type: ['null', 'string'] },
    ],
  };
  const envelope = {
    type: 'record',
    name: 'Envelope',
    fields: [
      { name: 'before', type: ['null', row] },
      { name: 'after', type: ['null', 'Value'] },
      { name: 'op', type: 'string' },
    ],
  };
  const w = avro.Type.forSchema(envelope as avro.Schema, { wrapUnions: true });
  const d = makeDebeziumDecoder(
    { kind: 'avro', schema: JSON.stringify(envelope), confluentWireFormat: false },
    undefined,
  );
  it('takes its columns from the row record', () => {
    expect(d.columns).toEqual([
      { name: 'id', type: T.int4, nullable: false },
      { name: 'name', type: T.text, nullable: true },
    ]);
  });
  it('decodes before and after', () => {
    const bytes = w.toBuffer({
      before: { Value: { id: 1, name: { string: 'a' } } },
      after: { Value: { id: 1, name: null } },
      op: 'u',
    });
    expect(d.decode(bytes)).toEqual({ before: [1, 'a'], after: [1, null], op: 'u' });
    expect(
      d.decode(w.toBuffer({ before: null, after: { Value: { id: 2, name: null } }, op: 'c' })),
    ).toEqual({
      before: null,
      after: [2, null],
      op: 'c',
    });
    expect(() => d.decode(bytes.subarray(0, 4))).toThrow(/avro deserialization error/);
  });
  it('requires an envelope schema', () => {
    expect(() =>
      makeDebeziumDecoder({ kind: 'avro', schema: JSON.stringify(row) }, undefined),
    ).toThrow(/before/);
  });
});
