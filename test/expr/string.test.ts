// String functions, checked against PostgreSQL 15 (UTF8, C locale) results.
import { describe, expect, it } from 'vitest';
import { Numeric, PgArray, type Datum } from '../../src/repr/index.js';
import { T } from '../../src/repr/types.js';
import { module } from '../../src/expr/functions/string.js';
import type { ParamType } from '../../src/expr/signature.js';
import { callIn, errorOf } from './helpers.js';

const f = (name: string, params: ParamType[], args: Datum[]): Datum =>
  callIn(module, 'scalars', name, params, args);
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

describe('string functions', () => {
  it.each([
    ['length', ['text'], ['héllo'], 5],
    ['octet_length', ['text'], ['héllo'], 6],
    ['length', ['bpchar'], ['ab  '], 2],
    ['octet_length', ['bpchar'], ['ab  '], 4],
    ['lower', ['text'], ['ÀBC'], 'Àbc'],
    ['upper', ['text'], ['straße'], 'STRAßE'],
    ['initcap', ['text'], ['hello wORLD-foo bar_baz 3x'], 'Hello World-Foo Bar_Baz 3x'],
    ['substr', ['text', 'int4', 'int4'], ['hello', 0, 3], 'he'],
    ['substr', ['text', 'int4'], ['hello', -1], 'hello'],
    ['substring', ['text', 'int4'], ['hello', 2], 'ello'],
    ['position', ['text', 'text'], ['hello', 'lo'], 4],
    ['overlay', ['text', 'text', 'int4', 'int4'], ['Txxxxas', 'hom', 2, 4], 'Thomas'],
    ['btrim', ['text', 'text'], ['xyxtrimyyx', 'xy'], 'trim'],
    ['ltrim', ['text'], ['  a  '], 'a  '],
    ['rtrim', ['text'], ['  a  '], '  a'],
    ['lpad', ['text', 'int4', 'text'], ['hi', 5, 'xy'], 'xyxhi'],
    ['rpad', ['text', 'int4'], ['hi', 5], 'hi   '],
    ['lpad', ['text', 'int4'], ['hello', 2], 'he'],
    ['left', ['text', 'int4'], ['abcde', -2], 'abc'],
    ['right', ['text', 'int4'], ['abcde', -2], 'cde'],
    ['repeat', ['text', 'int4'], ['ab', 3], 'ababab'],
    ['replace', ['text', 'text', 'text'], ['abcabc', 'b', 'XX'], 'aXXcaXXc'],
    ['reverse', ['text'], ['héllo'], 'olléh'],
    ['split_part', ['text', 'text', 'int4'], ['a,b,c', ',', -1], 'c'],
    ['split_part', ['text', 'text', 'int4'], ['a,b,c', ',', 5], ''],
    ['ascii', ['text'], ['é'], 233],
    ['chr', ['int4'], [233], 'é'],
    ['md5', ['text'], ['abc'], '900150983cd24fb0d6963f7d28e17f72'],
    ['encode', ['bytea', 'text'], [bytes('00ff5c41'), 'escape'], '\\000\\377\\\\A'],
    [
      'encode',
      ['bytea', 'text'],
      [new Uint8Array(Buffer.from('hello world')), 'base64'],
      'aGVsbG8gd29ybGQ=',
    ],
    ['to_hex', ['int4'], [-1], 'ffffffff'],
    ['to_hex', ['int8'], [255n], 'ff'],
    ['translate', ['text', 'text', 'text'], ['12345', '143', 'ax'], 'a2x5'],
    ['starts_with', ['text', 'text'], ['alphabet', 'alph'], true],
    ['quote_ident', ['text'], ['Foo bar'], '"Foo bar"'],
    ['quote_ident', ['text'], ['select'], '"select"'],
    ['quote_ident', ['text'], ['abc'], 'abc'],
    ['quote_literal', ['text'], ['a\\b'], "E'a\\\\b'"],
    ['quote_nullable', ['text'], [null], 'NULL'],
    ['length', ['text'], [null], null],
  ] as [string, ParamType[], Datum[], Datum][])('%s', (name, params, args, want) => {
    expect(f(name, params, args)).toEqual(want);
  });

  it('hashes and decodes bytea', () => {
    const sha = f('sha256', ['bytea'], [new Uint8Array(Buffer.from('abc'))]) as Uint8Array;
    expect(Buffer.from(sha).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(f('decode', ['text', 'text'], ['aGVsbG8=', 'base64'])).toEqual(
      new Uint8Array(Buffer.from('hello')),
    );
    expect(f('decode', ['text', 'text'], ['00ff', 'hex'])).toEqual(bytes('00ff'));
  });

  it('concatenates like concat, concat_ws and format', () => {
    const types = [T.text, T.unknown, T.int4, T.bool, T.numeric];
    expect(
      callIn(
        module,
        'scalars',
        'concat',
        ['any'],
        ['a', null, 1, true, Numeric.parse('2.50')!],
        types,
      ),
    ).toBe('a1t2.50');
    expect(
      callIn(
        module,
        'scalars',
        'concat_ws',
        ['text', 'any'],
        [',', 'a', null, 'b'],
        [T.text, T.text, T.text, T.text],
      ),
    ).toBe('a,b');
    const fmt = (args: Datum[]): Datum =>
      callIn(
        module,
        'scalars',
        'format',
        ['text', 'any'],
        args,
        args.map(() => T.text),
      );
    expect(fmt(['%s|%I|%L|%L', 'x', 'Foo', "O'Reilly", null])).toBe(`x|"Foo"|'O''Reilly'|NULL`);
    expect(fmt(['%-5s|%5s|%2$s %1$s', 'a', 'b'])).toBe('a    |    b|b a');
    expect(
      callIn(
        module,
        'scalars',
        'format',
        ['text', 'any'],
        ['%*s|', 4, 'x'],
        [T.text, T.int4, T.text],
      ),
    ).toBe('   x|');
    expect(errorOf(() => fmt(['%s %s', 1]))).toBe('22023: too few arguments for format()');
    expect(errorOf(() => fmt(['%z', 1]))).toBe('22023: unrecognized format() type specifier "z"');
    expect(errorOf(() => fmt(['%I', null]))).toBe(
      '22004: null values cannot be formatted as an SQL identifier',
    );
  });

  it('splits qualified identifiers with parse_ident', () => {
    const pi = (args: Datum[]): Datum =>
      callIn(
        module,
        'scalars',
        'parse_ident',
        args.length === 1 ? ['text'] : ['text', 'bool'],
        args,
      );
    expect(pi(['public.Orders'])).toEqual(PgArray.of(['public', 'orders']));
    expect(pi([' "Sales" . "a""b" '])).toEqual(PgArray.of(['Sales', 'a"b']));
    expect(pi(['a.b junk', false])).toEqual(PgArray.of(['a', 'b']));
    expect(errorOf(() => pi(['a.b junk']))).toBe(
      '22023: string is not a valid identifier: "a.b junk"',
    );
    expect(errorOf(() => pi(['"abc']))).toBe('22023: string is not a valid identifier: ""abc"');
  });

  it('concatenates with ||', () => {
    expect(callIn(module, 'operators', '||', ['text', 'text'], ['a', 'b'])).toBe('ab');
    expect(
      callIn(module, 'operators', '||', ['text', 'anynonarray'], ['a', 1], [T.text, T.int4]),
    ).toBe('a1');
    expect(callIn(module, 'operators', '||', ['text', 'text'], ['a', null])).toBeNull();
  });

  it('raises PostgreSQL errors', () => {
    expect(errorOf(() => f('chr', ['int4'], [0]))).toBe('54000: null character not permitted');
    expect(errorOf(() => f('chr', ['int4'], [-1]))).toBe(
      '22023: character number must be positive',
    );
    expect(errorOf(() => f('chr', ['int4'], [55296]))).toBe(
      '54000: requested character not valid for encoding: 55296',
    );
    expect(errorOf(() => f('substr', ['text', 'int4', 'int4'], ['abc', 1, -1]))).toBe(
      '22011: negative substring length not allowed',
    );
    expect(errorOf(() => f('split_part', ['text', 'text', 'int4'], ['a', ',', 0]))).toBe(
      '22023: field position must not be zero',
    );
    expect(errorOf(() => f('decode', ['text', 'text'], ['abc', 'hex']))).toBe(
      '22023: invalid hexadecimal data: odd number of digits',
    );
    expect(errorOf(() => f('decode', ['text', 'text'], ['zz', 'hex']))).toBe(
      '22023: invalid hexadecimal digit: "z"',
    );
    expect(errorOf(() => f('encode', ['bytea', 'text'], [bytes('00'), 'foo']))).toBe(
      '22023: unrecognized encoding: "foo"',
    );
    expect(errorOf(() => f('repeat', ['text', 'int4'], ['ab', 2000000000]))).toBe(
      '54000: requested length too large',
    );
  });
});
