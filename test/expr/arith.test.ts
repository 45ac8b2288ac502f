// Arithmetic operators, checked against PostgreSQL 15 results.
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../src/repr/numeric.js';
import { module } from '../../src/expr/functions/arith.js';
import type { Datum } from '../../src/repr/index.js';
import type { ParamType } from '../../src/expr/signature.js';
import { callIn, errorOf } from './helpers.js';

const op = (sym: string, params: ParamType[], args: Datum[]): Datum =>
  callIn(module, 'operators', sym, params, args);
const num = (s: string): Numeric => Numeric.parse(s)!;

describe('integer operators', () => {
  it.each([
    ['+', ['int4', 'int4'], [2147483647, 0], 2147483647],
    ['*', ['int2', 'int2'], [-32768, 1], -32768],
    ['/', ['int4', 'int4'], [7, 2], 3],
    ['/', ['int4', 'int4'], [-7, 2], -3],
    ['%', ['int4', 'int4'], [-7, 3], -1],
    ['%', ['int8', 'int8'], [7n, -3n], 1n],
    ['&', ['int2', 'int2'], [5, 3], 1],
    ['<<', ['int4', 'int4'], [1, 31], -2147483648],
    ['<<', ['int8', 'int4'], [1n, 63], -9223372036854775808n],
    ['>>', ['int4', 'int4'], [-8, 1], -4],
    ['~', ['int4'], [5], -6],
    ['#', ['int4', 'int4'], [5, 3], 6],
    ['@', ['int4'], [-5], 5],
    ['+', ['int2', 'int8'], [1, 2n], 3n],
    ['-', ['int8', 'int4'], [10n, 3], 7n],
    ['*', ['int2', 'int4'], [300, 300], 90000],
  ] as [string, ParamType[], Datum[], Datum][])('%s %s', (sym, params, args, want) => {
    expect(op(sym, params, args)).toEqual(want);
  });

  it('raises PostgreSQL overflow and division errors', () => {
    expect(errorOf(() => op('+', ['int4', 'int4'], [2147483647, 1]))).toBe(
      '22003: integer out of range',
    );
    expect(errorOf(() => op('*', ['int2', 'int2'], [200, 200]))).toBe(
      '22003: smallint out of range',
    );
    expect(errorOf(() => op('-', ['int8'], [-9223372036854775808n]))).toBe(
      '22003: bigint out of range',
    );
    expect(errorOf(() => op('/', ['int4', 'int4'], [-2147483648, -1]))).toBe(
      '22003: integer out of range',
    );
    expect(errorOf(() => op('/', ['int4', 'int4'], [1, 0]))).toBe('22012: division by zero');
    expect(errorOf(() => op('%', ['int8', 'int8'], [1n, 0n]))).toBe('22012: division by zero');
    expect(op('%', ['int4', 'int4'], [-2147483648, -1])).toBe(0);
  });

  it('is strict', () => {
    expect(op('+', ['int4', 'int4'], [null, 1])).toBeNull();
  });
});

describe('float operators', () => {
  it('computes in float4/float8 precision', () => {
    expect(op('+', ['float8', 'float8'], [0.1, 0.2])).toBe(0.30000000000000004);
    expect(op('*', ['float4', 'float4'], [1.5, 2])).toBe(3);
    expect(op('+', ['float4', 'float4'], [Math.fround(0.1), Math.fround(0.2)])).toBe(
      Math.fround(0.3),
    );
    expect(op('^', ['float8', 'float8'], [2, 10])).toBe(1024);
    expect(op('|/', ['float8'], [16])).toBe(4);
    expect(op('/', ['float8', 'float8'], [NaN, 0])).toBeNaN();
  });

  it('raises overflow, underflow and division errors', () => {
    expect(errorOf(() => op('*', ['float8', 'float8'], [1e308, 10]))).toBe(
      '22003: value out of range: overflow',
    );
    expect(errorOf(() => op('*', ['float8', 'float8'], [1e-308, 1e-308]))).toBe(
      '22003: value out of range: underflow',
    );
    expect(errorOf(() => op('*', ['float4', 'float4'], [3e38, 10]))).toBe(
      '22003: value out of range: overflow',
    );
    expect(errorOf(() => op('/', ['float8', 'float8'], [1, 0]))).toBe('22012: division by zero');
    expect(errorOf(() => op('^', ['float8', 'float8'], [0, -1]))).toBe(
      '2201F: zero raised to a negative power is undefined',
    );
    expect(errorOf(() => op('^', ['float8', 'float8'], [-8, 1 / 3]))).toBe(
      '2201F: a negative number raised to a non-integer power yields a complex result',
    );
    expect(errorOf(() => op('|/', ['float8'], [-1]))).toBe(
      '2201F: cannot take square root of a negative number',
    );
    expect(op('+', ['float8', 'float8'], [Infinity, 1])).toBe(Infinity);
  });
});

describe('numeric operators', () => {
  it.each([
    ['/', '1', '3', '0.33333333333333333333'],
    ['/', '10', '4', '2.5000000000000000'],
    ['^', '2', '0.5', '1.4142135623730950'],
    ['%', '-5.5', '2', '-1.5'],
    ['*', '1.50', '2.0', '3.000'],
    ['+', 'Infinity', '-Infinity', 'NaN'],
  ])('%s %s %s = %s', (sym, a, b, want) => {
    expect(String(op(sym, ['numeric', 'numeric'], [num(a), num(b)]))).toBe(want);
  });

  it('has unary operators and factorial', () => {
    expect(String(op('-', ['numeric'], [num('1.50')]))).toBe('-1.50');
    expect(String(op('@', ['numeric'], [num('-1.50')]))).toBe('1.50');
    expect(String(callIn(module, 'scalars', 'factorial', ['int8'], [20n]))).toBe(
      '2432902008176640000',
    );
    expect(errorOf(() => op('/', ['numeric', 'numeric'], [num('1'), num('0')]))).toBe(
      '22012: division by zero',
    );
  });
});
