// jsonb operators, functions and set-returning functions; expectations from PostgreSQL 15.
import { describe, expect, test } from 'vitest';
import {
  Interval,
  Jsonb,
  PgArray,
  RecordDatum,
  T,
  arrayOf,
  type Datum,
} from '../../../src/repr/index.js';
import { call, ctx, date, err, jb, jtext, num, table, ts, tstz } from './helpers.js';

const ta = (...xs: (string | null)[]): PgArray => PgArray.of(xs);
const b = (v: Datum): string => String(v);

const cases: [string, () => string, string][] = [
  [
    'jsonb_insert before',
    () =>
      jtext(call('jsonb_insert', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2,3]'), ta('1'), jb('9')])),
    '[1, 9, 2, 3]',
  ],
  [
    'jsonb_insert after',
    () =>
      jtext(
        call(
          'jsonb_insert',
          ['jsonb', 'text[]', 'jsonb', 'bool'],
          [jb('[1,2,3]'), ta('1'), jb('9'), true],
        ),
      ),
    '[1, 2, 9, 3]',
  ],
  [
    'jsonb_insert after -1',
    () =>
      jtext(
        call(
          'jsonb_insert',
          ['jsonb', 'text[]', 'jsonb', 'bool'],
          [jb('[1,2,3]'), ta('-1'), jb('9'), true],
        ),
      ),
    '[1, 2, 3, 9]',
  ],
  [
    'jsonb_insert past end',
    () =>
      jtext(call('jsonb_insert', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2,3]'), ta('10'), jb('9')])),
    '[1, 2, 3, 9]',
  ],
  [
    'jsonb_insert before start',
    () =>
      jtext(
        call('jsonb_insert', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2,3]'), ta('-10'), jb('9')]),
      ),
    '[9, 1, 2, 3]',
  ],
  [
    'jsonb_set before start',
    () =>
      jtext(call('jsonb_set', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2,3]'), ta('-10'), jb('9')])),
    '[9, 1, 2, 3]',
  ],
  [
    'jsonb_set past end',
    () =>
      jtext(call('jsonb_set', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2,3]'), ta('10'), jb('9')])),
    '[1, 2, 3, 9]',
  ],
  [
    'jsonb_set nested new key',
    () =>
      jtext(
        call(
          'jsonb_set',
          ['jsonb', 'text[]', 'jsonb'],
          [jb('{"a":{"b":1}}'), ta('a', 'c'), jb('9')],
        ),
      ),
    '{"a": {"b": 1, "c": 9}}',
  ],
  [
    'jsonb_set missing parent',
    () =>
      jtext(
        call(
          'jsonb_set',
          ['jsonb', 'text[]', 'jsonb'],
          [jb('{"a":{"b":1}}'), ta('x', 'c'), jb('9')],
        ),
      ),
    '{"a": {"b": 1}}',
  ],
  [
    'jsonb_set no create',
    () =>
      jtext(
        call(
          'jsonb_set',
          ['jsonb', 'text[]', 'jsonb', 'bool'],
          [jb('{"a":1}'), ta('b'), jb('2'), false],
        ),
      ),
    '{"a": 1}',
  ],
  [
    '@> nested array',
    () => b(call('@>', ['jsonb', 'jsonb'], [jb('[1,[2,3],{"a":1}]'), jb('[[3]]')])),
    'true',
  ],
  [
    '@> array contains scalar',
    () => b(call('@>', ['jsonb', 'jsonb'], [jb('[1,2]'), jb('1')])),
    'true',
  ],
  [
    '@> nested object',
    () => b(call('@>', ['jsonb', 'jsonb'], [jb('{"a":{"b":1,"c":2}}'), jb('{"a":{"b":1}}')])),
    'true',
  ],
  ['@> scalar vs array', () => b(call('@>', ['jsonb', 'jsonb'], [jb('1'), jb('[1]')])), 'false'],
  ['@> depth matters', () => b(call('@>', ['jsonb', 'jsonb'], [jb('[[1]]'), jb('[1]')])), 'false'],
  ['<@', () => b(call('<@', ['jsonb', 'jsonb'], [jb('{"a":[2]}'), jb('{"a":[1,2]}')])), 'true'],
  [
    '|| object array',
    () => jtext(call('||', ['jsonb', 'jsonb'], [jb('{"a":1}'), jb('[2]')])),
    '[{"a": 1}, 2]',
  ],
  ['|| scalars', () => jtext(call('||', ['jsonb', 'jsonb'], [jb('1'), jb('2')])), '[1, 2]'],
  [
    '|| objects',
    () => jtext(call('||', ['jsonb', 'jsonb'], [jb('{"a":1,"b":2}'), jb('{"b":3}')])),
    '{"a": 1, "b": 3}',
  ],
  [
    '- text from array',
    () => jtext(call('-', ['jsonb', 'text'], [jb('["a","b","a"]'), 'a'])),
    '["b"]',
  ],
  [
    '- text[]',
    () => jtext(call('-', ['jsonb', 'text[]'], [jb('{"a":1,"b":2}'), ta('a', 'c')])),
    '{"b": 2}',
  ],
  ['- int', () => jtext(call('-', ['jsonb', 'int4'], [jb('[1,2,3]'), -1])), '[1, 2]'],
  [
    '#-',
    () => jtext(call('#-', ['jsonb', 'text[]'], [jb('{"a":[1,{"b":2}]}'), ta('a', '1', 'b')])),
    '{"a": [1, {}]}',
  ],
  [
    '#>',
    () => jtext(call('#>', ['jsonb', 'text[]'], [jb('{"a":[1,{"b":2}]}'), ta('a', '1', 'b')])),
    '2',
  ],
  [
    '#>>',
    () => b(call('#>>', ['jsonb', 'text[]'], [jb('{"a":[1,{"b":"x"}]}'), ta('a', '1', 'b')])),
    'x',
  ],
  ['-> negative index', () => jtext(call('->', ['jsonb', 'int4'], [jb('[1,2,3]'), -1])), '3'],
  ['->> JSON null', () => b(call('->>', ['jsonb', 'text'], [jb('{"a":null}'), 'a'])), 'null'],
  ['->> missing', () => b(call('->>', ['jsonb', 'text'], [jb('{"a":1}'), 'b'])), 'null'],
  [
    '->> object',
    () => b(call('->>', ['jsonb', 'text'], [jb('{"a":{"x":[1, "y"]}}'), 'a'])),
    '{"x": [1, "y"]}',
  ],
  ['? array string', () => b(call('?', ['jsonb', 'text'], [jb('["a"]'), 'a'])), 'true'],
  ['?|', () => b(call('?|', ['jsonb', 'text[]'], [jb('{"a":1}'), ta('b', 'a')])), 'true'],
  ['?&', () => b(call('?&', ['jsonb', 'text[]'], [jb('{"a":1}'), ta('b', 'a')])), 'false'],
  [
    'strip_nulls',
    () => jtext(call('jsonb_strip_nulls', ['jsonb'], [jb('{"a":null,"b":[null,{"c":null}]}')])),
    '{"b": [null, {}]}',
  ],
  [
    'jsonb_object 1-D',
    () => jtext(call('jsonb_object', ['text[]'], [ta('a', '1', 'b', '2')])),
    '{"a": "1", "b": "2"}',
  ],
  [
    'jsonb_object 2-D',
    () =>
      jtext(
        call(
          'jsonb_object',
          ['text[]'],
          [
            new PgArray(
              ['a', '1', 'b', null],
              [
                { length: 2, lower: 1 },
                { length: 2, lower: 1 },
              ],
            ),
          ],
        ),
      ),
    '{"a": "1", "b": null}',
  ],
  [
    'jsonb_object pairs',
    () => jtext(call('jsonb_object', ['text[]', 'text[]'], [ta('a', 'b'), ta('1', '2')])),
    '{"a": "1", "b": "2"}',
  ],
  [
    'jsonb_build_array',
    () =>
      jtext(
        call('jsonb_build_array', ['any'], [1, 'a', null, true, num('1.50')], ctx(), [
          T.int4,
          T.text,
          T.text,
          T.bool,
          T.numeric,
        ]),
      ),
    '[1, "a", null, true, 1.50]',
  ],
  [
    'jsonb_build_object',
    () =>
      jtext(
        call('jsonb_build_object', ['any'], ['a', 1, 2, 'x', true, date('2026-11-23')], ctx(), [
          T.text,
          T.int4,
          T.int4,
          T.text,
          T.bool,
          T.date,
        ]),
      ),
    '{"2": "x", "a": 1, "true": "2026-11-23"}',
  ],
  [
    'jsonb_build_object sorts, last wins',
    () =>
      jtext(
        call('jsonb_build_object', ['any'], ['b', 1, 'aa', 2, 'a', 3, 'b', 4], ctx(), [
          T.text,
          T.int4,
          T.text,
          T.int4,
          T.text,
          T.int4,
          T.text,
          T.int4,
        ]),
      ),
    '{"a": 3, "b": 4, "aa": 2}',
  ],
  [
    'to_jsonb float4',
    () => jtext(call('to_jsonb', ['anyelement'], [Math.fround(0.1)], ctx(), [T.float4])),
    '0.1',
  ],
  [
    'to_jsonb NaN',
    () => jtext(call('to_jsonb', ['anyelement'], [NaN], ctx(), [T.float8])),
    '"NaN"',
  ],
  [
    'to_jsonb tiny float',
    () => jtext(call('to_jsonb', ['anyelement'], [1.5e-7], ctx(), [T.float8])),
    '0.00000015',
  ],
  [
    'to_jsonb interval',
    () =>
      jtext(
        call('to_jsonb', ['anyelement'], [new Interval(0, 1, 7_200_000_000n)], ctx(), [T.interval]),
      ),
    '"1 day 02:00:00"',
  ],
  [
    'to_jsonb interval: a + only right after a negative field',
    () =>
      jtext(
        call('to_jsonb', ['anyelement'], [new Interval(-6059, 95, 319_159_983_901n)], ctx(), [
          T.interval,
        ]),
      ),
    '"-504 years -11 mons +95 days 88:39:19.983901"',
  ],
  [
    'to_jsonb 2-D array',
    () =>
      jtext(
        call(
          'to_jsonb',
          ['anyelement'],
          [
            new PgArray(
              [1, 2, 3, 4],
              [
                { length: 2, lower: 1 },
                { length: 2, lower: 1 },
              ],
            ),
          ],
          ctx(),
          [arrayOf(T.int4)],
        ),
      ),
    '[[1, 2], [3, 4]]',
  ],
  [
    'to_jsonb record',
    () =>
      jtext(
        call('to_jsonb', ['anyelement'], [new RecordDatum([1, 'a'])], ctx(), [
          {
            kind: 'record',
            fields: [
              { name: 'f1', type: T.int4 },
              { name: 'f2', type: T.text },
            ],
          },
        ]),
      ),
    '{"f1": 1, "f2": "a"}',
  ],
  [
    'to_jsonb bytea',
    () => jtext(call('to_jsonb', ['anyelement'], [new Uint8Array([1, 2])], ctx(), [T.bytea])),
    '"\\\\x0102"',
  ],
  [
    'to_jsonb infinity date',
    () => jtext(call('to_jsonb', ['anyelement'], [Infinity], ctx(), [T.date])),
    '"infinity"',
  ],
  [
    'to_jsonb timestamp',
    () =>
      jtext(call('to_jsonb', ['anyelement'], [ts('2020-01-01 10:00:00.5')], ctx(), [T.timestamp])),
    '"2020-01-01T10:00:00.5"',
  ],
  [
    'to_jsonb timestamptz',
    () =>
      jtext(
        call('to_jsonb', ['anyelement'], [tstz('2020-01-01 15:00+00')], ctx('America/New_York'), [
          T.timestamptz,
        ]),
      ),
    '"2020-01-01T10:00:00-05:00"',
  ],
  [
    'to_jsonb escapes',
    () => jtext(call('to_jsonb', ['anyelement'], ['a"b\\c\n\u0001'], ctx(), [T.text])),
    '"a\\"b\\\\c\\n\\u0001"',
  ],
  ['jsonb_typeof', () => b(call('jsonb_typeof', ['jsonb'], [jb('1.5')])), 'number'],
  ['jsonb_array_length', () => b(call('jsonb_array_length', ['jsonb'], [jb('[1,[2],{}]')])), '3'],
  [
    // Variadic: the path's steps are arguments of their own (as the binder passes them).
    'jsonb_extract_path_text',
    () =>
      b(call('jsonb_extract_path_text', ['jsonb', 'text[]'], [jb('{"a":{"b":"x"}}'), 'a', 'b'])),
    'x',
  ],
  [
    'jsonb_pretty',
    () => b(call('jsonb_pretty', ['jsonb'], [jb('{"a":[1,{"b":null}],"c":{}}')])),
    '{\n    "a": [\n        1,\n        {\n            "b": null\n        }\n    ],\n    "c": {\n    }\n}',
  ],
  ['json alias ->>', () => b(call('->>', ['json', 'int4'], [jb('["x"]'), 0])), 'x'],
];

describe('jsonb', () => {
  test.each(cases)('%s', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  test('set-returning functions', () => {
    expect(
      table('jsonb_each', ['jsonb'], [jb('{"b":1,"a":"x"}')]).map(([k, v]) => `${k}|${jtext(v!)}`),
    ).toEqual(['a|"x"', 'b|1']);
    expect(table('jsonb_each_text', ['jsonb'], [jb('{"b":1,"a":"x","c":null}')])).toEqual([
      ['a', 'x'],
      ['b', '1'],
      ['c', null],
    ]);
    expect(table('jsonb_array_elements_text', ['jsonb'], [jb('[1,"a",null,{"x":1}]')])).toEqual([
      ['1'],
      ['a'],
      [null],
      ['{"x": 1}'],
    ]);
    expect(
      table('jsonb_array_elements', ['jsonb'], [jb('[1,"a"]')]).map(([v]) => jtext(v!)),
    ).toEqual(['1', '"a"']);
    expect(table('jsonb_object_keys', ['jsonb'], [jb('{"b":1,"aa":2,"a":3}')])).toEqual([
      ['a'],
      ['b'],
      ['aa'],
    ]);
  });

  test('errors', () => {
    expect(err(() => table('jsonb_object_keys', ['jsonb'], [jb('[1]')]))).toBe(
      '22023: cannot call jsonb_object_keys on an array',
    );
    expect(err(() => table('jsonb_each', ['jsonb'], [jb('[1]')]))).toBe(
      '22023: cannot call jsonb_each on a non-object',
    );
    expect(err(() => table('jsonb_array_elements', ['jsonb'], [jb('{"a":1}')]))).toBe(
      '22023: cannot extract elements from an object',
    );
    expect(err(() => table('jsonb_array_elements', ['jsonb'], [jb('1')]))).toBe(
      '22023: cannot extract elements from a scalar',
    );
    expect(err(() => call('-', ['jsonb', 'text'], [jb('1'), 'a']))).toBe(
      '22023: cannot delete from scalar',
    );
    expect(err(() => call('-', ['jsonb', 'int4'], [jb('{"a":1}'), 1]))).toBe(
      '22023: cannot delete from object using integer index',
    );
    expect(err(() => call('#-', ['jsonb', 'text[]'], [jb('1'), ta('0')]))).toBe(
      '22023: cannot delete path in scalar',
    );
    expect(
      err(() => call('jsonb_set', ['jsonb', 'text[]', 'jsonb'], [jb('1'), ta('a'), jb('2')])),
    ).toBe('22023: cannot set path in scalar');
    expect(
      err(() => call('jsonb_set', ['jsonb', 'text[]', 'jsonb'], [jb('[1,2]'), ta('a'), jb('3')])),
    ).toBe('22P02: path element at position 1 is not an integer: "a"');
    expect(
      err(() =>
        call('jsonb_set', ['jsonb', 'text[]', 'jsonb'], [jb('{"a":1}'), ta('a', null), jb('2')]),
      ),
    ).toBe('22004: path element at position 2 is null');
    expect(
      err(() =>
        call('jsonb_insert', ['jsonb', 'text[]', 'jsonb'], [jb('{"a":1}'), ta('a'), jb('3')]),
      ),
    ).toBe('22023: cannot replace existing key');
    expect(err(() => call('jsonb_array_length', ['jsonb'], [jb('1')]))).toBe(
      '22023: cannot get array length of a scalar',
    );
    expect(err(() => call('jsonb_array_length', ['jsonb'], [jb('{"a":1}')]))).toBe(
      '22023: cannot get array length of a non-array',
    );
    expect(err(() => call('jsonb_object', ['text[]'], [ta('a', 'b', 'c')]))).toBe(
      '2202E: array must have even number of elements',
    );
    expect(
      err(() => call('jsonb_build_object', ['any'], [1, 2, 3], ctx(), [T.int4, T.int4, T.int4])),
    ).toBe('22023: argument list must have even number of elements');
    expect(err(() => call('jsonb_build_object', ['any'], [null, 2], ctx(), [T.text, T.int4]))).toBe(
      '22023: argument 1: key must not be null',
    );
  });

  test('NULL in, NULL out', () => {
    expect(call('->', ['jsonb', 'text'], [null, 'a'])).toBeNull();
    expect(call('jsonb_typeof', ['jsonb'], [null])).toBeNull();
    expect(call('jsonb_build_array', ['any'], [null], ctx(), [T.text]) instanceof Jsonb).toBe(true);
  });
});
