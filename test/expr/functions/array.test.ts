// Array functions, operators, unnest and the binder helpers; expectations from PostgreSQL 15.
import { describe, expect, test } from 'vitest';
import { PgArray, T, arrayOf, type Datum } from '../../../src/repr/index.js';
import {
  arrayAll,
  arrayAny,
  arraySlice,
  arraySubscript,
} from '../../../src/expr/functions/array.js';
import { call, ctx, err, num, table } from './helpers.js';

const A = (...xs: Datum[]): PgArray => PgArray.of(xs);
const A0 = (...xs: Datum[]): PgArray => new PgArray(xs, [{ length: xs.length, lower: 0 }]);
const M = (rows: Datum[][]): PgArray =>
  new PgArray(rows.flat(), [
    { length: rows.length, lower: 1 },
    { length: rows[0]!.length, lower: 1 },
  ]);
/** PostgreSQL's array text form (enough for ints/text in tests). */
function show(v: Datum): string {
  if (v === null) return 'NULL';
  if (!(v instanceof PgArray)) return String(v);
  const el = (x: Datum): string => (x === null ? 'NULL' : x === '' ? '""' : String(x));
  const nest = (dim: number, pos: { i: number }): string => {
    const d = v.dims[dim]!;
    const parts: string[] = [];
    for (let k = 0; k < d.length; k++)
      parts.push(dim === v.dims.length - 1 ? el(v.elements[pos.i++]!) : nest(dim + 1, pos));
    return `{${parts.join(',')}}`;
  };
  if (v.dims.length === 0) return '{}';
  const prefix = v.dims.some((d) => d.lower !== 1)
    ? `${v.dims.map((d) => `[${d.lower}:${d.lower + d.length - 1}]`).join('')}=`
    : '';
  return prefix + nest(0, { i: 0 });
}

const I = arrayOf(T.int4);
const cases: [string, () => string, string][] = [
  ['array_dims lower 0', () => show(call('array_dims', ['anyarray'], [A0(1, 2, 3)])), '[0:2]'],
  [
    'array_dims 2-D',
    () =>
      show(
        call(
          'array_dims',
          ['anyarray'],
          [
            M([
              [1, 2],
              [3, 4],
            ]),
          ],
        ),
      ),
    '[1:2][1:2]',
  ],
  [
    'array_length dim 2',
    () =>
      show(
        call(
          'array_length',
          ['anyarray', 'int4'],
          [
            M([
              [1, 2],
              [3, 4],
            ]),
            2,
          ],
        ),
      ),
    '2',
  ],
  ['array_lower', () => show(call('array_lower', ['anyarray', 'int4'], [A0(1, 2, 3), 1])), '0'],
  [
    'array_upper missing dim',
    () => show(call('array_upper', ['anyarray', 'int4'], [A(1), 2])),
    'NULL',
  ],
  [
    'cardinality 2-D',
    () =>
      show(
        call(
          'cardinality',
          ['anyarray'],
          [
            M([
              [1, 2],
              [3, 4],
            ]),
          ],
        ),
      ),
    '4',
  ],
  ['array_ndims empty', () => show(call('array_ndims', ['anyarray'], [A()])), 'NULL'],
  ['cardinality empty', () => show(call('cardinality', ['anyarray'], [A()])), '0'],
  [
    'array_append keeps lower bound',
    () => show(call('array_append', ['anycompatiblearray', 'anycompatible'], [A0(1, 2), 3])),
    '[0:2]={1,2,3}',
  ],
  [
    'array_prepend keeps lower bound',
    () => show(call('array_prepend', ['anycompatible', 'anycompatiblearray'], [0, A0(1, 2)])),
    '[0:2]={0,1,2}',
  ],
  [
    'array_cat',
    () => show(call('array_cat', ['anycompatiblearray', 'anycompatiblearray'], [A(1, 2), A(3)])),
    '{1,2,3}',
  ],
  [
    'array_cat 2-D + 1-D',
    () =>
      show(call('array_cat', ['anycompatiblearray', 'anycompatiblearray'], [M([[1, 2]]), A(3, 4)])),
    '{{1,2},{3,4}}',
  ],
  [
    'array_cat 2-D + 2-D',
    () =>
      show(
        call('array_cat', ['anycompatiblearray', 'anycompatiblearray'], [M([[1, 2]]), M([[3, 4]])]),
      ),
    '{{1,2},{3,4}}',
  ],
  [
    '|| element',
    () => show(call('||', ['anycompatiblearray', 'anycompatible'], [A(1, 2), 3])),
    '{1,2,3}',
  ],
  [
    'element ||',
    () => show(call('||', ['anycompatible', 'anycompatiblearray'], [0, A(1, 2)])),
    '{0,1,2}',
  ],
  [
    'array_cat empty',
    () => show(call('array_cat', ['anycompatiblearray', 'anycompatiblearray'], [A(), A(1)])),
    '{1}',
  ],
  [
    'array_position',
    () =>
      show(call('array_position', ['anycompatiblearray', 'anycompatible'], [A(1, null, 3, 1), 1])),
    '1',
  ],
  [
    'array_position from',
    () =>
      show(
        call(
          'array_position',
          ['anycompatiblearray', 'anycompatible', 'int4'],
          [A(1, null, 3, 1), 1, 2],
        ),
      ),
    '4',
  ],
  [
    'array_position NULL',
    () => show(call('array_position', ['anycompatiblearray', 'anycompatible'], [A(1, null), null])),
    '2',
  ],
  [
    'array_positions',
    () =>
      show(call('array_positions', ['anycompatiblearray', 'anycompatible'], [A(1, null, 3, 1), 1])),
    '{1,4}',
  ],
  [
    'array_remove',
    () =>
      show(call('array_remove', ['anycompatiblearray', 'anycompatible'], [A(1, null, 3, 1), 1])),
    '{NULL,3}',
  ],
  [
    'array_remove NULL',
    () => show(call('array_remove', ['anycompatiblearray', 'anycompatible'], [A(1, null), null])),
    '{1}',
  ],
  [
    'array_replace NULL',
    () =>
      show(
        call(
          'array_replace',
          ['anycompatiblearray', 'anycompatible', 'anycompatible'],
          [A(1, null, 3), null, 9],
        ),
      ),
    '{1,9,3}',
  ],
  [
    'array_to_string skips NULL',
    () =>
      show(call('array_to_string', ['anyarray', 'text'], [A(1, null, 3), ','], ctx(), [I, T.text])),
    '1,3',
  ],
  [
    'array_to_string null string',
    () =>
      show(
        call('array_to_string', ['anyarray', 'text', 'text'], [A(1, null, 3), ',', '*'], ctx(), [
          I,
          T.text,
          T.text,
        ]),
      ),
    '1,*,3',
  ],
  [
    'array_to_string numeric 2-D',
    () =>
      show(
        call(
          'array_to_string',
          ['anyarray', 'text'],
          [
            M([
              [num('1.5'), num('2')],
              [num('3'), num('4')],
            ]),
            '|',
          ],
          ctx(),
          [arrayOf(T.numeric), T.text],
        ),
      ),
    '1.5|2|3|4',
  ],
  [
    'string_to_array',
    () => show(call('string_to_array', ['text', 'text'], ['a,b,,c', ','])),
    '{a,b,"",c}',
  ],
  [
    'string_to_array NULL delimiter',
    () => show(call('string_to_array', ['text', 'text'], ['abc', null])),
    '{a,b,c}',
  ],
  [
    'string_to_array empty delimiter',
    () => show(call('string_to_array', ['text', 'text'], ['abc', ''])),
    '{abc}',
  ],
  [
    'string_to_array empty input',
    () => show(call('string_to_array', ['text', 'text'], ['', ','])),
    '{}',
  ],
  [
    'string_to_array null string',
    () => show(call('string_to_array', ['text', 'text', 'text'], ['a,*,c', ',', '*'])),
    '{a,NULL,c}',
  ],
  [
    'array_fill',
    () => show(call('array_fill', ['anyelement', 'int4[]'], [7, A(2, 2)])),
    '{{7,7},{7,7}}',
  ],
  [
    'array_fill lower bounds',
    () => show(call('array_fill', ['anyelement', 'int4[]', 'int4[]'], [0, A(2), A(5)])),
    '[5:6]={0,0}',
  ],
  ['@>', () => show(call('@>', ['anyarray', 'anyarray'], [A(1, 2, 3), A(3, 1)])), 'true'],
  [
    '@> NULL never matches',
    () => show(call('@>', ['anyarray', 'anyarray'], [A(1, null), A(null)])),
    'false',
  ],
  ['<@', () => show(call('<@', ['anyarray', 'anyarray'], [A(1, 2), A(1, 2, 3)])), 'true'],
  ['&&', () => show(call('&&', ['anyarray', 'anyarray'], [A(1, 2), A(2, 5)])), 'true'],
  ['&& NULLs', () => show(call('&&', ['anyarray', 'anyarray'], [A(null), A(null)])), 'false'],
];

describe('arrays', () => {
  test.each(cases)('%s', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  test('unnest', () => {
    expect(
      table(
        'unnest',
        ['anyarray'],
        [
          M([
            [1, 2],
            [3, 4],
          ]),
        ],
        [I],
      ),
    ).toEqual([[1], [2], [3], [4]]);
    expect(
      table('unnest', ['any', 'any'], [A(1, 2), A('a', 'b', 'c')], [I, arrayOf(T.text)]),
    ).toEqual([
      [1, 'a'],
      [2, 'b'],
      [null, 'c'],
    ]);
  });

  test('subscripts, slices, ANY/ALL', () => {
    expect(
      arraySubscript(
        M([
          [1, 2],
          [3, 4],
        ]),
        [2, 1],
      ),
    ).toBe(3);
    expect(arraySubscript(A0(1, 2), [0])).toBe(1);
    expect(arraySubscript(A(1, 2), [3])).toBeNull();
    expect(show(arraySlice(A(1, 2, 3, 4), 2, 3))).toBe('{2,3}');
    expect(show(arraySlice(A(1, 2, 3, 4), null, 2))).toBe('{1,2}');
    expect(show(arraySlice(A(1, 2), 5, 6))).toBe('{}');
    const eq1 = (v: Datum): boolean | null => (v === null ? null : v === 1);
    expect(arrayAny([2, null, 1], eq1)).toBe(true);
    expect(arrayAny([2, null], eq1)).toBeNull();
    expect(arrayAny([], eq1)).toBe(false);
    expect(arrayAll([1, null], eq1)).toBeNull();
    expect(arrayAll([1, 2, null], eq1)).toBe(false);
    expect(arrayAll([], eq1)).toBe(true);
  });

  test('errors', () => {
    expect(
      err(() =>
        call('array_cat', ['anycompatiblearray', 'anycompatiblearray'], [M([[1, 2]]), A(3)]),
      ),
    ).toBe('2202E: cannot concatenate incompatible arrays');
    expect(
      err(() => call('array_append', ['anycompatiblearray', 'anycompatible'], [M([[1, 2]]), 3])),
    ).toBe('22000: argument must be empty or one-dimensional array');
    expect(
      err(() => call('array_position', ['anycompatiblearray', 'anycompatible'], [M([[1, 2]]), 1])),
    ).toBe('0A000: searching for elements in multidimensional arrays is not supported');
    expect(
      err(() => call('array_remove', ['anycompatiblearray', 'anycompatible'], [M([[1, 2]]), 1])),
    ).toBe('0A000: removing elements from multidimensional arrays is not supported');
    expect(err(() => call('array_fill', ['anyelement', 'int4[]'], [1, A(null)]))).toBe(
      '22004: dimension values cannot be null',
    );
  });
});
