// Key codec for jsonb values, in compareJson's order: a rank byte (null < string < number <
// boolean < array < object), then
//   string   u32 byte length + UTF-8 (jsonb compares strings by length first, then bytes)
//   number   the ordered numeric encoding (key-ordered.ts)
//   boolean  one byte 0/1
//   array    u32 element count + elements
//   object   u32 pair count + all keys (as strings) + all values (compareJson's order)
// Every part is prefix-free, so the concatenation compares like compareJson.
import { internalError } from '../errors/index.js';
import { Numeric, type JsonNode, type JsonObject } from '../repr/index.js';
import type { ByteWriter } from './bytes.js';
import type { KeyReader } from './key-reader.js';
import { readOrderedNumeric, writeOrderedNumeric } from './key-ordered.js';

const J_NULL = 1;
const J_STRING = 2;
const J_NUMBER = 3;
const J_BOOL = 4;
const J_ARRAY = 5;
const J_OBJECT = 6;

export function writeJsonKey(w: ByteWriter, v: JsonNode): void {
  if (v === null) return w.u8(J_NULL);
  if (typeof v === 'string') {
    w.u8(J_STRING);
    return writeJsonString(w, v);
  }
  if (v instanceof Numeric) {
    w.u8(J_NUMBER);
    return writeOrderedNumeric(w, v);
  }
  if (typeof v === 'boolean') {
    w.u8(J_BOOL);
    return w.u8(v ? 1 : 0);
  }
  if (Array.isArray(v)) {
    w.u8(J_ARRAY);
    w.u32be(v.length);
    for (const x of v) writeJsonKey(w, x);
    return;
  }
  w.u8(J_OBJECT);
  w.u32be(v.size);
  for (const k of v.keys()) writeJsonString(w, k);
  for (const x of v.values()) writeJsonKey(w, x);
}

export function readJsonKey(r: KeyReader): JsonNode {
  const rank = r.u8();
  switch (rank) {
    case J_NULL:
      return null;
    case J_STRING:
      return readJsonString(r);
    case J_NUMBER:
      return readOrderedNumeric(r);
    case J_BOOL:
      return r.u8() === 1;
    case J_ARRAY: {
      const n = r.u32be();
      const out: JsonNode[] = [];
      for (let i = 0; i < n; i++) out.push(readJsonKey(r));
      return out;
    }
    case J_OBJECT: {
      const n = r.u32be();
      const keys: string[] = [];
      for (let i = 0; i < n; i++) keys.push(readJsonString(r));
      const out: JsonObject = new Map();
      for (const k of keys) out.set(k, readJsonKey(r));
      return out;
    }
    default:
      throw internalError(`storage: unknown jsonb key rank ${rank}`);
  }
}

function writeJsonString(w: ByteWriter, s: string): void {
  const at = w.pos;
  w.u32be(0);
  const n = w.utf8(s);
  w.buf.writeUInt32BE(n, at);
}

function readJsonString(r: KeyReader): string {
  const n = r.u32be();
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = r.u8();
  return bytes.toString('utf8');
}
