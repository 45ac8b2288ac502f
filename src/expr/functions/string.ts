// String functions and operators (PostgreSQL's "String Functions and Operators" and the bytea
// ones): ||, length and friends, case mapping, substr/overlay/position, trimming and padding,
// split_part, concat/concat_ws/format, quoting, encode/decode, hashes, to_hex, translate
// (string_to_array is an array function, ./array.ts). Lengths and positions count characters (code points), as in UTF8 databases.
import { PgArray, type Datum } from '../../repr/datum.js';
import { arrayOf, T } from '../../repr/types.js';
import { invalidParameterValue, programLimitExceeded, substringError } from '../../errors/index.js';
import type { ScalarFunc } from '../signature.js';
import type { FunctionModule } from '../registry.js';
import { fn, RET } from './core-util.js';
import { anyToText, chars, formatString } from './core-text.js';
import {
  decodeText,
  encodeBytes,
  hashBytes,
  hashHex,
  parseIdent,
  quoteIdent,
  quoteLiteral,
} from './core-encode.js';

const s = (d: Datum | undefined): string => d as string;
const n = (d: Datum | undefined): number => d as number;
const bytes = (d: Datum | undefined): Uint8Array => d as Uint8Array;
const text1 = (name: string, f: (x: string) => Datum, ret = RET.text): ScalarFunc =>
  fn(name, ['text'], ret, ([a]) => f(s(a)));

const MAX_ALLOC = 1073741823;

/** Characters [start, start+len) with SQL's 1-based, clamped semantics (substr). */
function substrChars(str: string, start: number, len: number | null): string {
  if (len !== null && len < 0) throw substringError('negative substring length not allowed');
  const cs = chars(str);
  const from = Math.max(start, 1);
  const to = len === null ? cs.length + 1 : start + len;
  if (to <= from) return '';
  return cs.slice(from - 1, to - 1).join('');
}

function substrBytes(b: Uint8Array, start: number, len: number | null): Uint8Array {
  if (len !== null && len < 0) throw substringError('negative substring length not allowed');
  const from = Math.max(start, 1);
  const to = len === null ? b.length + 1 : start + len;
  if (to <= from) return new Uint8Array(0);
  return b.slice(from - 1, to - 1);
}

function position(str: string, sub: string): number {
  const i = str.indexOf(sub);
  return i < 0 ? 0 : chars(str.slice(0, i)).length + 1;
}

function overlay(str: string, repl: string, start: number, count: number | null): string {
  const cnt = count ?? chars(repl).length;
  if (start < 1) throw substringError('negative substring length not allowed');
  return substrChars(str, 1, start - 1) + repl + substrChars(str, start + cnt, null);
}

function trimSet(str: string, set: string, left: boolean, right: boolean): string {
  const cs = chars(str);
  const drop = new Set(chars(set));
  let a = 0;
  let b = cs.length;
  if (left) while (a < b && drop.has(cs[a]!)) a++;
  if (right) while (b > a && drop.has(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

function pad(str: string, len: number, fill: string, left: boolean): string {
  if (len <= 0) return '';
  const cs = chars(str);
  if (cs.length >= len) return cs.slice(0, len).join('');
  const fs = chars(fill);
  if (fs.length === 0) return str;
  const need = len - cs.length;
  let p = '';
  for (let i = 0; i < need; i++) p += fs[i % fs.length];
  return left ? p + str : str + p;
}

function leftChars(str: string, k: number): string {
  const cs = chars(str);
  return (k >= 0 ? cs.slice(0, k) : cs.slice(0, Math.max(0, cs.length + k))).join('');
}

function rightChars(str: string, k: number): string {
  const cs = chars(str);
  return (k >= 0 ? cs.slice(Math.max(0, cs.length - k)) : cs.slice(Math.min(cs.length, -k))).join(
    '',
  );
}

function repeat(str: string, k: number): string {
  if (k <= 0 || str === '') return '';
  if (Buffer.byteLength(str) * k > MAX_ALLOC)
    throw programLimitExceeded('requested length too large');
  return str.repeat(k);
}

function splitPart(str: string, delim: string, k: number): string {
  if (k === 0) throw invalidParameterValue('field position must not be zero');
  if (str === '') return '';
  const parts = delim === '' ? [str] : str.split(delim);
  const idx = k > 0 ? k - 1 : parts.length + k;
  return parts[idx] ?? '';
}

// Case mapping as PostgreSQL does it with the C locale (Eddy's collation): ASCII letters only.
const lower = (x: string): string => x.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const upper = (x: string): string => x.replace(/[a-z]+/g, (m) => m.toUpperCase());

function initcap(str: string): string {
  let out = '';
  let inWord = false;
  for (const c of str) {
    out += inWord ? lower(c) : upper(c);
    inWord = /[A-Za-z0-9]/.test(c);
  }
  return out;
}

function translate(str: string, from: string, to: string): string {
  const f = chars(from);
  const t = chars(to);
  let out = '';
  for (const c of str) {
    const i = f.indexOf(c);
    if (i < 0) out += c;
    else if (i < t.length) out += t[i];
  }
  return out;
}

function chr(code: number): string {
  if (code < 0) throw invalidParameterValue('character number must be positive');
  if (code === 0) throw programLimitExceeded('null character not permitted');
  if (code > 0x10ffff) {
    throw programLimitExceeded(`requested character too large for encoding: ${code}`);
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    throw programLimitExceeded(`requested character not valid for encoding: ${code}`);
  }
  return String.fromCodePoint(code);
}

function toHex(v: bigint, bits: number): string {
  return BigInt.asUintN(bits, v).toString(16);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const rtrimBlank = (x: string): string => x.replace(/ +$/, '');

export const module: FunctionModule = {
  operators: [
    fn('||', ['text', 'text'], RET.text, ([a, b]) => s(a) + s(b)),
    fn(
      '||',
      ['text', 'anynonarray'],
      RET.text,
      ([a, b], ctx, t) => s(a) + anyToText(b!, t[1]!, ctx)!,
      { volatility: 'stable' },
    ),
    fn(
      '||',
      ['anynonarray', 'text'],
      RET.text,
      ([a, b], ctx, t) => anyToText(a!, t[0]!, ctx)! + s(b),
      { volatility: 'stable' },
    ),
    fn('||', ['bytea', 'bytea'], T.bytea, ([a, b]) => concatBytes(bytes(a), bytes(b))),
  ],
  scalars: [
    text1('length', (x) => chars(x).length, RET.int4),
    text1('char_length', (x) => chars(x).length, RET.int4),
    text1('character_length', (x) => chars(x).length, RET.int4),
    fn('length', ['bpchar'], RET.int4, ([a]) => chars(rtrimBlank(s(a))).length),
    fn('char_length', ['bpchar'], RET.int4, ([a]) => chars(rtrimBlank(s(a))).length),
    fn('character_length', ['bpchar'], RET.int4, ([a]) => chars(rtrimBlank(s(a))).length),
    fn('length', ['bytea'], RET.int4, ([a]) => bytes(a).length),
    text1('octet_length', (x) => Buffer.byteLength(x), RET.int4),
    fn('octet_length', ['bpchar'], RET.int4, ([a]) => Buffer.byteLength(s(a))),
    fn('octet_length', ['bytea'], RET.int4, ([a]) => bytes(a).length),
    text1('bit_length', (x) => Buffer.byteLength(x) * 8, RET.int4),
    fn('bit_length', ['bytea'], RET.int4, ([a]) => bytes(a).length * 8),
    text1('lower', lower),
    text1('upper', upper),
    text1('initcap', initcap),
    fn('substr', ['text', 'int4'], RET.text, ([a, b]) => substrChars(s(a), n(b), null)),
    fn('substr', ['text', 'int4', 'int4'], RET.text, ([a, b, c]) => substrChars(s(a), n(b), n(c))),
    fn('substring', ['text', 'int4'], RET.text, ([a, b]) => substrChars(s(a), n(b), null)),
    fn('substring', ['text', 'int4', 'int4'], RET.text, ([a, b, c]) =>
      substrChars(s(a), n(b), n(c)),
    ),
    fn('substr', ['bytea', 'int4'], T.bytea, ([a, b]) => substrBytes(bytes(a), n(b), null)),
    fn('substr', ['bytea', 'int4', 'int4'], T.bytea, ([a, b, c]) =>
      substrBytes(bytes(a), n(b), n(c)),
    ),
    fn('substring', ['bytea', 'int4'], T.bytea, ([a, b]) => substrBytes(bytes(a), n(b), null)),
    fn('substring', ['bytea', 'int4', 'int4'], T.bytea, ([a, b, c]) =>
      substrBytes(bytes(a), n(b), n(c)),
    ),
    fn('position', ['text', 'text'], RET.int4, ([a, b]) => position(s(a), s(b))),
    fn('strpos', ['text', 'text'], RET.int4, ([a, b]) => position(s(a), s(b))),
    fn('overlay', ['text', 'text', 'int4', 'int4'], RET.text, ([a, b, c, d]) =>
      overlay(s(a), s(b), n(c), n(d)),
    ),
    fn('overlay', ['text', 'text', 'int4'], RET.text, ([a, b, c]) =>
      overlay(s(a), s(b), n(c), null),
    ),
    text1('btrim', (x) => trimSet(x, ' ', true, true)),
    text1('ltrim', (x) => trimSet(x, ' ', true, false)),
    text1('rtrim', (x) => trimSet(x, ' ', false, true)),
    fn('btrim', ['text', 'text'], RET.text, ([a, b]) => trimSet(s(a), s(b), true, true)),
    fn('ltrim', ['text', 'text'], RET.text, ([a, b]) => trimSet(s(a), s(b), true, false)),
    fn('rtrim', ['text', 'text'], RET.text, ([a, b]) => trimSet(s(a), s(b), false, true)),
    fn('lpad', ['text', 'int4'], RET.text, ([a, b]) => pad(s(a), n(b), ' ', true)),
    fn('lpad', ['text', 'int4', 'text'], RET.text, ([a, b, c]) => pad(s(a), n(b), s(c), true)),
    fn('rpad', ['text', 'int4'], RET.text, ([a, b]) => pad(s(a), n(b), ' ', false)),
    fn('rpad', ['text', 'int4', 'text'], RET.text, ([a, b, c]) => pad(s(a), n(b), s(c), false)),
    fn('left', ['text', 'int4'], RET.text, ([a, b]) => leftChars(s(a), n(b))),
    fn('right', ['text', 'int4'], RET.text, ([a, b]) => rightChars(s(a), n(b))),
    fn('repeat', ['text', 'int4'], RET.text, ([a, b]) => repeat(s(a), n(b))),
    fn('replace', ['text', 'text', 'text'], RET.text, ([a, b, c]) =>
      s(b) === '' ? s(a) : s(a).split(s(b)).join(s(c)),
    ),
    text1('reverse', (x) => chars(x).reverse().join('')),
    fn('split_part', ['text', 'text', 'int4'], RET.text, ([a, b, c]) =>
      splitPart(s(a), s(b), n(c)),
    ),
    fn(
      'concat',
      ['any'],
      RET.text,
      (args, ctx, t) => args.map((a, i) => anyToText(a, t[i]!, ctx) ?? '').join(''),
      { variadic: true, strict: false, volatility: 'stable' },
    ),
    fn(
      'concat_ws',
      ['text', 'any'],
      RET.text,
      (args, ctx, t) => {
        if (args[0] === null) return null;
        const parts: string[] = [];
        for (let i = 1; i < args.length; i++) {
          const v = anyToText(args[i]!, t[i]!, ctx);
          if (v !== null) parts.push(v);
        }
        return parts.join(s(args[0]));
      },
      { variadic: true, strict: false, volatility: 'stable' },
    ),
    fn(
      'format',
      ['text'],
      RET.text,
      ([f], ctx) => (f === null ? null : formatString(s(f), [], [], ctx)),
      { strict: false, volatility: 'stable' },
    ),
    fn(
      'format',
      ['text', 'any'],
      RET.text,
      (args, ctx, t) =>
        args[0] === null ? null : formatString(s(args[0]), args.slice(1), t.slice(1), ctx),
      { variadic: true, strict: false, volatility: 'stable' },
    ),
    text1('ascii', (x) => (x === '' ? 0 : x.codePointAt(0)!), RET.int4),
    fn('chr', ['int4'], RET.text, ([a]) => chr(n(a))),
    text1('md5', (x) => hashHex('md5', x)),
    fn('md5', ['bytea'], RET.text, ([a]) => hashHex('md5', bytes(a))),
    fn('sha224', ['bytea'], T.bytea, ([a]) => hashBytes('sha224', bytes(a))),
    fn('sha256', ['bytea'], T.bytea, ([a]) => hashBytes('sha256', bytes(a))),
    fn('sha384', ['bytea'], T.bytea, ([a]) => hashBytes('sha384', bytes(a))),
    fn('sha512', ['bytea'], T.bytea, ([a]) => hashBytes('sha512', bytes(a))),
    fn('encode', ['bytea', 'text'], RET.text, ([a, b]) => encodeBytes(bytes(a), s(b))),
    fn('decode', ['text', 'text'], T.bytea, ([a, b]) => decodeText(s(a), s(b))),
    fn('to_hex', ['int4'], RET.text, ([a]) => toHex(BigInt(n(a)), 32)),
    fn('to_hex', ['int8'], RET.text, ([a]) => toHex(a as bigint, 64)),
    fn('translate', ['text', 'text', 'text'], RET.text, ([a, b, c]) => translate(s(a), s(b), s(c))),
    fn('starts_with', ['text', 'text'], RET.bool, ([a, b]) => s(a).startsWith(s(b))),
    text1('quote_ident', quoteIdent),
    fn('parse_ident', ['text'], arrayOf(T.text), ([a]) => PgArray.of(parseIdent(s(a), true))),
    fn('parse_ident', ['text', 'bool'], arrayOf(T.text), ([a, b]) =>
      PgArray.of(parseIdent(s(a), b === true)),
    ),
    text1('quote_literal', quoteLiteral),
    fn(
      'quote_literal',
      ['anyelement'],
      RET.text,
      ([a], ctx, t) => quoteLiteral(anyToText(a!, t[0]!, ctx)!),
      { volatility: 'stable' },
    ),
    fn('quote_nullable', ['text'], RET.text, ([a]) => (a === null ? 'NULL' : quoteLiteral(s(a))), {
      strict: false,
    }),
    fn(
      'quote_nullable',
      ['anyelement'],
      RET.text,
      ([a], ctx, t) => (a === null ? 'NULL' : quoteLiteral(anyToText(a!, t[0]!, ctx)!)),
      { strict: false, volatility: 'stable' },
    ),
  ],
};
