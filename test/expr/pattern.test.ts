// LIKE, SIMILAR TO and POSIX regular expressions, checked against PostgreSQL 15 results.
import { describe, expect, it } from 'vitest';
import { PgArray, type Datum } from '../../src/repr/index.js';
import { module } from '../../src/expr/functions/pattern.js';
import type { ParamType } from '../../src/expr/signature.js';
import { callIn, errorOf } from './helpers.js';

const op = (sym: string, a: Datum, p: Datum, l: ParamType = 'text'): Datum =>
  callIn(module, 'operators', sym, [l, 'text'], [a, p]);
const f = (name: string, args: Datum[]): Datum =>
  callIn(
    module,
    'scalars',
    name,
    args.map(() => 'text' as const),
    args,
  );

describe('LIKE and SIMILAR TO', () => {
  it.each([
    ['~~', 'abc', 'a%', true],
    ['~~', 'abc', 'a_', false],
    ['~~', 'a%c', 'a\\%c', true],
    ['~~*', 'ABC', 'a%', true],
    ['!~~', 'abc', 'a%', false],
    ['~~', 'a\nb', 'a_b', true],
    ['~~', 'a.c', 'a.c', true],
    ['~~', 'abc', 'a.c', false],
  ] as [string, string, string, boolean][])('%s %s %s', (sym, a, p, want) => {
    expect(op(sym, a, p)).toBe(want);
  });

  it('keeps char(n) padding when matching', () => {
    expect(op('~~', 'ab ', 'ab', 'bpchar')).toBe(false);
    expect(op('~~', 'ab ', 'ab ', 'bpchar')).toBe(true);
  });

  it('rewrites ESCAPE clauses and SIMILAR TO patterns', () => {
    expect(f('like_escape', ['a$_c%', '$'])).toBe('a\\_c%');
    expect(op('~~', 'a_c', f('like_escape', ['a$_c', '$']))).toBe(true);
    expect(op('~~', 'abc', f('like_escape', ['a$_c', '$']))).toBe(false);
    expect(f('similar_to_escape', ['(a|b)%'])).toBe('^(?:(?:a|b).*)$');
    expect(op('~', 'abc', f('similar_to_escape', ['(a|b)%']))).toBe(true);
    expect(f('substring', ['foobar', '%#"o_b#"%', '#'])).toBe('oob');
    expect(errorOf(() => f('like_escape', ['a', 'xy']))).toBe('22025: invalid escape string');
    expect(errorOf(() => op('~~', 'a', 'a\\'))).toBe(
      '22025: LIKE pattern must not end with escape character',
    );
  });
});

describe('regular expressions', () => {
  it.each([
    ['~', 'abc', '^a.c$', true],
    ['~*', 'ABC', 'abc', true],
    ['!~', 'abc', 'b', false],
    ['~', 'foo bar', '\\mbar\\M', true],
    ['~', 'foobar', '\\mbar', false],
    ['~', 'abc', '[[:digit:]]', false],
    ['~', 'a1', '[[:alpha:]][[:digit:]]', true],
    ['~', 'a\nb', 'a.b', true],
    ['~', 'a{b', 'a{b', true],
  ] as [string, string, string, boolean][])('%s %s %s', (sym, a, p, want) => {
    expect(op(sym, a, p)).toBe(want);
  });

  it('implements the regexp_* functions', () => {
    expect(f('regexp_match', ['foobarbequebaz', '(bar)(beque)'])).toEqual(
      PgArray.of(['bar', 'beque']),
    );
    expect(f('regexp_match', ['abc', 'b'])).toEqual(PgArray.of(['b']));
    expect(f('regexp_match', ['abc', 'x'])).toBeNull();
    expect(f('regexp_replace', ['Thomas', '.[mN]a.', 'M'])).toBe('ThM');
    expect(f('regexp_replace', ['foobarbaz', 'b(..)', 'X\\1Y', 'g'])).toBe('fooXarYXazY');
    expect(f('regexp_split_to_array', ['hello world', '\\s+'])).toEqual(
      PgArray.of(['hello', 'world']),
    );
    expect(f('regexp_split_to_array', ['abc', ''])).toEqual(PgArray.of(['a', 'b', 'c']));
    expect(f('regexp_split_to_array', [',a,', ','])).toEqual(PgArray.of(['', 'a', '']));
    expect(f('regexp_split_to_array', ['hello world', '\\s*'])).toEqual(
      PgArray.of(['h', 'e', 'l', 'l', 'o', 'w', 'o', 'r', 'l', 'd']),
    );
    expect(f('substring', ['foobar', 'o(.)b'])).toBe('o');
    expect(callIn(module, 'scalars', 'regexp_count', ['text', 'text'], ['ababab', 'ab'])).toBe(3);
    expect(f('regexp_like', ['ABC', 'b', 'i'])).toBe(true);
  });

  it('reports invalid patterns and options', () => {
    expect(errorOf(() => op('~', 'a', '('))).toMatch(/^2201B: invalid regular expression/);
    expect(errorOf(() => f('regexp_match', ['a', 'a', 'z']))).toBe(
      '22023: invalid regular expression option: "z"',
    );
    expect(errorOf(() => f('regexp_match', ['a', 'a', 'g']))).toBe(
      '22023: regexp_match() does not support the "global" option',
    );
  });
});
