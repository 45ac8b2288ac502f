// Datums: the runtime values of SQL types, and the two things every layer needs of them —
// PostgreSQL's ordering (compareDatum) and a hashable identity (datumKey/rowKey).
//
// Representation by type (chosen for exactness first, speed second):
//   NULL                  null
//   bool                  boolean
//   int2, int4, oid, reg* number (integer)
//   int8                  bigint (exact beyond 2^53)
//   float4, float8        number
//   numeric               Numeric (./numeric.ts)
//   text, varchar, bpchar, name, "char", uuid (canonical lower-case), unknown   string
//   bytea                 Uint8Array
//   date                  number: days since 1970-01-01 (±Infinity for ±infinity)
//   time                  number: microseconds since midnight
//   timestamp(tz)         bigint: microseconds since 1970-01-01 00:00 (UTC for timestamptz;
//                         wall-clock for timestamp); ±infinity are TS_NEG_INFINITY/TS_POS_INFINITY
//   interval              Interval
//   jsonb, json           Jsonb
//   arrays                PgArray
//   records (ROW(...))    RecordDatum
import { Numeric } from './numeric.js';

export class Interval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly micros: bigint,
  ) {}

  static readonly ZERO = new Interval(0, 0, 0n);

  /** The span PostgreSQL compares by: a month is 30 days, a day 24 hours. */
  span(): bigint {
    return (BigInt(this.months) * 30n + BigInt(this.days)) * 86_400_000_000n + this.micros;
  }
}

export type JsonNode = null | boolean | string | Numeric | JsonNode[] | JsonObject;
/** A JSON object; jsonb keeps keys unique and sorted (shorter first, then bytewise). */
export type JsonObject = Map<string, JsonNode>;

export class Jsonb {
  constructor(readonly value: JsonNode) {}
}

/** A json (not jsonb) value with the text it was written as, which is how it prints. */
export class JsonText extends Jsonb {
  constructor(
    value: JsonNode,
    readonly text: string,
  ) {
    super(value);
  }
}

export class PgArray {
  constructor(
    /** Elements in row-major order. */
    readonly elements: readonly Datum[],
    /** One entry per dimension; empty for an empty array. */
    readonly dims: readonly { readonly length: number; readonly lower: number }[],
  ) {}

  static of(elements: readonly Datum[]): PgArray {
    return new PgArray(
      elements,
      elements.length === 0 ? [] : [{ length: elements.length, lower: 1 }],
    );
  }
}

export class RecordDatum {
  constructor(readonly fields: readonly Datum[]) {}
}

export type Datum =
  | null
  | boolean
  | number
  | bigint
  | string
  | Numeric
  | Uint8Array
  | Interval
  | Jsonb
  | PgArray
  | RecordDatum;

export const TS_NEG_INFINITY = -(2n ** 63n);
export const TS_POS_INFINITY = 2n ** 63n - 1n;

/**
 * PostgreSQL's ordering of two non-null datums of the same type (NaN sorts above every float,
 * -0 equals 0). NULLs are ordered here as larger than everything (PostgreSQL's default ASC
 * NULLS LAST); callers that need NULLS FIRST handle null themselves.
 */
export function compareDatum(a: Datum, b: Datum): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  switch (typeof a) {
    case 'number': {
      const y = b as number;
      if (a < y) return -1;
      if (a > y) return 1;
      if (a === y) return 0;
      const an = Number.isNaN(a);
      const bn = Number.isNaN(y);
      return an === bn ? 0 : an ? 1 : -1;
    }
    case 'bigint':
      return a < (b as bigint) ? -1 : a > (b as bigint) ? 1 : 0;
    case 'string':
      return compareText(a, b as string);
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    default:
      break;
  }
  if (a instanceof Numeric) return a.compare(b as Numeric);
  if (a instanceof Uint8Array) return compareBytes(a, b as Uint8Array);
  if (a instanceof Interval) {
    const x = a.span();
    const y = (b as Interval).span();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Jsonb) return compareJson(a.value, (b as Jsonb).value);
  if (a instanceof PgArray) return compareArrays(a, b as PgArray);
  if (a instanceof RecordDatum) return compareRows(a.fields, (b as RecordDatum).fields);
  throw new Error(`compareDatum: unsupported datum ${String(a)}`);
}

/** Text ordering: Eddy uses the "C" collation (code point order), like PostgreSQL with C locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code unit order differs from code point order only for surrogates vs U+E000..U+FFFF.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Row-wise comparison, element by element, NULLs last. */
export function compareRows(a: readonly Datum[], b: readonly Datum[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDatum(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareArrays(a: PgArray, b: PgArray): number {
  const c = compareRows(a.elements, b.elements);
  if (c !== 0) return c;
  if (a.dims.length !== b.dims.length) return a.dims.length - b.dims.length;
  for (let i = 0; i < a.dims.length; i++) {
    const x = a.dims[i]!;
    const y = b.dims[i]!;
    if (x.length !== y.length) return x.length - y.length;
    if (x.lower !== y.lower) return x.lower - y.lower;
  }
  return 0;
}

/** jsonb ordering: Object > Array > Boolean > Number > String > Null. */
function jsonRank(v: JsonNode): number {
  if (v === null) return 0;
  if (typeof v === 'string') return 1;
  if (v instanceof Numeric) return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

export function compareJson(a: JsonNode, b: JsonNode): number {
  const ra = jsonRank(a);
  const rb = jsonRank(b);
  if (ra !== rb) {
    // PostgreSQL quirk: an empty top-level array sorts below null.
    return ra - rb;
  }
  if (a === null) return 0;
  if (typeof a === 'string') return compareJsonString(a, b as string);
  if (a instanceof Numeric) return a.compare(b as Numeric);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const y = b as JsonNode[];
    if (a.length !== y.length) return a.length - y.length;
    for (let i = 0; i < a.length; i++) {
      const c = compareJson(a[i]!, y[i]!);
      if (c !== 0) return c;
    }
    return 0;
  }
  const x = a as JsonObject;
  const y = b as JsonObject;
  if (x.size !== y.size) return x.size - y.size;
  const xe = [...x.entries()];
  const ye = [...y.entries()];
  for (let i = 0; i < xe.length; i++) {
    const c = compareJsonString(xe[i]![0], ye[i]![0]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < xe.length; i++) {
    const c = compareJson(xe[i]![1], ye[i]![1]);
    if (c !== 0) return c;
  }
  return 0;
}

/** jsonb key order: shorter keys first, then bytewise. */
export function compareJsonString(a: string, b: string): number {
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  return compareText(a, b);
}

/**
 * A string that is equal for two datums exactly when PostgreSQL's equality says they are equal
 * (1.0 = 1.00 numerics, '1 mon' = '30 days' intervals, -0 = 0, NaN = NaN), used for grouping,
 * joins, DISTINCT and consolidation. Type-tagged so values of different types never collide.
 */
export function datumKey(d: Datum): string {
  if (d === null) return 'N';
  switch (typeof d) {
    case 'number':
      return d === 0 ? 'f0' : `f${d}`;
    case 'bigint':
      return `i${d}`;
    case 'string':
      return `s${d.length}:${d}`;
    case 'boolean':
      return d ? 'T' : 'F';
    default:
      break;
  }
  if (d instanceof Numeric) return `d${d.key()}`;
  if (d instanceof Uint8Array) return `b${Buffer.from(d).toString('base64')}`;
  if (d instanceof Interval) return `v${d.span()}`;
  if (d instanceof Jsonb) return `j${jsonKey(d.value)}`;
  if (d instanceof PgArray) {
    const dims = d.dims.map((x) => `${x.length}@${x.lower}`).join(',');
    return `a[${dims}]${rowKey(d.elements)}`;
  }
  if (d instanceof RecordDatum) return `r${rowKey(d.fields)}`;
  throw new Error(`datumKey: unsupported datum ${String(d)}`);
}

/**
 * A string equal for two datums exactly when they are the same value shown the same way: unlike
 * datumKey, 1.5 and 1.50, '1 day' and '24 hours', 0 and -0 differ. The identity of a row in a
 * multiset (consolidation, stored view contents), where PostgreSQL keeps each row as it is.
 */
export function exactDatumKey(d: Datum): string {
  if (typeof d === 'number') return Object.is(d, -0) ? 'f-0' : `f${d}`;
  if (d instanceof Numeric) return `d${d.special ?? `${d.coef}e${d.scale}`}`;
  if (d instanceof Interval) return `v${d.months},${d.days},${d.micros}`;
  if (d instanceof JsonText) return `J${d.text.length}:${d.text}`;
  if (d instanceof Jsonb) return `j${jsonKey(d.value, true)}`;
  if (d instanceof PgArray) {
    const dims = d.dims.map((x) => `${x.length}@${x.lower}`).join(',');
    return `a[${dims}]${exactRowKey(d.elements)}`;
  }
  if (d instanceof RecordDatum) return `r${exactRowKey(d.fields)}`;
  return datumKey(d);
}

/** Whether two rows have the same exact identity (exactRowKey equal), without building keys. */
export function sameExactRow(a: readonly Datum[], b: readonly Datum[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'number' && typeof y === 'number') {
      // Object.is: NaN is NaN, 0 is not -0 (as exactDatumKey).
      if (!Object.is(x, y)) return false;
    } else if (x !== y) {
      if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
      if (exactDatumKey(x) !== exactDatumKey(y)) return false;
    }
  }
  return true;
}

/** Exact identity of a row (see exactDatumKey). */
export function exactRowKey(row: readonly Datum[]): string {
  let out = '';
  for (let i = 0; i < row.length; i++) out += `${exactDatumKey(row[i]!)}\u0000`;
  return out;
}

function jsonKey(v: JsonNode, exact = false): string {
  if (v === null) return 'n';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Numeric)
    return exact ? `d${v.special ?? `${v.coef}e${v.scale}`};` : `d${v.key()};`;
  if (Array.isArray(v)) return `[${v.map((x) => jsonKey(x, exact)).join('')}]`;
  let out = '{';
  for (const [k, x] of v) out += `${k.length}:${k}${jsonKey(x, exact)}`;
  return `${out}}`;
}

/** Hashable identity of a row (see datumKey). */
export function rowKey(row: readonly Datum[]): string {
  let out = '';
  for (let i = 0; i < row.length; i++) out += `${datumKey(row[i]!)}\u0000`;
  return out;
}
