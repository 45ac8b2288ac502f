// generate_series table functions over numbers and timestamps; expectations from PostgreSQL 15.
import { describe, expect, test } from 'vitest';
import { Numeric } from '../../../src/repr/index.js';
import { ctx, err, iv, num, showTstz, table, ts, tstz, showTs } from './helpers.js';

describe('generate_series', () => {
  test('numbers', () => {
    expect(table('generate_series', ['int4', 'int4'], [1, 3])).toEqual([[1], [2], [3]]);
    expect(table('generate_series', ['int4', 'int4', 'int4'], [5, 1, -2])).toEqual([[5], [3], [1]]);
    expect(table('generate_series', ['int8', 'int8'], [1n, 2n])).toEqual([[1n], [2n]]);
    expect(
      table(
        'generate_series',
        ['numeric', 'numeric', 'numeric'],
        [num('1.0'), num('2'), num('0.5')],
      ).map(([v]) => (v as Numeric).toString()),
    ).toEqual(['1.0', '1.5', '2.0']);
    expect(table('generate_series', ['int4', 'int4'], [3, 1])).toEqual([]);
  });

  test('timestamps, with DST in the session zone', () => {
    const ny = ctx('America/New_York');
    const rows = table(
      'generate_series',
      ['timestamptz', 'timestamptz', 'interval'],
      [tstz('2021-03-13 12:00-05'), tstz('2021-03-15 12:00-04'), iv(0, 1, 0)],
      [],
      ny,
    );
    expect(rows.map(([v]) => showTstz(v!, 'America/New_York'))).toEqual([
      '2021-03-13 12:00:00-05',
      '2021-03-14 12:00:00-04',
      '2021-03-15 12:00:00-04',
    ]);
    const monthly = table(
      'generate_series',
      ['timestamp', 'timestamp', 'interval'],
      [ts('2020-01-31'), ts('2020-04-30'), iv(1, 0, 0)],
    );
    expect(monthly.map(([v]) => showTs(v!))).toEqual([
      '2020-01-31 00:00:00',
      '2020-02-29 00:00:00',
      '2020-03-29 00:00:00',
      '2020-04-29 00:00:00',
    ]);
  });

  test('errors', () => {
    expect(err(() => table('generate_series', ['int4', 'int4', 'int4'], [1, 3, 0]))).toBe(
      '22023: step size cannot equal zero',
    );
    expect(
      err(() =>
        table('generate_series', ['numeric', 'numeric', 'numeric'], [num('1'), num('3'), num('0')]),
      ),
    ).toBe('22023: step size cannot equal zero');
    expect(
      err(() =>
        table(
          'generate_series',
          ['timestamp', 'timestamp', 'interval'],
          [ts('2020-01-01'), ts('2020-01-02'), iv(0, 0, 0)],
        ),
      ),
    ).toBe('22023: step size cannot equal zero');
    expect(
      err(() => table('generate_series', ['numeric', 'numeric'], [Numeric.NaN, num('3')])),
    ).toBe('22023: start value cannot be NaN');
    expect(
      err(() => table('generate_series', ['numeric', 'numeric'], [num('1'), Numeric.Infinity])),
    ).toBe('22023: stop value cannot be infinity');
  });
});
