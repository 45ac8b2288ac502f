// Row ids: the keys of tables without a primary key. A per-table counter (persisted in the meta
// database in the same transaction as the rows) numbers rows 1, 2, 3, …; the key is the id as
// 8 big-endian bytes, so LMDB keeps rows in insertion order.
import { internalError } from '../errors/index.js';

export function rowIdKey(id: number): Buffer {
  if (!Number.isSafeInteger(id) || id < 0) throw internalError(`storage: bad row id ${id}`);
  const out = Buffer.allocUnsafe(8);
  // Two 32-bit halves: no BigInt per row.
  out.writeUInt32BE(Math.floor(id / 0x1_0000_0000), 0);
  out.writeUInt32BE(id >>> 0, 4);
  return out;
}

export function rowIdOf(key: Uint8Array): number {
  if (key.length !== 8) throw internalError('storage: a row id key has 8 bytes');
  const b = Buffer.from(key.buffer, key.byteOffset, 8);
  return b.readUInt32BE(0) * 0x1_0000_0000 + b.readUInt32BE(4);
}
