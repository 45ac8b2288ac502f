// Casts: contexts (pg_cast) and conversions, checked against PostgreSQL 15 results.
import { describe, expect, it } from 'vitest';
import { Interval, Jsonb, Numeric, PgArray, type Datum } from '../../src/repr/index.js';
import { arrayOf, scalar, T, type SqlType } from '../../src/repr/types.js';
import { castContext, castDatum, type CastContext } from '../../src/expr/cast.js';
import { ctx, errorOf, makeCtx } from './helpers.js';

const num = (s: string): Numeric => Numeric.parse(s)!;
const cast = (d: Datum, from: SqlType, to: SqlType, mode: CastContext = 'explicit'): Datum =>
  castDatum(d, from, to, ctx, mode);
const varchar = (n: number): SqlType => scalar('varchar', n + 4);
const bpchar = (n: number): SqlType => scalar('bpchar', n + 4);
const numericT = (p: number, s: number): SqlType => scalar('numeric', ((p << 16) | s) + 4);
const ts = (s: string): bigint => BigInt(Date.parse(`${s}Z`)) * 1000n;

describe('castContext', () => {
  it.each([
    ['int2', 'int4', 'implicit'],
    ['int4', 'int8', 'implicit'],
    ['int8', 'numeric', 'implicit'],
    ['numeric', 'float8', 'implicit'],
    ['float8', 'int4', 'assignment'],
    ['numeric', 'int4', 'assignment'],
    ['int4', 'bool', 'explicit'],
    ['int4', 'char', 'explicit'],
    ['int4', 'text', 'assignment'],
    ['text', 'int4', 'explicit'],
    ['varchar', 'text', 'implicit'],
    ['text', 'bpchar', 'implicit'],
    ['jsonb', 'int4', 'explicit'],
    ['json', 'jsonb', 'assignment'],
    ['date', 'timestamptz', 'implicit'],
    ['timestamptz', 'timestamp', 'assignment'],
    ['interval', 'time', 'assignment'],
    ['int4', 'oid', 'implicit'],
    ['oid', 'int4', 'assignment'],
    ['text', 'regclass', null],
    ['bool', 'int8', null],
    ['date', 'int4', null],
  ] as const)('%s → %s: %s', (from, to, want) => {
    expect(castContext(scalar(from), scalar(to))).toBe(want);
  });

  it('handles arrays and unknown', () => {
    expect(castContext(arrayOf(T.int4), arrayOf(T.numeric))).toBe('implicit');
    expect(castContext(arrayOf(T.int4), T.text)).toBe('assignment');
    expect(castContext(T.unknown, T.date)).toBe('implicit');
  });
});

describe('numeric casts', () => {
  it('rounds like PostgreSQL', () => {
    expect(cast(num('2.5'), T.numeric, T.int4)).toBe(3);
    expect(cast(num('-2.5'), T.numeric, T.int4)).toBe(-3);
    expect(cast(2.5, T.float8, T.int4)).toBe(2);
    expect(cast(3.5, T.float8, T.int4)).toBe(4);
    expect(cast(-2.5, T.float8, T.int4)).toBe(-2);
    expect(cast(0.1, T.float8, T.numeric)!.toString()).toBe('0.1');
    expect(cast(1e20, T.float8, T.numeric)!.toString()).toBe('100000000000000000000');
    expect(cast(123456789.123456789, T.float8, T.numeric)!.toString()).toBe('123456789.123457');
    expect(cast(Math.fround(1.5), T.float4, T.numeric)!.toString()).toBe('1.5');
    expect(cast(5n, T.int8, T.int2)).toBe(5);
    expect(cast(7, T.int4, T.float4)).toBe(7);
  });

  it('raises range errors', () => {
    expect(errorOf(() => cast(1e10, T.float8, T.int4))).toBe('22003: integer out of range');
    expect(errorOf(() => cast(NaN, T.float8, T.int8))).toBe('22003: bigint out of range');
    expect(errorOf(() => cast(40000, T.int4, T.int2))).toBe('22003: smallint out of range');
    expect(errorOf(() => cast(Numeric.NaN, T.numeric, T.int4))).toBe(
      '0A000: cannot convert NaN to integer',
    );
    expect(errorOf(() => cast(1e40, T.float8, T.float4))).toBe(
      '22003: value out of range: overflow',
    );
    expect(errorOf(() => cast(1e-50, T.float8, T.float4))).toBe(
      '22003: value out of range: underflow',
    );
  });

  it('enforces numeric(p,s)', () => {
    expect(cast(num('12.345'), T.numeric, numericT(10, 1))!.toString()).toBe('12.3');
    expect(cast(num('-0.05'), T.numeric, numericT(3, 1))!.toString()).toBe('-0.1');
    const e = (): Datum => cast(num('123.456'), T.numeric, numericT(4, 2));
    expect(errorOf(e)).toBe('22003: numeric field overflow');
    try {
      e();
    } catch (err) {
      expect((err as { detail: string }).detail).toBe(
        'A field with precision 4, scale 2 must round to an absolute value less than 10^2.',
      );
    }
    expect(errorOf(() => cast(Numeric.Infinity, T.numeric, numericT(4, 2)))).toBe(
      '22003: numeric field overflow',
    );
  });
});

describe('string casts', () => {
  it('applies varchar(n) and char(n)', () => {
    expect(cast('abcd', T.text, varchar(3))).toBe('abc');
    expect(cast('ab', T.text, bpchar(4))).toBe('ab  ');
    expect(cast('abc  ', bpchar(5), T.text)).toBe('abc');
    expect(cast('abc  ', T.text, varchar(3), 'assignment')).toBe('abc');
    expect(errorOf(() => cast('abcd', T.text, varchar(3), 'assignment'))).toBe(
      '22001: value too long for type character varying(3)',
    );
    expect(errorOf(() => cast('abcd', T.text, bpchar(3), 'assignment'))).toBe(
      '22001: value too long for type character(3)',
    );
  });

  it('applies typmods as PostgreSQL does (one implementation, in src/repr/io/typmod.ts)', () => {
    // '1990-01-01 00:00:00.5'::timestamp(0): rounded half away from 2000-01-01.
    expect(cast(ts('1990-01-01T00:00:00.5'), T.timestamp, scalar('timestamp', 0))).toBe(
      ts('1990-01-01T00:00:00'),
    );
    expect(cast(num('14.5'), T.numeric, numericT(2, -1 & 0x7ff))).toEqual(num('10'));
    // interval YEAR TO MONTH (range bits 4|2 in the high half) drops days and time.
    const ym = scalar('interval', (6 << 16) | 0xffff);
    expect(cast(new Interval(14, 3, 5n), T.interval, ym)).toEqual(new Interval(14, 0, 0n));
  });

  it('goes through text I/O', () => {
    expect(cast(true, T.bool, T.text)).toBe('true');
    expect(cast(1.5, T.float8, T.text)).toBe('1.5');
    expect(cast(1e20, T.float8, T.text)).toBe('1e+20');
    expect(cast('12', T.text, T.int4)).toBe(12);
    expect(cast(' 12 ', T.unknown, T.int4)).toBe(12);
    expect(cast('{1,2}', T.text, arrayOf(T.int4))).toEqual(PgArray.of([1, 2]));
    expect(errorOf(() => cast('abc', T.text, T.int4))).toBe(
      '22P02: invalid input syntax for type integer: "abc"',
    );
  });

  it('converts "char", bool and oid', () => {
    expect(cast(65, T.int4, T.char)).toBe('A');
    expect(cast('abc', T.text, T.char)).toBe('a');
    expect(errorOf(() => cast(300, T.int4, T.char))).toBe('22003: "char" out of range');
    expect(cast(1, T.int4, T.bool)).toBe(true);
    expect(cast(false, T.bool, T.int4)).toBe(0);
    expect(cast(-1, T.int4, T.oid)).toBe(4294967295);
    expect(cast(4294967295, T.oid, T.int4)).toBe(-1);
    expect(errorOf(() => cast(4294967296n, T.int8, T.oid))).toBe('22003: OID out of range');
  });
});

describe('jsonb casts', () => {
  it('extracts scalars with PostgreSQL errors', () => {
    expect(cast(new Jsonb(num('1.5')), T.jsonb, T.int4)).toBe(2);
    expect(cast(new Jsonb(true), T.jsonb, T.bool)).toBe(true);
    expect(cast(new Jsonb(num('2.5')), T.jsonb, T.float8)).toBe(2.5);
    expect(errorOf(() => cast(new Jsonb(null), T.jsonb, T.int4))).toBe(
      '22023: cannot cast jsonb null to type integer',
    );
    expect(errorOf(() => cast(new Jsonb('a'), T.jsonb, T.bool))).toBe(
      '22023: cannot cast jsonb string to type boolean',
    );
    expect(errorOf(() => cast(new Jsonb(new Map()), T.jsonb, T.float8))).toBe(
      '22023: cannot cast jsonb object to type double precision',
    );
  });
});

describe('date/time casts', () => {
  const ny = makeCtx('America/New_York');
  const c = (d: Datum, from: SqlType, to: SqlType): Datum => castDatum(d, from, to, ny, 'explicit');

  it('uses the session time zone', () => {
    const day = 18329; // 2020-03-08
    expect(c(day, T.date, T.timestamptz)).toBe(ts('2020-03-08T05:00:00'));
    expect(c(ts('2020-06-01T12:00:00'), T.timestamp, T.timestamptz)).toBe(
      ts('2020-06-01T16:00:00'),
    );
    expect(c(ts('2020-06-01T03:00:00'), T.timestamptz, T.date)).toBe(18413); // 2020-05-31
    expect(c(ts('2020-06-01T03:00:00'), T.timestamptz, T.time)).toBe(23 * 3600e6);
    expect(c(ts('2020-06-01T03:00:00'), T.timestamptz, T.timestamp)).toBe(
      ts('2020-05-31T23:00:00'),
    );
  });

  it('converts time, interval and precisions', () => {
    expect(c(45296789000, T.time, T.interval)).toEqual(new Interval(0, 0, 45296789000n));
    expect(c(new Interval(0, -1, -3600000000n), T.interval, T.time)).toBe(23 * 3600e6);
    expect(c(ts('2021-01-01T10:11:12.345678'), T.timestamp, scalar('timestamp', 2))).toBe(
      ts('2021-01-01T10:11:12.350'),
    );
    expect(c(ts('1999-12-31T23:59:59.500'), T.timestamp, scalar('timestamp', 0))).toBe(
      ts('1999-12-31T23:59:59'),
    );
    expect(c(Infinity, T.date, T.timestamp)).toBe(2n ** 63n - 1n);
    expect(c(2n ** 63n - 1n, T.timestamp, T.time)).toBeNull();
  });

  it('casts arrays element-wise', () => {
    expect(
      cast(PgArray.of([num('1.5'), num('2.5'), null]), arrayOf(T.numeric), arrayOf(T.int4)),
    ).toEqual(PgArray.of([2, 3, null]));
  });
});
