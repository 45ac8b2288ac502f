import { describe, expect, it } from 'vitest';
import {
  Interval,
  Jsonb,
  JsonText,
  Numeric,
  PgArray,
  RecordDatum,
  type Datum,
} from '../../src/repr/index.js';
import { formatJsonValue, parseJson } from '../../src/repr/io/json.js';
import { decodeDatum, decodeRow, encodeDatum, encodeRow } from '../../src/storage/row-codec.js';
import { genAnyDatum, Rng } from './gen.js';
import { show, showRow } from './show.js';

function roundTrip(row: readonly Datum[]): void {
  const bytes = encodeRow(row);
  expect(showRow(decodeRow(bytes))).toBe(showRow(row));
}

describe('row codec', () => {
  it('round-trips scalars exactly, including -0, NaN, infinities and int/float', () => {
    roundTrip([]);
    roundTrip([null, true, false, 0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 48, 2 ** 53]);
    roundTrip([-(2 ** 48), -(2 ** 48) - 1, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300]);
    roundTrip([0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 200n, -(3n ** 150n)]);
    roundTrip(['', 'héllo', '\u0000x', '€😀', 'x'.repeat(42), 'é'.repeat(43), 'y'.repeat(100_000)]);
  });

  it('keeps numeric scale and specials', () => {
    const row = [
      Numeric.parse('1.50')!,
      Numeric.parse('-0.000')!,
      Numeric.parse('123456789012345678901234567890.123456789')!,
      Numeric.NaN,
      Numeric.Infinity,
      Numeric.NegInfinity,
      Numeric.parse('-1e-20')!,
    ];
    roundTrip(row);
    const back = decodeRow(encodeRow(row));
    expect(String(back[0])).toBe('1.50');
    expect(String(back[1])).toBe('0.000');
  });

  it('round-trips bytea, intervals, jsonb (key order), arrays and records', () => {
    const json = new Jsonb(
      new Map<string, import('../../src/repr/index.js').JsonNode>([
        ['b', Numeric.parse('1.0')!],
        ['aa', [null, true, 'x', new Map([['k', false]])]],
      ]),
    );
    const arr = new PgArray(
      [1, null, 3, 4],
      [
        { length: 2, lower: 1 },
        { length: 2, lower: -3 },
      ],
    );
    roundTrip([
      new Uint8Array([0, 255, 7]),
      new Uint8Array(0),
      new Interval(-14, 3, -1_000_001n),
      json,
      arr,
      PgArray.of([]),
      new RecordDatum([1, 'a', null, new RecordDatum([])]),
      new Jsonb(null),
      new Jsonb([]),
    ]);
  });

  it('round-trips json values made from text with their text (as they print)', () => {
    const text = '{"b" : 1,  "a":[2, {"b":1,"b":2}]}';
    const back = decodeRow(encodeRow([parseJson(text, false), parseJson(text, true)]));
    expect(back[0]).toBeInstanceOf(JsonText);
    expect((back[0] as JsonText).text).toBe(text);
    expect(formatJsonValue(back[0] as Jsonb)).toBe(text);
    expect(back[1]).not.toBeInstanceOf(JsonText);
    expect(formatJsonValue(back[1] as Jsonb)).toBe('{"a": [2, {"b": 2}], "b": 1}');
  });

  it('decoded bytea does not alias the encoded buffer', () => {
    const bytes = encodeRow([new Uint8Array([1, 2, 3])]);
    const back = decodeRow(bytes)[0] as Uint8Array;
    bytes.fill(0);
    expect([...back]).toEqual([1, 2, 3]);
    expect(back.constructor).toBe(Uint8Array);
  });

  it('decodes from a Uint8Array view at an offset', () => {
    const bytes = encodeRow([1, 'two', 3n]);
    const big = new Uint8Array(bytes.length + 5);
    big.set(bytes, 5);
    expect(showRow(decodeRow(big.subarray(5)))).toBe(showRow([1, 'two', 3n]));
  });

  it('round-trips random rows exactly', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 3000; i++) {
      const row = Array.from({ length: rng.int(0, 8) }, () => genAnyDatum(rng));
      roundTrip(row);
    }
  });

  it('round-trips single datums', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const d = genAnyDatum(rng);
      expect(show(decodeDatum(encodeDatum(d)))).toBe(show(d));
    }
  });

  it('is compact for small values', () => {
    expect(encodeRow([1, 'ab', null, true]).length).toBe(1 + 2 + 4 + 1 + 1);
  });

  it('rejects corrupt input with an internal error', () => {
    const bytes = encodeRow(['hello']);
    expect(() => decodeRow(bytes.subarray(0, 4))).toThrow(/truncated/);
    expect(() => decodeRow(Buffer.from([1, 99]))).toThrow(/unknown datum tag/);
    expect(() => decodeRow(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/trailing/);
  });
});
