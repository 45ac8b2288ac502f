// PostgreSQL binary send/recv formats for every SqlType (what a client gets with result format
// 1 and sends with parameter format 1): big-endian integers and floats, numeric in base 10000,
// dates/timestamps relative to 2000-01-01, interval as µs + days + months, jsonb as version 1 +
// text, arrays with ndim/hasnull/element oid/dimensions, records with per-field oids.
import { featureNotSupported, invalidBinaryRepresentation } from '../../errors/index.js';
import { PG_EPOCH_DAYS, PG_EPOCH_USECS } from '../datetime/calendar.js';
import {
  type Datum,
  Interval,
  type Jsonb,
  PgArray,
  RecordDatum,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
} from '../datum.js';
import type { Numeric } from '../numeric.js';
import { typeFromOid, typeOid } from '../pgtypes.js';
import { assertNever, type ScalarType, type SqlType } from '../types.js';
import { decodeNumeric, encodeNumeric } from './binary-numeric.js';
import { formatJson, formatJsonValue, parseJson } from './json.js';
import { canonicalUuid } from './strings.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bad(): never {
  throw invalidBinaryRepresentation('incorrect binary data format');
}

function view(buf: Uint8Array, len: number): DataView {
  if (buf.length !== len) bad();
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function fixed(len: number, fill: (v: DataView) => void): Uint8Array {
  const v = new DataView(new ArrayBuffer(len));
  fill(v);
  return new Uint8Array(v.buffer);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function decodeUtf8(buf: Uint8Array): string {
  try {
    return utf8.decode(buf);
  } catch {
    throw invalidBinaryRepresentation('invalid byte sequence for encoding "UTF8"');
  }
}

function encodeScalar(d: Datum, t: ScalarType): Uint8Array {
  switch (t.name) {
    case 'bool':
      return Uint8Array.of(d ? 1 : 0);
    case 'int2':
      return fixed(2, (v) => v.setInt16(0, d as number));
    case 'int4':
      return fixed(4, (v) => v.setInt32(0, d as number));
    case 'int8':
      return fixed(8, (v) => v.setBigInt64(0, d as bigint));
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'regrole':
    case 'xid':
    case 'cid':
      return fixed(4, (v) => v.setUint32(0, d as number));
    case 'float4':
      return fixed(4, (v) => v.setFloat32(0, d as number));
    case 'float8':
      return fixed(8, (v) => v.setFloat64(0, d as number));
    case 'numeric':
      return encodeNumeric(d as Numeric);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
    case 'pg_node_tree':
      return utf8Encoder.encode(d as string);
    case 'char':
      return Buffer.from(d as string, 'latin1').subarray(0, 1);
    case 'bytea':
      return d as Uint8Array;
    case 'uuid':
      return Uint8Array.from(Buffer.from((d as string).replaceAll('-', ''), 'hex'));
    case 'date': {
      const days = d as number;
      const v =
        days === Infinity ? INT32_MAX : days === -Infinity ? INT32_MIN : days - PG_EPOCH_DAYS;
      return fixed(4, (x) => x.setInt32(0, v));
    }
    case 'time':
      return fixed(8, (v) => v.setBigInt64(0, BigInt(d as number)));
    case 'timestamp':
    case 'timestamptz': {
      const ts = d as bigint;
      const v =
        ts === TS_POS_INFINITY
          ? INT64_MAX
          : ts === TS_NEG_INFINITY
            ? INT64_MIN
            : ts - PG_EPOCH_USECS;
      return fixed(8, (x) => x.setBigInt64(0, v));
    }
    case 'interval': {
      const iv = d as Interval;
      return fixed(16, (v) => {
        v.setBigInt64(0, iv.micros);
        v.setInt32(8, iv.days);
        v.setInt32(12, iv.months);
      });
    }
    case 'jsonb': {
      const text = utf8Encoder.encode(formatJson((d as Jsonb).value));
      const out = new Uint8Array(text.length + 1);
      out[0] = 1;
      out.set(text, 1);
      return out;
    }
    case 'json':
      return utf8Encoder.encode(formatJsonValue(d as Jsonb));
    case 'int2vector':
    case 'oidvector':
      return encodeArray(d as PgArray, scalarOf(t.name === 'int2vector' ? 'int2' : 'oid'));
    case 'tid': {
      const m = /^\((\d+),(\d+)\)$/.exec(d as string);
      if (m === null) bad();
      return fixed(6, (v) => {
        v.setUint32(0, Number(m[1]));
        v.setUint16(4, Number(m[2]));
      });
    }
    case 'void':
      return new Uint8Array(0);
    case 'inet':
    case 'aclitem':
      throw featureNotSupported(`binary output of type ${t.name} is not supported`);
    default:
      return assertNever(t.name);
  }
}

function scalarOf(name: 'int2' | 'oid'): ScalarType {
  return typeFromOid(name === 'int2' ? 21 : 26) as ScalarType;
}

function decodeScalar(buf: Uint8Array, t: ScalarType): Datum {
  switch (t.name) {
    case 'bool':
      return view(buf, 1).getUint8(0) !== 0;
    case 'int2':
      return view(buf, 2).getInt16(0);
    case 'int4':
      return view(buf, 4).getInt32(0);
    case 'int8':
      return view(buf, 8).getBigInt64(0);
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'regrole':
    case 'xid':
    case 'cid':
      return view(buf, 4).getUint32(0);
    case 'float4':
      return view(buf, 4).getFloat32(0);
    case 'float8':
      return view(buf, 8).getFloat64(0);
    case 'numeric':
      return decodeNumeric(buf);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
    case 'pg_node_tree':
      return decodeUtf8(buf);
    case 'char':
      return buf.length === 0 ? '' : Buffer.from(buf.subarray(0, 1)).toString('latin1');
    case 'bytea':
      return Uint8Array.from(buf);
    case 'uuid':
      view(buf, 16);
      return canonicalUuid(Buffer.from(buf).toString('hex'));
    case 'date': {
      const v = view(buf, 4).getInt32(0);
      return v === INT32_MAX ? Infinity : v === INT32_MIN ? -Infinity : v + PG_EPOCH_DAYS;
    }
    case 'time': {
      const v = view(buf, 8).getBigInt64(0);
      if (v < 0n || v > 86_400_000_000n) throw invalidBinaryRepresentation('time out of range');
      return Number(v);
    }
    case 'timestamp':
    case 'timestamptz': {
      const v = view(buf, 8).getBigInt64(0);
      return v === INT64_MAX
        ? TS_POS_INFINITY
        : v === INT64_MIN
          ? TS_NEG_INFINITY
          : v + PG_EPOCH_USECS;
    }
    case 'interval': {
      const v = view(buf, 16);
      return new Interval(v.getInt32(12), v.getInt32(8), v.getBigInt64(0));
    }
    case 'jsonb': {
      if (buf.length < 1 || buf[0] !== 1)
        throw invalidBinaryRepresentation(
          'unsupported jsonb version number ' + String(buf[0] ?? ''),
        );
      return parseJson(decodeUtf8(buf.subarray(1)), true);
    }
    case 'json':
      return parseJson(decodeUtf8(buf), false);
    case 'int2vector':
    case 'oidvector':
      return decodeArray(buf, scalarOf(t.name === 'int2vector' ? 'int2' : 'oid'));
    case 'tid': {
      const v = view(buf, 6);
      return `(${v.getUint32(0)},${v.getUint16(4)})`;
    }
    case 'void':
      return '';
    case 'inet':
    case 'aclitem':
      throw featureNotSupported(`binary input of type ${t.name} is not supported`);
    default:
      return assertNever(t.name);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function encodeArray(a: PgArray, elem: ScalarType): Uint8Array {
  const hasNull = a.elements.some((e) => e === null);
  const ndim = a.elements.length === 0 ? 0 : a.dims.length;
  const parts: Uint8Array[] = [
    fixed(12 + ndim * 8, (v) => {
      v.setInt32(0, ndim);
      v.setInt32(4, hasNull ? 1 : 0);
      v.setInt32(8, typeOid(elem));
      for (let i = 0; i < ndim; i++) {
        v.setInt32(12 + i * 8, a.dims[i]!.length);
        v.setInt32(16 + i * 8, a.dims[i]!.lower);
      }
    }),
  ];
  for (const e of a.elements) {
    if (e === null) parts.push(fixed(4, (v) => v.setInt32(0, -1)));
    else {
      const body = encodeScalar(e, elem);
      parts.push(
        fixed(4, (v) => v.setInt32(0, body.length)),
        body,
      );
    }
  }
  return concat(parts);
}

function decodeArray(buf: Uint8Array, elem: ScalarType): PgArray {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 12) bad();
  const ndim = v.getInt32(0);
  if (ndim < 0 || ndim > 6)
    throw invalidBinaryRepresentation(`invalid number of dimensions: ${ndim}`);
  const flags = v.getInt32(4);
  if (flags !== 0 && flags !== 1) throw invalidBinaryRepresentation('invalid array flags');
  const elemOid = v.getInt32(8);
  if (elemOid !== typeOid(elem))
    throw invalidBinaryRepresentation(
      `binary data has array element type ${elemOid} instead of expected ${typeOid(elem)}`,
    );
  if (buf.length < 12 + ndim * 8) bad();
  const dims: { length: number; lower: number }[] = [];
  let count = ndim === 0 ? 0 : 1;
  for (let i = 0; i < ndim; i++) {
    const length = v.getInt32(12 + i * 8);
    const lower = v.getInt32(16 + i * 8);
    if (length < 0) bad();
    dims.push({ length, lower });
    count *= length;
  }
  let off = 12 + ndim * 8;
  const elements: Datum[] = [];
  for (let i = 0; i < count; i++) {
    if (off + 4 > buf.length)
      throw invalidBinaryRepresentation('insufficient data left in message');
    const len = v.getInt32(off);
    off += 4;
    if (len === -1) {
      elements.push(null);
      continue;
    }
    if (len < 0 || off + len > buf.length)
      throw invalidBinaryRepresentation('insufficient data left in message');
    elements.push(decodeScalar(buf.subarray(off, off + len), elem));
    off += len;
  }
  if (off !== buf.length) bad();
  return new PgArray(elements, count === 0 ? [] : dims);
}

function encodeRecord(r: RecordDatum, t: SqlType & { kind: 'record' }): Uint8Array {
  const parts: Uint8Array[] = [fixed(4, (v) => v.setInt32(0, r.fields.length))];
  r.fields.forEach((f, i) => {
    const ft = t.fields[i]?.type;
    if (ft === undefined)
      throw featureNotSupported('binary output of anonymous records is not supported');
    if (f === null)
      parts.push(
        fixed(8, (v) => {
          v.setUint32(0, typeOid(ft));
          v.setInt32(4, -1);
        }),
      );
    else {
      const body = encodeBinary(f, ft);
      parts.push(
        fixed(8, (v) => {
          v.setUint32(0, typeOid(ft));
          v.setInt32(4, body.length);
        }),
        body,
      );
    }
  });
  return concat(parts);
}

function decodeRecord(buf: Uint8Array): RecordDatum {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4) bad();
  const n = v.getInt32(0);
  let off = 4;
  const fields: Datum[] = [];
  for (let i = 0; i < n; i++) {
    if (off + 8 > buf.length)
      throw invalidBinaryRepresentation('insufficient data left in message');
    const oid = v.getUint32(off);
    const len = v.getInt32(off + 4);
    off += 8;
    if (len === -1) {
      fields.push(null);
      continue;
    }
    const ft = typeFromOid(oid);
    if (ft === undefined)
      throw invalidBinaryRepresentation(`unsupported type oid ${oid} in record`);
    if (len < 0 || off + len > buf.length)
      throw invalidBinaryRepresentation('insufficient data left in message');
    fields.push(decodeBinary(buf.subarray(off, off + len), ft));
    off += len;
  }
  if (off !== buf.length) bad();
  return new RecordDatum(fields);
}

/** PostgreSQL's typsend for a non-null datum. */
export function encodeBinary(d: Datum, type: SqlType): Uint8Array {
  switch (type.kind) {
    case 'scalar':
      return encodeScalar(d, type);
    case 'array':
      return encodeArray(d as PgArray, type.elem);
    case 'record':
      return encodeRecord(d as RecordDatum, type);
    default:
      return assertNever(type);
  }
}

/** PostgreSQL's typreceive: throws 22P03 on malformed input. */
export function decodeBinary(buf: Uint8Array, type: SqlType): Datum {
  switch (type.kind) {
    case 'scalar':
      return decodeScalar(buf, type);
    case 'array':
      return decodeArray(buf, type.elem);
    case 'record':
      return decodeRecord(buf);
    default:
      return assertNever(type);
  }
}
