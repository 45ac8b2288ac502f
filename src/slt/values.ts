// How sqllogictest turns result values into comparable strings, following the reference
// implementation (SQLite's sqllogictest, slt_sqlite.c and sqllogictest.c):
// - NULL is `NULL` in every column type;
// - T: the text, `(empty)` for the empty string, every byte outside ' '..'~' replaced by '@'
//   (so a 2-byte UTF-8 character becomes `@@`);
// - I: the value read as an integer the way sqlite3_column_int does: integers as they are,
//   non-integral numbers truncated toward zero (2.7 → 2, -2.7 → -2), a leading numeric prefix of
//   other text, else 0. Eddy's one extension: PostgreSQL booleans t/f read as 1/0 (SQLite has no
//   boolean type, its comparisons yield 1/0). Unlike the reference we do not wrap at 32 bits;
// - R: printf("%.3f") of the value as a double (nan, inf, -inf for the specials);
// - rowsort sorts rows by comparing their values left to right with strcmp, valuesort sorts all
//   values; the hash is the MD5 of every value followed by '\n'.
import { createHash } from 'node:crypto';
import type { ColumnType, SortMode } from './record.js';
import { assertNever } from '../repr/types.js';

const NUMERIC_PREFIX = /^\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?/;

export function normalizeValue(raw: string | null, type: ColumnType): string {
  if (raw === null) return 'NULL';
  switch (type) {
    case 'T':
      return raw === '' ? '(empty)' : printable(raw);
    case 'I':
      return asInteger(raw);
    case 'R':
      return asReal(raw);
    default:
      return assertNever(type);
  }
}

function printable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const b of bytes) out += b < 0x20 || b > 0x7e ? '@' : String.fromCharCode(b);
  return out;
}

function asInteger(raw: string): string {
  if (raw === 't' || raw === 'true') return '1';
  if (raw === 'f' || raw === 'false') return '0';
  const m = NUMERIC_PREFIX.exec(raw);
  if (m === null) return '0';
  const [, sign = '', digits = '', exponent] = m;
  if (exponent === undefined) {
    // Exact for integers and numerics of any size: drop the fraction, then leading zeros.
    const whole = (digits.split('.')[0] ?? '').replace(/^0+(?=\d)/, '') || '0';
    return whole === '0' || sign !== '-' ? whole : `-${whole}`;
  }
  const n = Math.trunc(Number(m[0]));
  return Number.isFinite(n) ? BigInt(n).toString() : '0';
}

function asReal(raw: string): string {
  const lower = raw.toLowerCase();
  let x: number;
  if (lower === 'nan') return 'nan';
  if (lower === 'infinity' || lower === '+infinity') return 'inf';
  if (lower === '-infinity') return '-inf';
  if (raw === 't' || raw === 'true') x = 1;
  else if (raw === 'f' || raw === 'false') x = 0;
  else {
    const m = NUMERIC_PREFIX.exec(raw);
    x = m === null ? 0 : Number(m[0]);
  }
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // SQLite's printf prints -0.0 as 0.000 and, like toFixed, rounds ties away from zero.
  return (x === 0 ? 0 : x).toFixed(3);
}

/** Normalizes a result: one array of strings per row. */
export function normalizeRows(
  rows: readonly (readonly (string | null)[])[],
  types: readonly ColumnType[],
): string[][] {
  return rows.map((row) => row.map((v, c) => normalizeValue(v, types[c] ?? 'T')));
}

const strcmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareRows(a: readonly string[], b: readonly string[]): number {
  for (let c = 0; c < Math.min(a.length, b.length); c++) {
    const d = strcmp(a[c] ?? '', b[c] ?? '');
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Applies a sort mode and flattens the rows into the value list that is compared and hashed. */
export function sortedValues(rows: readonly (readonly string[])[], sort: SortMode): string[] {
  switch (sort) {
    case 'nosort':
      return rows.flat();
    case 'rowsort':
      return [...rows].sort(compareRows).flat();
    case 'valuesort':
      return rows.flat().sort(strcmp);
    default:
      return assertNever(sort);
  }
}

/** MD5 over every value followed by a newline, as lowercase hex. */
export function hashValues(values: readonly string[]): string {
  const md5 = createHash('md5');
  for (const v of values) {
    md5.update(v, 'utf8');
    md5.update('\n');
  }
  return md5.digest('hex');
}
