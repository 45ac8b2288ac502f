// Binary send/recv formats: byte-exact against PostgreSQL's *_send output, and round trips for
// every type.
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { Interval, PgArray, RecordDatum, TS_NEG_INFINITY } from '../../src/repr/datum.js';
import { decodeBinary, encodeBinary } from '../../src/repr/io/binary.js';
import { DEFAULT_IO_SETTINGS } from '../../src/repr/io/settings.js';
import { formatText, parseText } from '../../src/repr/io/text.js';
import { Numeric } from '../../src/repr/numeric.js';
import { arrayOf, T, type SqlType } from '../../src/repr/types.js';
import { typeSpec } from './helpers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const text = (s: string, t: SqlType) => parseText(s, t, DEFAULT_IO_SETTINGS);

describe('binary formats equal PostgreSQL send output', () => {
  const numericCases: [string, string][] = [
    ['0', '0000000000000000'],
    ['123.45', '0002000000000002007b1194'],
    ['-0.0001', '0001ffff400000040001'],
    ['1e20', '00010005000000000001'],
    ['NaN', '00000000c0000000'],
    ['Infinity', '00000000d0000020'],
    ['-Infinity', '00000000f0000020'],
    ['10000', '00010001000000000001'],
    ['0.00', '0000000000000002'],
    ['12345678.9', '000300010000000104d2162e2328'],
  ];
  for (const [v, h] of numericCases) {
    it(`numeric ${v}`, () => {
      const n = Numeric.parse(v)!;
      expect(hex(encodeBinary(n, T.numeric))).toBe(h);
      expect((decodeBinary(fromHex(h), T.numeric) as Numeric).toString()).toBe(n.toString());
    });
  }

  const cases: [string, string, string][] = [
    ['timestamp', '2024-01-05 13:45:00.5', '0002b131d2bc7020'],
    ['date', '2024-01-05', '00002242'],
    ['date', 'infinity', '7fffffff'],
    ['interval', '1 year 2 mons 3 days 04:05:06.5', '000000036c9361a0000000030000000e'],
    [
      'int4[]',
      '{{1,NULL},{3,4}}',
      '000000020000000100000017000000020000000100000002000000010000000400000001ffffffff00000004000000030000000400000004',
    ],
    ['jsonb', '{"a":1}', '017b2261223a20317d'],
    ['text[]', '[0:1]={a,b}', '000000010000000000000019000000020000000000000001610000000162'],
    ['time', '13:45:00.5', '0000000b8675b020'],
    ['timestamptz', '-infinity', '8000000000000000'],
  ];
  for (const [type, input, h] of cases) {
    it(`${type} ${input}`, () => {
      const t = typeSpec(type);
      const d = text(input, t);
      expect(hex(encodeBinary(d, t))).toBe(h);
      expect(formatText(decodeBinary(fromHex(h), t), t, DEFAULT_IO_SETTINGS)).toBe(
        formatText(d, t, DEFAULT_IO_SETTINGS),
      );
    });
  }

  it('record (int4, text)', () => {
    const t: SqlType = {
      kind: 'record',
      fields: [
        { name: 'a', type: T.int4 },
        { name: 'b', type: T.text },
      ],
    };
    const h = '00000002000000170000000400000001000000190000000178';
    expect(hex(encodeBinary(new RecordDatum([1, 'x']), t))).toBe(h);
    expect(decodeBinary(fromHex(h), t)).toEqual(new RecordDatum([1, 'x']));
  });
});

describe('binary round trips for every type', () => {
  const samples: [string, string[]][] = [
    ['bool', ['t', 'f']],
    ['int2', ['-32768', '32767']],
    ['int4', ['-2147483648', '0', '42']],
    ['int8', ['-9223372036854775808', '9223372036854775807']],
    ['float4', ['1.1', '-0', 'NaN', 'Infinity', '3.4e+38']],
    ['float8', ['0.1', '1e+100', '-Infinity', '5e-324']],
    ['numeric', ['1.50', '-123456789.000000001', '0.0000', '1e-20', '99999999']],
    ['text', ['', 'héllo 🎉']],
    ['varchar', ['abc']],
    ['bpchar', ['ab ']],
    ['name', ['pg_catalog']],
    ['char', ['x']],
    ['bytea', ['\\x', '\\x00ff10']],
    ['date', ['2024-01-05', '0044-03-15 BC', '-infinity', '5874897-12-31']],
    ['time', ['00:00:00', '23:59:59.999999', '24:00:00']],
    ['timestamp', ['2024-01-05 13:45:00.123456', '4714-11-24 00:00:00 BC', 'infinity']],
    ['timestamptz', ['2024-01-05 13:45:00+00', '1970-01-01 00:00:00+00']],
    ['interval', ['-1 years -2 mons +3 days -04:05:06.000001', '00:00:00']],
    ['jsonb', ['{"a": [1, 2.50, null, true, "x\\n"], "bb": {}}', '"s"', '[]']],
    ['json', ['{"b":1,  "a":[2]}']],
    ['uuid', ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']],
    ['oid', ['4294967295', '0']],
    ['regclass', ['1259']],
    ['int4[]', ['{}', '{1,NULL,3}', '{{1,2},{3,4}}']],
    ['text[]', ['{"a b","",NULL}']],
    ['numeric[]', ['{1.5,NaN}']],
    ['timestamp[]', ['{"2024-01-05 00:00:00",infinity}']],
    ['jsonb[]', ['{"{\\"a\\": 1}",null}']],
  ];
  for (const [type, values] of samples) {
    for (const v of values) {
      it(`${type} ${v}`, () => {
        const t = typeSpec(type);
        const d = text(v, t);
        const back = decodeBinary(encodeBinary(d, t), t);
        expect(formatText(back, t, DEFAULT_IO_SETTINGS)).toBe(
          formatText(d, t, DEFAULT_IO_SETTINGS),
        );
      });
    }
  }

  it('int8 stays a bigint and interval an Interval', () => {
    expect(decodeBinary(encodeBinary(5n, T.int8), T.int8)).toBe(5n);
    const iv = new Interval(14, 3, 14_706_500_000n);
    expect(decodeBinary(encodeBinary(iv, T.interval), T.interval)).toEqual(iv);
    expect(decodeBinary(encodeBinary(TS_NEG_INFINITY, T.timestamp), T.timestamp)).toBe(
      TS_NEG_INFINITY,
    );
    expect(
      decodeBinary(encodeBinary(PgArray.of([1, null]), arrayOf(T.int4)), arrayOf(T.int4)),
    ).toEqual(PgArray.of([1, null]));
  });

  it('rejects malformed input with 22P03', () => {
    const bad: [Uint8Array, SqlType][] = [
      [Uint8Array.of(1, 2, 3), T.int4],
      [Uint8Array.of(0, 1), T.int8],
      [Uint8Array.of(2, 0x7b, 0x7d), T.jsonb],
      [fromHex('00000001000000000000001700000002000000010000000400000001'), arrayOf(T.int4)],
      [fromHex('000000010000000000000019000000010000000100000004'), arrayOf(T.int4)],
      [fromHex('0001000000000000ffff'), T.numeric],
      [Uint8Array.of(0xff, 0xfe), T.text],
    ];
    for (const [buf, t] of bad) {
      let err: unknown;
      try {
        decodeBinary(buf, t);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EddyError);
      expect((err as EddyError).code).toBe('22P03');
    }
  });
});
