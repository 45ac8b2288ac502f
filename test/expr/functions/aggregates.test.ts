// Aggregates over multisets given with diffs (a row with diff 3 counts three times);
// expectations from PostgreSQL 15 over the equivalent expanded rows.
import { describe, expect, test } from 'vitest';
import {
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  T,
  arrayOf,
  type Datum,
} from '../../../src/repr/index.js';
import { aggregateCandidates } from '../../../src/expr/registry.js';
import type { AggInput } from '../../../src/expr/signature.js';
import { formatJson } from '../../../src/repr/io/json.js';
import { agg, err, H, iv, num, showIv } from './helpers.js';

/** (1),(2)x3,(5),(NULL) — PostgreSQL: values (1),(2),(2),(2),(5),(null). */
const ints: AggInput[] = [
  [[1], 1],
  [[2], 3],
  [[5], 1],
  [[null], 1],
];
const s = (v: Datum): string =>
  v === null
    ? 'NULL'
    : v instanceof Interval
      ? showIv(v)
      : v instanceof Jsonb
        ? formatJson(v.value)
        : String(v);
const arr = (v: Datum): string => (v === null ? 'NULL' : JSON.stringify((v as PgArray).elements));

const cases: [string, () => string, string][] = [
  ['avg int4', () => s(agg('avg', ['int4'], ints)), '2.4000000000000000'],
  ['sum int4', () => s(agg('sum', ['int4'], ints)), '12'],
  ['count(x)', () => s(agg('count', ['any'], ints)), '5'],
  [
    'count(*)',
    () =>
      s(
        agg(
          'count',
          [],
          ints.map(([, d]) => [[], d] as AggInput),
        ),
      ),
    '6',
  ],
  ['min', () => s(agg('min', ['int4'], ints)), '1'],
  ['max', () => s(agg('max', ['int4'], ints)), '5'],
  ['variance int', () => s(agg('variance', ['int4'], ints)), '2.3000000000000000'],
  ['stddev int', () => s(agg('stddev', ['int4'], ints)), '1.5165750888103101'],
  ['var_pop int', () => s(agg('var_pop', ['int4'], ints)), '1.8400000000000000'],
  ['stddev_pop int', () => s(agg('stddev_pop', ['int4'], ints)), '1.3564659966250536'],
  ['bit_and', () => s(agg('bit_and', ['int4'], ints)), '0'],
  ['bit_or', () => s(agg('bit_or', ['int4'], ints)), '7'],
  ['bit_xor', () => s(agg('bit_xor', ['int4'], ints)), '6'],
  [
    'string_agg',
    () =>
      s(
        agg(
          'string_agg',
          ['text', 'text'],
          ints.map(([a, d]) => [[a[0] === null ? null : String(a[0]), ','], d] as AggInput),
        ),
      ),
    '1,2,2,2,5',
  ],
  [
    'avg 1,2',
    () =>
      s(
        agg(
          'avg',
          ['int4'],
          [
            [[1], 1],
            [[2], 1],
          ],
        ),
      ),
    '1.5000000000000000',
  ],
  [
    'numeric avg',
    () =>
      s(
        agg(
          'avg',
          ['numeric'],
          [
            [[num('1.10')], 1],
            [[num('2.205')], 2],
            [[num('3.3')], 1],
          ],
        ),
      ),
    '2.2025000000000000',
  ],
  [
    'numeric variance',
    () =>
      s(
        agg(
          'variance',
          ['numeric'],
          [
            [[num('1.10')], 1],
            [[num('2.205')], 2],
            [[num('3.3')], 1],
          ],
        ),
      ),
    '0.80667500000000000000',
  ],
  [
    'numeric stddev',
    () =>
      s(
        agg(
          'stddev_samp',
          ['numeric'],
          [
            [[num('1.10')], 1],
            [[num('2.205')], 2],
            [[num('3.3')], 1],
          ],
        ),
      ),
    '0.89815087819363623890',
  ],
  [
    'float variance',
    () =>
      s(
        agg(
          'variance',
          ['float8'],
          [
            [[1.5], 1],
            [[2.25], 2],
            [[10.125], 1],
          ],
        ),
      ),
    '16.62890625',
  ],
  [
    'float stddev',
    () =>
      s(
        agg(
          'stddev',
          ['float8'],
          [
            [[1.5], 1],
            [[2.25], 2],
            [[10.125], 1],
          ],
        ),
      ),
    '4.077855594549665',
  ],
  [
    'float var_pop',
    () =>
      s(
        agg(
          'var_pop',
          ['float8'],
          [
            [[1.5], 1],
            [[2.25], 2],
            [[10.125], 1],
          ],
        ),
      ),
    '12.4716796875',
  ],
  [
    'float avg',
    () =>
      s(
        agg(
          'avg',
          ['float8'],
          [
            [[1.5], 1],
            [[2.25], 2],
            [[10.125], 1],
          ],
        ),
      ),
    '4.03125',
  ],
  [
    'float sum',
    () =>
      s(
        agg(
          'sum',
          ['float8'],
          [
            [[1.5], 1],
            [[2.25], 2],
            [[10.125], 1],
          ],
        ),
      ),
    '16.125',
  ],
  [
    'float4 sum',
    () =>
      s(
        agg(
          'sum',
          ['float4'],
          [
            [[1], 1],
            [[Math.fround(0.1)], 2],
            [[Math.fround(0.2)], 1],
          ],
        ),
      ),
    String(Math.fround(1.4000001)),
  ],
  [
    'float4 avg',
    () =>
      s(
        agg(
          'avg',
          ['float4'],
          [
            [[1], 1],
            [[Math.fround(0.1)], 2],
            [[Math.fround(0.2)], 1],
          ],
        ),
      ),
    '0.3500000014901161',
  ],
  [
    'interval avg',
    () =>
      s(
        agg(
          'avg',
          ['interval'],
          [
            [[iv(0, 1, 0)], 1],
            [[iv(0, 0, H)], 2],
            [[iv(1, 0, 0)], 1],
          ],
        ),
      ),
    '7 days 18:30:00',
  ],
  [
    'interval sum',
    () =>
      s(
        agg(
          'sum',
          ['interval'],
          [
            [[iv(0, 1, 0)], 1],
            [[iv(0, 0, H)], 2],
            [[iv(1, 0, 0)], 1],
          ],
        ),
      ),
    '1 mon 1 day 02:00:00',
  ],
  [
    'string_agg delimiters',
    () =>
      s(
        agg(
          'string_agg',
          ['text', 'text'],
          [
            [['a', '-'], 1],
            [['b', '+'], 1],
            [[null, '*'], 1],
            [['c', null], 1],
          ],
        ),
      ),
    'a+bc',
  ],
  [
    'array_agg keeps NULLs',
    () =>
      arr(
        agg(
          'array_agg',
          ['anynonarray'],
          [
            [[1], 1],
            [[null], 1],
            [[3], 2],
          ],
        ),
      ),
    '[1,null,3,3]',
  ],
  [
    'jsonb_agg',
    () =>
      s(
        agg(
          'jsonb_agg',
          ['anyelement'],
          [
            [[1], 1],
            [[null], 1],
            [[3], 1],
          ],
          [T.int4],
        ),
      ),
    '[1, null, 3]',
  ],
  [
    'min text (C order)',
    () =>
      s(
        agg(
          'min',
          ['text'],
          [
            [['b'], 1],
            [['a'], 1],
            [['ab'], 1],
            [['B'], 1],
          ],
        ),
      ),
    'B',
  ],
  [
    'max text',
    () =>
      s(
        agg(
          'max',
          ['text'],
          [
            [['b'], 1],
            [['a'], 1],
            [['ab'], 1],
          ],
        ),
      ),
    'b',
  ],
  [
    'bool_and',
    () =>
      s(
        agg(
          'bool_and',
          ['bool'],
          [
            [[true], 1],
            [[null], 1],
            [[false], 1],
          ],
        ),
      ),
    'false',
  ],
  [
    'bool_or',
    () =>
      s(
        agg(
          'bool_or',
          ['bool'],
          [
            [[true], 1],
            [[null], 1],
            [[false], 1],
          ],
        ),
      ),
    'true',
  ],
  [
    'jsonb_object_agg last wins',
    () =>
      s(
        agg(
          'jsonb_object_agg',
          ['any', 'any'],
          [
            [['b', 1], 1],
            [['a', 2], 1],
            [['b', 3], 1],
          ],
          [T.text, T.int4],
        ),
      ),
    '{"a": 2, "b": 3}',
  ],
  [
    'array_agg of arrays',
    () => {
      const r = agg(
        'array_agg',
        ['anyarray'],
        [
          [[PgArray.of([1, 2])], 1],
          [[PgArray.of([3, 4])], 1],
        ],
      ) as PgArray;
      return `${JSON.stringify(r.elements)} ${JSON.stringify(r.dims)}`;
    },
    '[1,2,3,4] [{"length":2,"lower":1},{"length":2,"lower":1}]',
  ],
  [
    'max array',
    () =>
      arr(
        agg(
          'max',
          ['anyarray'],
          [
            [[PgArray.of([1, 2])], 1],
            [[PgArray.of([1, 2, 0])], 1],
            [[PgArray.of([0, 5])], 1],
          ],
        ),
      ),
    '[1,2,0]',
  ],
  [
    'min array',
    () =>
      arr(
        agg(
          'min',
          ['anyarray'],
          [
            [[PgArray.of([1, 2])], 1],
            [[PgArray.of([1, 2, 0])], 1],
            [[PgArray.of([0, 5])], 1],
          ],
        ),
      ),
    '[0,5]',
  ],
  [
    'int8 sum exact',
    () => s(agg('sum', ['int8'], [[[9223372036854775807n], 2]])),
    '18446744073709551614',
  ],
  [
    'int8 avg exact',
    () => s(agg('avg', ['int8'], [[[9223372036854775807n], 2]])),
    '9223372036854775807',
  ],
  ['int8 stddev', () => s(agg('stddev', ['int8'], [[[9223372036854775807n], 2]])), '0'],
  [
    'NaN float stddev',
    () =>
      s(
        agg(
          'stddev',
          ['float8'],
          [
            [[NaN], 1],
            [[1], 1],
          ],
        ),
      ),
    'NaN',
  ],
  ['sample variance of one row', () => s(agg('variance', ['int4'], [[[3], 1]])), 'NULL'],
  ['var_pop of one row', () => s(agg('var_pop', ['int4'], [[[3], 1]])), '0'],
];

describe('aggregates', () => {
  test.each(cases)('%s', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  test('empty multiset: count → 0, others NULL', () => {
    expect(agg('count', [], [])).toBe(0n);
    expect(agg('count', ['any'], [[[null], 2]])).toBe(0n);
    for (const [name, t] of [
      ['sum', 'int4'],
      ['avg', 'numeric'],
      ['min', 'text'],
      ['max', 'date'],
      ['string_agg', 'text'],
      ['array_agg', 'anynonarray'],
      ['bool_and', 'bool'],
      ['variance', 'float8'],
      ['jsonb_agg', 'anyelement'],
    ] as const) {
      const types = name === 'string_agg' ? ['text', 'text'] : [t];
      expect(agg(name, types, []), name).toBeNull();
    }
  });

  test('errors', () => {
    expect(err(() => agg('avg', ['interval'], [[[iv(2147483647, 0, 0)], 2]]))).toBe(
      '22008: interval out of range',
    );
    expect(
      err(() => agg('sum', ['int8'], [[[1n], 1]]) && agg('sum', ['int2'], [[[32767], 2 ** 50]])),
    ).toBe('22003: bigint out of range');
    expect(
      err(() => agg('jsonb_object_agg', ['any', 'any'], [[[null, 1], 1]], [T.text, T.int4])),
    ).toBe('22023: field name must not be null');
    expect(
      err(() =>
        agg(
          'array_agg',
          ['anyarray'],
          [
            [[PgArray.of([1])], 1],
            [[PgArray.of([1, 2])], 1],
          ],
          [arrayOf(T.int4)],
        ),
      ),
    ).toBe('2202E: cannot accumulate arrays of different dimensionality');
  });

  test('accumulate agrees with apply under inserts and retractions', () => {
    const rand = (n: number): number => Math.floor(Math.random() * n);
    for (const [name, type, mk] of [
      ['sum', 'int4', (x: number) => x],
      ['sum', 'int2', (x: number) => x * 1000],
      ['sum', 'int4', (x: number) => x * 2_000_000_000],
      ['sum', 'int8', (x: number) => BigInt(x) * 3_000_000_000_000n],
      ['sum', 'int8', (x: number) => BigInt(x) * 2_000_000_000_000_000_000n],
      ['avg', 'int4', (x: number) => x],
      ['avg', 'int8', (x: number) => BigInt(x) * 1_000_000_000_000_000n],
      ['avg', 'numeric', (x: number) => Numeric.of(BigInt(x), 2)],
      ['count', 'any', (x: number) => x],
    ] as const) {
      const f = aggregateCandidates(name).find((c) => c.args[0] === type)!;
      const acc = f.accumulate!;
      const bag = new Map<number, number>();
      let state = acc.zero();
      for (let step = 0; step < 200; step++) {
        const x = rand(20) - 5;
        const have = bag.get(x) ?? 0;
        const diff = have > 0 && Math.random() < 0.4 ? -Math.min(have, 1 + rand(2)) : 1 + rand(3);
        bag.set(x, have + diff);
        state = acc.add(state, [mk(x)], diff);
        const inputs: AggInput[] = [...bag].filter(([, d]) => d > 0).map(([v, d]) => [[mk(v)], d]);
        const want = f.apply(
          inputs,
          { timeZone: 'UTC', txnStart: 0n, statementStart: 0n, setting: () => undefined },
          [],
        );
        const got = acc.finish(state, {
          timeZone: 'UTC',
          txnStart: 0n,
          statementStart: 0n,
          setting: () => undefined,
        });
        expect(s(got), `${name}(${type}) step ${step}`).toBe(s(want));
      }
    }
  });

  const ctx = { timeZone: 'UTC', txnStart: 0n, statementStart: 0n, setting: () => undefined };
  const accumulator = (name: string, type: string) =>
    aggregateCandidates(name).find((c) => c.args[0] === type)!.accumulate!;

  test('integer sums stay exact past 2^53', () => {
    const sum4 = accumulator('sum', 'int4');
    let state = sum4.add(sum4.zero(), [2_147_483_647], 2_000_000);
    state = sum4.add(state, [2_147_483_647], 2_000_000);
    state = sum4.add(state, [-3], 1);
    expect(sum4.finish(state, ctx)).toBe(2_147_483_647n * 4_000_000n - 3n);
    // and back below it, still exact
    state = sum4.add(state, [2_147_483_647], -4_000_000);
    expect(sum4.finish(state, ctx)).toBe(-3n);
    const avg4 = aggregateCandidates('avg').find((c) => c.args[0] === 'int4')!;
    const inputs: AggInput[] = [
      [[2_147_483_647], 3_000_000],
      [[2_147_483_646], 2],
    ];
    let s2 = avg4.accumulate!.zero();
    for (const [args, d] of inputs) s2 = avg4.accumulate!.add(s2, args, d);
    expect(String(avg4.accumulate!.finish(s2, ctx))).toBe(String(avg4.apply(inputs, ctx, [])));
  });

  test('states stored by earlier builds (numeric sums, bigint counts) are read', () => {
    // exactAccum's layout: [sum, count, NaN, +Inf, -Inf, then (scale, count) pairs]
    const old = [Numeric.of(123n, 0), 4n, 0n, 0n, 0n, 0, 4n];
    const sum4 = accumulator('sum', 'int4');
    expect(sum4.finish(old, ctx)).toBe(123n);
    expect(sum4.finish(sum4.add(old, [7], 2), ctx)).toBe(137n);
    expect(sum4.finish(sum4.add(old, [123], -1), ctx)).toBe(0n);
    const avg4 = accumulator('avg', 'int4');
    expect(String(avg4.finish(avg4.add(old, [7], 1), ctx))).toBe('26.0000000000000000');
    const count = accumulator('count', 'any');
    expect(count.finish([5n], ctx)).toBe(5n);
    expect(count.finish(count.add([5n], [1], -2), ctx)).toBe(3n);
    expect(count.finish(count.add([5n], [null], 3), ctx)).toBe(5n);
  });
});
