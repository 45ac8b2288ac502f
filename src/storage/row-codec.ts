// Row codec: a compact, exact binary encoding of rows (readonly Datum[]) for LMDB values.
//
// Self-describing: every datum starts with a tag byte, so decoding needs no schema. Exactness
// first: integers and floats are distinguished (so -0, NaN, ±Infinity survive), numerics keep
// their display scale, intervals their months/days/micros split, jsonb its object key order and
// numeric numbers. Layout of a row: uvarint column count, then the datums.
//
// Per datum (after the tag):
//   INT      zigzag varint (integers with |v| <= 2^48, not -0)
//   F64      8 bytes little-endian (every other number)
//   BIG_POS / BIG_NEG   uvarint of the magnitude
//   STR      uvarint byte length + UTF-8
//   NUM      uvarint scale + sign byte + uvarint |coef|;  NUM_NAN / NUM_PINF / NUM_NINF: nothing
//   BYTES    uvarint length + bytes
//   INTERVAL zigzag months, zigzag days, sign byte + uvarint |micros|
//   JSONB    a json node (J_* tags below)
//   JSON_TEXT  uvarint byte length + UTF-8: a json value kept as its text (JsonText)
//   ARRAY    uvarint ndims, per dim uvarint length + zigzag lower, uvarint count, datums
//   RECORD   uvarint count, datums
// Strings must be well-formed UTF-16 (lone surrogates cannot be stored; PostgreSQL text can't
// hold them either).
import { internalError } from '../errors/index.js';
import {
  Interval,
  Jsonb,
  JsonText,
  Numeric,
  PgArray,
  RecordDatum,
  type Datum,
  type JsonNode,
  type JsonObject,
  type Row,
} from '../repr/index.js';
import { parseJson } from '../repr/io/json.js';
import { ByteReader, ByteWriter } from './bytes.js';

const Tag = {
  NULL: 0,
  FALSE: 1,
  TRUE: 2,
  INT: 3,
  F64: 4,
  BIG_POS: 5,
  BIG_NEG: 6,
  STR: 7,
  NUM: 8,
  NUM_NAN: 9,
  NUM_PINF: 10,
  NUM_NINF: 11,
  BYTES: 12,
  INTERVAL: 13,
  JSONB: 14,
  ARRAY: 15,
  RECORD: 16,
  JSON_TEXT: 17,
} as const;

const J = {
  NULL: 0,
  FALSE: 1,
  TRUE: 2,
  STR: 3,
  NUM: 4,
  ARR: 5,
  OBJ: 6,
} as const;

const MAX_VARINT_INT = 2 ** 48;
const writer = new ByteWriter();

/** Encodes a row into a fresh buffer. */
export function encodeRow(row: Row): Buffer {
  return writeRow(row).finish();
}

/**
 * Encodes a row as a value for a synchronous LMDB put (ByteWriter.lmdbValue): valid only until
 * the next encoding, and only as an lmdb-js value (saves a buffer and a copy per row written).
 */
export function encodeRowForPut(row: Row): Buffer {
  return writeRow(row).lmdbValue();
}

function writeRow(row: Row): ByteWriter {
  const w = writer.reset();
  w.uvarint(row.length);
  for (let i = 0; i < row.length; i++) writeDatum(w, row[i]!);
  return w;
}

/** Decodes a row written by encodeRow. The result shares no memory with `bytes`. */
export function decodeRow(bytes: Uint8Array): Datum[] {
  const r = new ByteReader(bytes);
  const n = r.uvarint();
  const out: Datum[] = new Array<Datum>(n);
  for (let i = 0; i < n; i++) out[i] = readDatum(r);
  if (!r.done) throw internalError('storage: trailing bytes after row');
  return out;
}

/** Encodes one datum (same format as a one-column row's datum). */
export function encodeDatum(d: Datum): Buffer {
  const w = writer.reset();
  writeDatum(w, d);
  return w.finish();
}

export function decodeDatum(bytes: Uint8Array): Datum {
  const r = new ByteReader(bytes);
  const d = readDatum(r);
  if (!r.done) throw internalError('storage: trailing bytes after datum');
  return d;
}

function writeDatum(w: ByteWriter, d: Datum): void {
  if (d === null) return w.u8(Tag.NULL);
  switch (typeof d) {
    case 'boolean':
      return w.u8(d ? Tag.TRUE : Tag.FALSE);
    case 'number':
      if (Number.isInteger(d) && Math.abs(d) <= MAX_VARINT_INT && !Object.is(d, -0)) {
        w.u8(Tag.INT);
        return w.svarint(d);
      }
      w.u8(Tag.F64);
      return w.f64(d);
    case 'bigint':
      w.u8(d < 0n ? Tag.BIG_NEG : Tag.BIG_POS);
      return writeMagnitude(w, d < 0n ? -d : d);
    case 'string':
      w.u8(Tag.STR);
      return writeString(w, d);
    default:
      break;
  }
  if (d instanceof Numeric)
    return writeNumeric(w, d, Tag.NUM, Tag.NUM_NAN, Tag.NUM_PINF, Tag.NUM_NINF);
  if (d instanceof Uint8Array) {
    w.u8(Tag.BYTES);
    w.uvarint(d.length);
    return w.bytes(d);
  }
  if (d instanceof Interval) {
    w.u8(Tag.INTERVAL);
    w.svarint(d.months);
    w.svarint(d.days);
    return writeSignedBig(w, d.micros);
  }
  if (d instanceof JsonText) {
    w.u8(Tag.JSON_TEXT);
    return writeString(w, d.text);
  }
  if (d instanceof Jsonb) {
    w.u8(Tag.JSONB);
    return writeJson(w, d.value);
  }
  if (d instanceof PgArray) {
    w.u8(Tag.ARRAY);
    w.uvarint(d.dims.length);
    for (const dim of d.dims) {
      w.uvarint(dim.length);
      w.svarint(dim.lower);
    }
    w.uvarint(d.elements.length);
    for (const e of d.elements) writeDatum(w, e);
    return;
  }
  if (d instanceof RecordDatum) {
    w.u8(Tag.RECORD);
    w.uvarint(d.fields.length);
    for (const f of d.fields) writeDatum(w, f);
    return;
  }
  throw internalError(`storage: cannot encode datum ${String(d)}`);
}

function readDatum(r: ByteReader): Datum {
  const tag = r.u8();
  switch (tag) {
    case Tag.NULL:
      return null;
    case Tag.FALSE:
      return false;
    case Tag.TRUE:
      return true;
    case Tag.INT:
      return r.svarint();
    case Tag.F64:
      return r.f64();
    case Tag.BIG_POS:
      return r.ubigvarint();
    case Tag.BIG_NEG:
      return -r.ubigvarint();
    case Tag.STR:
      return r.utf8(r.uvarint());
    case Tag.NUM:
      return readFiniteNumeric(r);
    case Tag.NUM_NAN:
      return Numeric.NaN;
    case Tag.NUM_PINF:
      return Numeric.Infinity;
    case Tag.NUM_NINF:
      return Numeric.NegInfinity;
    case Tag.BYTES:
      return r.bytes(r.uvarint());
    case Tag.INTERVAL: {
      const months = r.svarint();
      const days = r.svarint();
      return new Interval(months, days, readSignedBig(r));
    }
    case Tag.JSONB:
      return new Jsonb(readJson(r));
    case Tag.JSON_TEXT:
      return parseJson(r.utf8(r.uvarint()), false);
    case Tag.ARRAY: {
      const ndims = r.uvarint();
      const dims: { length: number; lower: number }[] = [];
      for (let i = 0; i < ndims; i++) {
        const length = r.uvarint();
        dims.push({ length, lower: r.svarint() });
      }
      const n = r.uvarint();
      const elements: Datum[] = new Array<Datum>(n);
      for (let i = 0; i < n; i++) elements[i] = readDatum(r);
      return new PgArray(elements, dims);
    }
    case Tag.RECORD: {
      const n = r.uvarint();
      const fields: Datum[] = new Array<Datum>(n);
      for (let i = 0; i < n; i++) fields[i] = readDatum(r);
      return new RecordDatum(fields);
    }
    default:
      throw internalError(`storage: unknown datum tag ${tag}`);
  }
}

function writeString(w: ByteWriter, s: string): void {
  // Reserve the worst-case length prefix, write the bytes, then move them if the prefix was shorter.
  if (s.length < 43) {
    // At most 126 UTF-8 bytes: a one-byte prefix always fits.
    const at = w.pos;
    w.u8(0);
    const n = w.utf8(s);
    w.buf[at] = n;
    return;
  }
  const n = Buffer.byteLength(s, 'utf8');
  w.uvarint(n);
  w.utf8(s);
}

function writeMagnitude(w: ByteWriter, m: bigint): void {
  if (m <= BigInt(Number.MAX_SAFE_INTEGER)) w.uvarint(Number(m));
  else w.ubigvarint(m);
}

function writeSignedBig(w: ByteWriter, v: bigint): void {
  w.u8(v < 0n ? 1 : 0);
  writeMagnitude(w, v < 0n ? -v : v);
}

function readSignedBig(r: ByteReader): bigint {
  const neg = r.u8() === 1;
  const m = r.ubigvarint();
  return neg ? -m : m;
}

function writeNumeric(
  w: ByteWriter,
  n: Numeric,
  finite: number,
  nan: number,
  pinf: number,
  ninf: number,
): void {
  switch (n.special) {
    case 'NaN':
      return w.u8(nan);
    case 'Infinity':
      return w.u8(pinf);
    case '-Infinity':
      return w.u8(ninf);
    case null:
      w.u8(finite);
      w.uvarint(n.scale);
      return writeSignedBig(w, n.coef);
  }
}

function readFiniteNumeric(r: ByteReader): Numeric {
  const scale = r.uvarint();
  return Numeric.of(readSignedBig(r), scale);
}

function writeJson(w: ByteWriter, v: JsonNode): void {
  if (v === null) return w.u8(J.NULL);
  if (typeof v === 'boolean') return w.u8(v ? J.TRUE : J.FALSE);
  if (typeof v === 'string') {
    w.u8(J.STR);
    return writeString(w, v);
  }
  if (v instanceof Numeric) {
    if (!v.isFinite()) throw internalError('storage: jsonb number must be finite');
    return writeNumeric(w, v, J.NUM, J.NUM, J.NUM, J.NUM);
  }
  if (Array.isArray(v)) {
    w.u8(J.ARR);
    w.uvarint(v.length);
    for (const x of v) writeJson(w, x);
    return;
  }
  w.u8(J.OBJ);
  w.uvarint(v.size);
  for (const [k, x] of v) {
    writeString(w, k);
    writeJson(w, x);
  }
}

function readJson(r: ByteReader): JsonNode {
  const tag = r.u8();
  switch (tag) {
    case J.NULL:
      return null;
    case J.FALSE:
      return false;
    case J.TRUE:
      return true;
    case J.STR:
      return r.utf8(r.uvarint());
    case J.NUM:
      return readFiniteNumeric(r);
    case J.ARR: {
      const n = r.uvarint();
      const out: JsonNode[] = new Array<JsonNode>(n);
      for (let i = 0; i < n; i++) out[i] = readJson(r);
      return out;
    }
    case J.OBJ: {
      const n = r.uvarint();
      const out: JsonObject = new Map();
      for (let i = 0; i < n; i++) {
        const k = r.utf8(r.uvarint());
        out.set(k, readJson(r));
      }
      return out;
    }
    default:
      throw internalError(`storage: unknown jsonb tag ${tag}`);
  }
}
