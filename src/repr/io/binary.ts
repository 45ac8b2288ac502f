// PostgreSQL binary send/recv formats (stub; full implementation in progress).
import type { Datum } from '../datum.js';
import type { SqlType } from '../types.js';

export function decodeBinary(buf: Uint8Array, type: SqlType): Datum {
  throw new Error(`decodeBinary not implemented: ${buf.length} ${type.kind}`);
}

export function encodeBinary(d: Datum, type: SqlType): Uint8Array {
  throw new Error(`encodeBinary not implemented: ${String(d)} ${type.kind}`);
}
