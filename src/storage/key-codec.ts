// Key codec: an order-preserving ("memcomparable") encoding of key tuples, so that LMDB's
// bytewise key order equals compareDatum order column by column, NULLs last (as compareDatum
// and PostgreSQL's ASC order). Values equal under compareDatum get equal bytes (1.0 = 1.00,
// -0 = 0, NaN = NaN, '1 mon' = '30 days'), so a key can be looked up by any equal value.
//
// Every datum encoding is prefix-free (its own bytes tell where it ends), so a tuple is the
// concatenation of its columns, the encoding of a prefix tuple is a byte prefix of every longer
// tuple starting with it (range scans by key prefix), and a DESC column is simply the bitwise
// complement of its ASC bytes (which also puts its NULLs first, PostgreSQL's DESC default).
//
// Per datum: a type tag (NULL = 0xF0 sorts above every type), then:
//   bool       one byte 0/1
//   number     8 bytes: float64 big-endian, sign bit flipped (negatives: all bits flipped);
//              -0 is written as 0, every NaN as the canonical NaN (highest). Covers int2/int4,
//              float4/float8, date, time.
//   bigint     ordered big integer (see writeOrderedBigInt): int8, timestamps
//   numeric    class byte (-Inf, negative, zero, positive, +Inf, NaN), then for non-zero finite
//              values a decimal exponent and base-100 digit pairs (negatives complemented)
//   string     UTF-8 with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01 (code point order)
//   bytea      same escaping as strings
//   interval   ordered big integer of span() (months as 30 days)
//   jsonb      a json node in compareJson's order (see key-json.ts)
//   array      elements (0x01 + datum each, then 0x00), then dims (count, length, lower each)
//   record     fields as array elements
//
// Decoding (decodeKey) is exact except: numerics come back with the smallest scale that holds
// the value (1.50 → 1.5), intervals as Interval(0, 0, span), and every float as a number (it was
// one). Arrangements and tables keep the full row in the LMDB value, so nothing is lost there.
import { internalError, programLimitExceeded } from '../errors/index.js';
import {
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  type Datum,
  type Row,
} from '../repr/index.js';
import { ByteWriter } from './bytes.js';
import { KeyReader } from './key-reader.js';
import { readJsonKey, writeJsonKey } from './key-json.js';
import {
  readOrderedBigInt,
  readOrderedNumeric,
  writeOrderedBigInt,
  writeOrderedNumeric,
} from './key-ordered.js';
import { readEscaped, writeEscaped } from './key-escape.js';

const T_BOOL = 0x10;
const T_NUMBER = 0x20;
const T_BIGINT = 0x28;
const T_NUMERIC = 0x30;
const T_STRING = 0x40;
const T_BYTES = 0x48;
const T_INTERVAL = 0x50;
const T_JSONB = 0x60;
const T_ARRAY = 0x70;
const T_RECORD = 0x78;
const T_NULL = 0xf0;

/** Per-column sort direction; missing entries are ascending. */
export type KeyDirections = readonly boolean[];

const writer = new ByteWriter();

/**
 * Encodes a key tuple. `desc[i]` true makes column i sort descending (NULLs first). Throws
 * 54000 if the key is longer than LMDB allows (see MAX_KEY_BYTES).
 */
export function encodeKey(tuple: Row, desc?: KeyDirections): Buffer {
  const w = writer.reset();
  for (let i = 0; i < tuple.length; i++) {
    const start = w.pos;
    writeKeyDatum(w, tuple[i]!);
    if (desc?.[i] === true) {
      for (let j = start; j < w.pos; j++) w.buf[j] = ~w.buf[j]! & 0xff;
    }
  }
  if (w.pos > MAX_KEY_BYTES) {
    throw programLimitExceeded(
      `index row size ${w.pos} exceeds maximum ${MAX_KEY_BYTES} for index key`,
    );
  }
  return w.finish();
}

/** Decodes a key of `columns` columns (all of them if omitted); see the note on lossy types. */
export function decodeKey(bytes: Uint8Array, desc?: KeyDirections, columns?: number): Datum[] {
  const r = new KeyReader(bytes);
  const out: Datum[] = [];
  while (columns === undefined ? !r.done : out.length < columns) {
    r.mask = desc?.[out.length] === true ? 0xff : 0;
    out.push(readKeyDatum(r));
  }
  return out;
}

/** Largest key LMDB accepts with the store's 8 KiB pages. */
export const MAX_KEY_BYTES = 4026;

/**
 * The smallest byte string greater than every key starting with `prefix`: the exclusive end of
 * a prefix range scan. Null if there is none (the prefix is all 0xFF).
 */
export function prefixEnd(prefix: Uint8Array): Buffer | null {
  let n = prefix.length;
  while (n > 0 && prefix[n - 1] === 0xff) n--;
  if (n === 0) return null;
  const out = Buffer.from(prefix.subarray(0, n));
  out[n - 1]!++;
  return out;
}

export function writeKeyDatum(w: ByteWriter, d: Datum): void {
  if (d === null) return w.u8(T_NULL);
  switch (typeof d) {
    case 'boolean':
      w.u8(T_BOOL);
      return w.u8(d ? 1 : 0);
    case 'number':
      w.u8(T_NUMBER);
      return writeOrderedFloat(w, d);
    case 'bigint':
      w.u8(T_BIGINT);
      return writeOrderedBigInt(w, d);
    case 'string':
      w.u8(T_STRING);
      return writeEscaped(w, Buffer.from(d, 'utf8'));
    default:
      break;
  }
  if (d instanceof Numeric) {
    w.u8(T_NUMERIC);
    return writeOrderedNumeric(w, d);
  }
  if (d instanceof Uint8Array) {
    w.u8(T_BYTES);
    return writeEscaped(w, d);
  }
  if (d instanceof Interval) {
    w.u8(T_INTERVAL);
    return writeOrderedBigInt(w, d.span());
  }
  if (d instanceof Jsonb) {
    w.u8(T_JSONB);
    return writeJsonKey(w, d.value);
  }
  if (d instanceof PgArray) {
    w.u8(T_ARRAY);
    writeElements(w, d.elements);
    w.u8(d.dims.length);
    for (const dim of d.dims) {
      w.u32be((dim.length ^ 0x80000000) >>> 0);
      w.u32be((dim.lower ^ 0x80000000) >>> 0);
    }
    return;
  }
  if (d instanceof RecordDatum) {
    w.u8(T_RECORD);
    return writeElements(w, d.fields);
  }
  throw internalError(`storage: cannot encode key datum ${String(d)}`);
}

export function readKeyDatum(r: KeyReader): Datum {
  const tag = r.u8();
  switch (tag) {
    case T_NULL:
      return null;
    case T_BOOL:
      return r.u8() === 1;
    case T_NUMBER:
      return readOrderedFloat(r);
    case T_BIGINT:
      return readOrderedBigInt(r);
    case T_NUMERIC:
      return readOrderedNumeric(r);
    case T_STRING:
      return Buffer.from(readEscaped(r)).toString('utf8');
    case T_BYTES:
      return readEscaped(r);
    case T_INTERVAL:
      return new Interval(0, 0, readOrderedBigInt(r));
    case T_JSONB:
      return new Jsonb(readJsonKey(r));
    case T_ARRAY: {
      const elements = readElements(r);
      const ndims = r.u8();
      const dims: { length: number; lower: number }[] = [];
      for (let i = 0; i < ndims; i++) {
        const length = (r.u32be() ^ 0x80000000) | 0;
        dims.push({ length, lower: (r.u32be() ^ 0x80000000) | 0 });
      }
      return new PgArray(elements, dims);
    }
    case T_RECORD:
      return new RecordDatum(readElements(r));
    default:
      throw internalError(`storage: unknown key tag ${tag}`);
  }
}

function writeElements(w: ByteWriter, elements: readonly Datum[]): void {
  for (const e of elements) {
    w.u8(1);
    writeKeyDatum(w, e);
  }
  w.u8(0);
}

function readElements(r: KeyReader): Datum[] {
  const out: Datum[] = [];
  while (r.u8() === 1) out.push(readKeyDatum(r));
  return out;
}

const f64 = new DataView(new ArrayBuffer(8));

function writeOrderedFloat(w: ByteWriter, v: number): void {
  f64.setFloat64(0, v === 0 ? 0 : Number.isNaN(v) ? NaN : v);
  const neg = (f64.getUint8(0) & 0x80) !== 0;
  w.ensure(8);
  for (let i = 0; i < 8; i++) {
    const b = f64.getUint8(i);
    w.buf[w.pos++] = neg ? ~b & 0xff : i === 0 ? b ^ 0x80 : b;
  }
}

function readOrderedFloat(r: KeyReader): number {
  const first = r.u8();
  const neg = (first & 0x80) === 0;
  f64.setUint8(0, neg ? ~first & 0xff : first ^ 0x80);
  for (let i = 1; i < 8; i++) {
    const b = r.u8();
    f64.setUint8(i, neg ? ~b & 0xff : b);
  }
  return f64.getFloat64(0);
}
