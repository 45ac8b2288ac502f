// Text I/O of bool, integers, oids, floats and numeric, as PostgreSQL's boolin, int4in (PG16:
// underscores, 0x/0o/0b prefixes), float8in/float8out (shortest round-trip output when
// extra_float_digits > 0) and numeric_in/out.
import { invalidTextRepresentation, numericValueOutOfRange } from '../../errors/index.js';
import { Numeric } from '../numeric.js';
import { significand } from '../float-bits.js';

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

/**
 * Shortest digits and decimal exponent of a finite nonzero float, as PostgreSQL's Ryu output: the
 * shortest decimal that reads back as x and lies strictly inside x's rounding interval. (A
 * decimal exactly halfway to the neighbouring float reads back as x too when x's significand is
 * even, and JavaScript's shortest output takes it — 1e+23 — but PostgreSQL does not:
 * 9.999999999999999e+22.)
 */
function shortest(x: number, float4: boolean): { digits: string; exp: number } {
  const maxDigits = float4 ? 9 : 17;
  // For a double, JavaScript's shortest round-trip digits are where the search starts.
  let t = float4 ? x.toExponential(0) : x.toExponential();
  let p = float4 ? 1 : t.indexOf('e') - (t.includes('.') ? 1 : 0) - (x < 0 ? 1 : 0);
  for (;;) {
    // A double's digits read back as x from JavaScript's shortest on (more digits, correctly
    // rounded, are no farther); a float4's are checked.
    if (!float4 || Math.fround(Number(t)) === x || p >= maxDigits) {
      const e = t.indexOf('e');
      let digits = t.slice(0, e).replace('-', '').replace('.', '');
      const exp = Number(t.slice(e + 1));
      // toExponential rounds a tie up, Ryu to even (both read back alike: they are as near).
      if (float4 && isOdd(digits) && halfwayBelow(Math.abs(x), p, digits, exp)) {
        digits = String(BigInt(digits) - 1n);
      }
      if (p >= maxDigits || !onRoundingBoundary(Math.abs(x), digits, exp, float4))
        return { digits, exp };
    }
    p++;
    t = x.toExponential(p - 1);
  }
}

const isOdd = (digits: string): boolean => (digits.charCodeAt(digits.length - 1) & 1) === 1;

/** Whether x is exactly (digits - 1/2) × 10^(exp - p + 1): a tie toExponential(p - 1) rounded up. */
function halfwayBelow(x: number, p: number, digits: string, exp: number): boolean {
  // Its exact value would be p + 1 digits ending in 5.
  if (!/50*e/.test(x.toExponential(p + 2))) return false;
  return exactlyEquals(x, 2n * BigInt(digits) - 1n, exp - p + 1, 1);
}

/**
 * Whether the decimal digits × 10^(exp - digits + 1) is exactly halfway between the positive
 * float x (a float4 value if float4) and a neighbouring float.
 */
function onRoundingBoundary(x: number, digits: string, exp: number, float4: boolean): boolean {
  const f = exp - digits.length + 1; // the value is D × 10^f
  // Halfway points are dyadic (k / 2^n): a decimal with 10^-n in it only if D has 5^n in it
  // (its last digit is 5: shortest digits never end in 0), and an integer only if the floats
  // there are 2 or more apart.
  if (f < 0 ? !digits.endsWith('5') : x < (float4 ? 16777216 : 9007199254740992)) return false;
  const { m, e } = significand(x, float4);
  // Boundaries: (2m ± 1) × 2^(e-1); below a power of two the floats are twice as close.
  const powerOfTwo = m === 1n << BigInt(float4 ? 23 : 52) && e > (float4 ? -149 : -1074);
  const candidates: [bigint, number][] = [
    [2n * m + 1n, e - 1],
    powerOfTwo ? [4n * m - 1n, e - 2] : [2n * m - 1n, e - 1],
  ];
  const d = BigInt(digits);
  return candidates.some(([n, b]) => dyadicEquals(d, f, n, b));
}

/** Whether D × 10^f = n × 2^b. */
function dyadicEquals(d: bigint, f: number, n: bigint, b: number): boolean {
  // both sides scaled to integers
  const lo2 = Math.min(b, f, 0);
  const lo5 = Math.min(f, 0);
  return (
    d * 2n ** BigInt(f - lo2) * 5n ** BigInt(f - lo5) ===
    n * 2n ** BigInt(b - lo2) * 5n ** BigInt(-lo5)
  );
}

/** Whether the positive float x equals d × 10^f / 2^halves. */
function exactlyEquals(x: number, d: bigint, f: number, halves: number): boolean {
  const { m, e } = significand(x);
  return dyadicEquals(d, f, m, e + halves);
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
