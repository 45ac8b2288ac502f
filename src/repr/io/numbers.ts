// Text I/O of bool, integers, oids, floats and numeric, as PostgreSQL's boolin, int4in (PG16:
// underscores, 0x/0o/0b prefixes), float8in/float8out (shortest round-trip output when
// extra_float_digits > 0) and numeric_in/out.
import { invalidTextRepresentation, numericValueOutOfRange } from '../../errors/index.js';
import { Numeric } from '../numeric.js';

const BOOL_WORDS: readonly [string, boolean, number][] = [
  ['true', true, 1],
  ['false', false, 1],
  ['yes', true, 1],
  ['no', false, 1],
  ['on', true, 2],
  ['off', false, 2],
];

export function parseBool(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === '1') return true;
  if (s === '0') return false;
  if (s.length > 0) {
    for (const [word, value, min] of BOOL_WORDS) {
      if (s.length >= min && word.startsWith(s)) return value;
    }
  }
  throw invalidTextRepresentation(`invalid input syntax for type boolean: "${text}"`);
}

export function formatBool(b: boolean): string {
  return b ? 't' : 'f';
}

const INT_RE =
  /^[ \t\n\r\f\v]*([+-]?)(?:0[xX]((?:_?[0-9a-fA-F])+)|0[oO]((?:_?[0-7])+)|0[bB]((?:_?[01])+)|(\d+(?:_\d+)*))[ \t\n\r\f\v]*$/;

/** Parses PostgreSQL 16 integer input as a bigint; undefined when malformed. */
function parseIntText(text: string): bigint | undefined {
  const m = INT_RE.exec(text);
  if (m === null) return undefined;
  let v: bigint;
  if (m[2] !== undefined) v = BigInt(`0x${m[2].replaceAll('_', '')}`);
  else if (m[3] !== undefined) v = BigInt(`0o${m[3].replaceAll('_', '')}`);
  else if (m[4] !== undefined) v = BigInt(`0b${m[4].replaceAll('_', '')}`);
  else v = BigInt(m[5]!.replaceAll('_', ''));
  return m[1] === '-' ? -v : v;
}

/**
 * The common shape of integer input, read without a regular expression: an optional sign and
 * 1 to 15 decimal digits (exact as a double). undefined for anything else (spaces, underscores,
 * prefixes, more digits, malformed), which parseIntText then reads.
 */
function plainDecimal(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 16) return undefined;
  const c0 = text.charCodeAt(0);
  const signed = c0 === 45 || c0 === 43; // '-' or '+'
  if (n === (signed ? 1 : 16)) return undefined;
  let v = 0;
  for (let i = signed ? 1 : 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  // 0 - v: "-0" is 0, not -0.
  return c0 === 45 ? 0 - v : v;
}

/** smallint / integer input as a number (int2in, int4in). */
export function parseInt32(text: string, typeName: 'smallint' | 'integer'): number {
  const v = plainDecimal(text);
  if (v === undefined) return Number(parseInteger(text, typeName));
  const [lo, hi] = INT_NUMBER_LIMITS[typeName];
  if (v < lo || v > hi)
    throw numericValueOutOfRange(`value "${text}" is out of range for type ${typeName}`);
  return v;
}

const INT_NUMBER_LIMITS = {
  smallint: [-(2 ** 15), 2 ** 15 - 1],
  integer: [-(2 ** 31), 2 ** 31 - 1],
} as const;

const INT_LIMITS = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

export function parseInteger(text: string, typeName: 'smallint' | 'integer' | 'bigint'): bigint {
  const plain = plainDecimal(text);
  const v = plain === undefined ? parseIntText(text) : BigInt(plain);
  if (v === undefined)
    throw invalidTextRepresentation(`invalid input syntax for type ${typeName}: "${text}"`);
  const [lo, hi] = INT_LIMITS[typeName];
  if (v < lo || v > hi)
    throw numericValueOutOfRange(`value "${text}" is out of range for type ${typeName}`);
  return v;
}

/** oidin: unsigned 32-bit, negative values wrap as in C. */
export function parseOid(text: string): number {
  const v = parseIntText(text);
  if (v === undefined)
    throw invalidTextRepresentation(`invalid input syntax for type oid: "${text}"`);
  if (v < -(2n ** 31n) || v > 2n ** 32n - 1n)
    throw numericValueOutOfRange(`value "${text}" is out of range for type oid`);
  return Number(v < 0n ? v + 2n ** 32n : v);
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseFloat8(text: string, float4 = false): number {
  const typeName = float4 ? 'real' : 'double precision';
  const s = text.trim();
  const lower = s.toLowerCase();
  let v: number;
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') v = NaN;
  else if (/^\+?(inf|infinity)$/.test(lower)) v = Infinity;
  else if (/^-(inf|infinity)$/.test(lower)) v = -Infinity;
  else if (FLOAT_RE.test(s)) {
    v = Number(s);
    const out = `"${text}" is out of range for type ${typeName}`;
    if (!Number.isFinite(v)) throw numericValueOutOfRange(out);
    if (float4) {
      const f = Math.fround(v);
      if (!Number.isFinite(f) || (f === 0 && v !== 0 && !/^[+-]?[0.]*(e|$)/i.test(s)))
        throw numericValueOutOfRange(out);
      return f;
    }
    if (v === 0 && !/^[+-]?[0.]*(e|$)/i.test(s)) throw numericValueOutOfRange(out);
  } else {
    throw invalidTextRepresentation(`invalid input syntax for type ${typeName}: "${text}"`);
  }
  return float4 ? Math.fround(v) : v;
}

/** Shortest digits and decimal exponent of a finite nonzero float. */
function shortest(x: number, float4: boolean): { digits: string; exp: number } {
  let s: string;
  if (float4) {
    s = x.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const t = x.toExponential(p);
      if (Math.fround(Number(t)) === x) {
        s = t;
        break;
      }
    }
  } else {
    s = x.toExponential();
  }
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('-', '').replace('.', ''), exp: Number(s.slice(e + 1)) };
}

function expText(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** C's printf("%.*g") for a finite number. */
function printfG(x: number, precision: number): string {
  const p = Math.max(1, precision);
  const s = x.toExponential(p - 1);
  const e = Number(s.slice(s.indexOf('e') + 1));
  if (e < -4 || e >= p) {
    let mant = s.slice(0, s.indexOf('e'));
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    return mant + expText(e);
  }
  let f = x.toFixed(Math.max(0, p - 1 - e));
  if (f.includes('.')) f = f.replace(/0+$/, '').replace(/\.$/, '');
  return f;
}

export function formatFloat(x: number, float4: boolean, extraFloatDigits = 1): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (extraFloatDigits <= 0) return printfG(x, (float4 ? 6 : 15) + extraFloatDigits);
  const { digits, exp } = shortest(x, float4);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= (float4 ? 6 : 15)) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mant + expText(exp);
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

export function parseNumeric(text: string): Numeric {
  const n = Numeric.parse(text);
  if (n === null)
    throw invalidTextRepresentation(`invalid input syntax for type numeric: "${text}"`);
  return n;
}
