// Comparison operators and math functions, checked against PostgreSQL 15 results.
import { describe, expect, it } from 'vitest';
import { Numeric, PgArray, type Datum } from '../../src/repr/index.js';
import { module as compare } from '../../src/expr/functions/compare.js';
import { module as math } from '../../src/expr/functions/math.js';
import type { ParamType } from '../../src/expr/signature.js';
import { callIn, errorOf } from './helpers.js';

const cmp = (sym: string, params: ParamType[], a: Datum, b: Datum): Datum =>
  callIn(compare, 'operators', sym, params, [a, b]);
const m = (name: string, params: ParamType[], args: Datum[]): Datum =>
  callIn(math, 'scalars', name, params, args);
const num = (s: string): Numeric => Numeric.parse(s)!;

describe('comparison operators', () => {
  it('compares like PostgreSQL', () => {
    expect(cmp('<', ['text', 'text'], 'a', 'b')).toBe(true);
    expect(cmp('=', ['bpchar', 'bpchar'], 'abc  ', 'abc')).toBe(true);
    expect(cmp('<', ['int2', 'int8'], 1, 2n)).toBe(true);
    expect(cmp('>', ['int8', 'int4'], 9007199254740993n, 1)).toBe(true);
    expect(cmp('=', ['float8', 'float8'], NaN, NaN)).toBe(true);
    expect(cmp('>', ['float8', 'float8'], NaN, Infinity)).toBe(true);
    expect(cmp('=', ['numeric', 'numeric'], num('1.0'), num('1.00'))).toBe(true);
    expect(cmp('<', ['anyarray', 'anyarray'], PgArray.of([1, 2]), PgArray.of([1, 3]))).toBe(true);
    expect(cmp('<', ['anyarray', 'anyarray'], PgArray.of([1, 2]), PgArray.of([1, 2, 0]))).toBe(
      true,
    );
    // '2020-01-01'::date < '2020-01-01 00:00:01'::timestamp
    const day = 18262;
    expect(cmp('<', ['date', 'timestamp'], day, BigInt(day) * 86_400_000_000n + 1_000_000n)).toBe(
      true,
    );
    expect(cmp('=', ['int4', 'int4'], null, 1)).toBeNull();
  });
});

describe('math functions', () => {
  it.each([
    ['sind', 30, 0.5],
    ['cosd', 60, 0.5],
    ['tand', 45, 1],
    ['cotd', 45, 1],
    ['asind', 0.5, 30],
    ['acosd', 0.5, 60],
    ['atand', 1, 45],
    ['degrees', Math.PI, 180],
    ['radians', 180, 3.141592653589793],
    ['sign', -3.5, -1],
    ['trunc', -2.7, -2],
    ['round', 2.5, 2],
    ['round', 3.5, 4],
    ['ceil', -0.5, -0],
    ['log', 100, 2],
    ['exp', 1, 2.718281828459045],
    ['ln', 10, 2.302585092994046],
  ] as [string, number, number][])('%s(%s) = %s', (name, x, want) => {
    expect(m(name, ['float8'], [x])).toBe(want);
  });

  it('has numeric and integer variants', () => {
    expect(String(m('round', ['numeric'], [num('2.5')]))).toBe('3');
    expect(String(m('round', ['numeric'], [num('-2.5')]))).toBe('-3');
    expect(String(m('round', ['numeric', 'int4'], [num('1.2345'), 2]))).toBe('1.23');
    expect(String(m('log', ['numeric'], [num('100')]))).toBe('2.0000000000000000');
    expect(String(m('sqrt', ['numeric'], [num('2')]))).toBe('1.414213562373095');
    expect(String(m('power', ['numeric', 'numeric'], [num('2'), num('0.5')]))).toBe(
      '1.4142135623730950',
    );
    expect(m('atan2d', ['float8', 'float8'], [1, 1])).toBe(45);
    expect(m('gcd', ['int4', 'int4'], [12, 18])).toBe(6);
    expect(m('lcm', ['int8', 'int8'], [4n, 6n])).toBe(12n);
    expect(m('mod', ['int4', 'int4'], [-7, 3])).toBe(-1);
    expect(String(m('div', ['numeric', 'numeric'], [num('7'), num('2')]))).toBe('3');
    expect(m('scale', ['numeric'], [num('1.2300')])).toBe(4);
    expect(m('min_scale', ['numeric'], [num('1.2300')])).toBe(2);
    expect(m('scale', ['numeric'], [Numeric.NaN])).toBeNull();
  });

  it('computes width_bucket', () => {
    const wbf = (o: number, a: number, b: number, c: number): Datum =>
      m('width_bucket', ['float8', 'float8', 'float8', 'int4'], [o, a, b, c]);
    const wbn = (o: string, a: string, b: string, c: number): Datum =>
      m('width_bucket', ['numeric', 'numeric', 'numeric', 'int4'], [num(o), num(a), num(b), c]);
    expect(wbn('5.35', '0.024', '10.06', 5)).toBe(3);
    expect(wbf(5.35, 0.024, 10.06, 5)).toBe(3);
    expect(wbn('-1', '0', '10', 5)).toBe(0);
    expect(wbn('10', '10', '0', 5)).toBe(1);
    expect(errorOf(() => wbf(1, 0, 10, 0))).toBe('2201G: count must be greater than zero');
    expect(errorOf(() => wbf(1, 1, 1, 3))).toBe('2201G: lower bound cannot equal upper bound');
  });

  it('raises PostgreSQL errors', () => {
    expect(errorOf(() => m('sqrt', ['float8'], [-1]))).toBe(
      '2201F: cannot take square root of a negative number',
    );
    expect(errorOf(() => m('ln', ['float8'], [0]))).toBe('2201E: cannot take logarithm of zero');
    expect(errorOf(() => m('ln', ['numeric'], [num('-1')]))).toBe(
      '2201E: cannot take logarithm of a negative number',
    );
    expect(errorOf(() => m('exp', ['float8'], [1000]))).toBe('22003: value out of range: overflow');
    expect(errorOf(() => m('sin', ['float8'], [Infinity]))).toBe('22003: input is out of range');
    expect(errorOf(() => m('asin', ['float8'], [2]))).toBe('22003: input is out of range');
    expect(errorOf(() => m('gcd', ['int4', 'int4'], [-2147483648, 0]))).toBe(
      '22003: integer out of range',
    );
    expect(errorOf(() => m('mod', ['int4', 'int4'], [1, 0]))).toBe('22012: division by zero');
  });

  it('makes random() reproducible after setseed()', () => {
    m('setseed', ['float8'], [0.5]);
    const a = m('random', [], []) as number;
    m('setseed', ['float8'], [0.5]);
    expect(m('random', [], [])).toBe(a);
    expect(a >= 0 && a < 1).toBe(true);
    expect(errorOf(() => m('setseed', ['float8'], [2]))).toBe(
      '22023: setseed parameter 2 is out of allowed range [-1,1]',
    );
  });
});
