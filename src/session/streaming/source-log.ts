// How an append-only source (ENVELOPE NONE) keeps its records in LMDB: not as one encoded row per
// record, but as the records themselves — offset, timestamp, key, value, headers, the bytes
// Kafka gave — packed into one chunk per partition per tick, under the key (partition, first
// offset). Reading the source decodes a chunk's records again with the source's decoders, which
// are deterministic, so a scan gives exactly the rows the views were fed when the records arrived.
//
// Why: an append-only source is written once per record and read only when something new reads
// it (a SELECT, a view hydrating, a sink's snapshot). Storing rows cost an encoded row and an
// LMDB put per record — a third of the ingest CPU; a chunk costs one copy of the bytes and one
// put per partition per tick. The price is paid by the rare reader, which decodes again.
//
// Chunk layout (little-endian), one entry per record that made a row, in offset order:
//   u32 offset - chunk's first offset | f64 timestamp (ms) | i32 key length (-1: null) | key |
//   i32 value length (-1: null) | value | u16 header count | per header: u16 key length | key
//   (UTF-8) | i32 value length (-1: null) | value
import type { Row } from '../../repr/index.js';
import type { IngestRecord } from './source-ingest.js';

/** The key of a chunk: partition (u32) and the offset of its first record (u64), big-endian. */
export function chunkKey(partition: number, offset: bigint): Uint8Array {
  const key = Buffer.allocUnsafe(12);
  key.writeUInt32BE(partition, 0);
  key.writeBigUInt64BE(offset, 4);
  return key;
}

/** Records of one partition in offset order, split where offsets span more than a u32. */
export function chunksOf(records: readonly IngestRecord[]): IngestRecord[][] {
  const out: IngestRecord[][] = [];
  let current: IngestRecord[] = [];
  for (const r of records) {
    if (current.length > 0 && r.offset - current[0]!.offset > 0xffff_ffffn) {
      out.push(current);
      current = [];
    }
    current.push(r);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The bytes of a chunk of one partition's records (in offset order, spanning < 2^32). */
export function encodeChunk(records: readonly IngestRecord[]): Uint8Array {
  let size = 0;
  for (const r of records) {
    size += 4 + 8 + 4 + (r.key?.length ?? 0) + 4 + (r.value?.length ?? 0) + 2;
    for (const [k, v] of r.headers) size += 2 + Buffer.byteLength(k) + 4 + (v?.length ?? 0);
  }
  const out = Buffer.allocUnsafe(size);
  const base = records[0]!.offset;
  let at = 0;
  const bytes = (b: Uint8Array | null): void => {
    at = out.writeInt32LE(b === null ? -1 : b.length, at);
    if (b !== null) {
      out.set(b, at);
      at += b.length;
    }
  };
  for (const r of records) {
    at = out.writeUInt32LE(Number(r.offset - base), at);
    at = out.writeDoubleLE(Number(r.timestamp), at);
    bytes(r.key);
    bytes(r.value);
    at = out.writeUInt16LE(r.headers.length, at);
    for (const [k, v] of r.headers) {
      const kb = Buffer.from(k, 'utf8');
      at = out.writeUInt16LE(kb.length, at);
      out.set(kb, at);
      at += kb.length;
      bytes(v);
    }
  }
  return out;
}

/** The records of a chunk stored under `key`. */
export function* decodeChunk(key: Uint8Array, chunk: Uint8Array): Generator<IngestRecord> {
  const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const partition = k.readUInt32BE(0);
  const base = k.readBigUInt64BE(4);
  let at = 0;
  const bytes = (): Uint8Array | null => {
    const n = b.readInt32LE(at);
    at += 4;
    if (n < 0) return null;
    at += n;
    return b.subarray(at - n, at);
  };
  while (at < b.length) {
    const offset = base + BigInt(b.readUInt32LE(at));
    const timestamp = BigInt(b.readDoubleLE(at + 4));
    at += 12;
    const recordKey = bytes();
    const value = bytes();
    const count = b.readUInt16LE(at);
    at += 2;
    const headers: [string, Uint8Array | null][] = [];
    for (let i = 0; i < count; i++) {
      const n = b.readUInt16LE(at);
      at += 2 + n;
      headers.push([b.toString('utf8', at - n, at), bytes()]);
    }
    yield { partition, offset, timestamp, key: recordKey, value, headers };
  }
}

/**
 * The rows of stored chunks, each under its record's key (partition, offset), made by `rowOf`
 * (the source's decoding of a record; a stored record always made a row).
 */
export function* chunkRows(
  chunks: Iterable<readonly [Uint8Array, Uint8Array]>,
  rowOf: (r: IngestRecord) => Row | null,
): Generator<readonly [Uint8Array, Row]> {
  for (const [key, chunk] of chunks) {
    for (const r of decodeChunk(key, chunk)) {
      const row = rowOf(r);
      if (row !== null) yield [chunkKey(r.partition, r.offset), row];
    }
  }
}
