// COPY's binary format (FORMAT BINARY), both directions: an 11-byte signature, a flags word and a
// header extension, then per row an int16 field count and per field an int32 length (-1 = NULL)
// followed by the value in the type's binary send/receive form (../../repr/io/binary.ts), and an
// int16 -1 trailer (optional on input: the data may also end after a row). The OIDs flag (bit 16) is rejected: Eddy's tables have no OID column.
import { EddyError } from '../../errors/index.js';
import type { Datum, Row, SqlType } from '../../repr/index.js';
import { decodeBinary, encodeBinary } from '../../repr/io/binary.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const badCopy = (message: string, detail?: string): EddyError =>
  new EddyError('22P04', message, detail === undefined ? {} : { detail });

/** Signature, flags 0 and an empty header extension. */
export function binaryHeader(): Buffer {
  return Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
}

/** The file trailer: a field count of -1. */
export function binaryTrailer(): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(-1);
  return b;
}

/** One row: its field count, then each field's length and bytes. */
export function binaryRow(row: readonly Datum[], types: readonly SqlType[]): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(2);
  count.writeInt16BE(row.length);
  parts.push(count);
  row.forEach((d, i) => {
    const len = Buffer.alloc(4);
    if (d === null) {
      len.writeInt32BE(-1);
      parts.push(len);
      return;
    }
    const bytes = encodeBinary(d, types[i]!);
    len.writeInt32BE(bytes.length);
    parts.push(len, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  });
  return Buffer.concat(parts);
}

/**
 * Decodes COPY binary data into rows of the column types; `where(line, column)` names the
 * place of a malformed value for the error's detail.
 */
export function parseBinaryRows(
  data: Buffer,
  types: readonly SqlType[],
  where: (line: number, column?: number) => string,
): Row[] {
  let off = 0;
  const need = (n: number): void => {
    if (off + n > data.length) throw badCopy('unexpected EOF in COPY data');
  };
  need(SIGNATURE.length + 8);
  if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE))
    throw badCopy('COPY file signature not recognized');
  off = SIGNATURE.length;
  const flags = data.readInt32BE(off);
  if ((flags & (1 << 16)) !== 0)
    throw badCopy('COPY binary data with OIDs is not supported', where(0));
  if ((flags & 0xfffe0000) !== 0) throw badCopy('unrecognized critical flags in COPY file header');
  const extension = data.readInt32BE(off + 4);
  off += 8;
  if (extension < 0) throw badCopy('invalid COPY file header (missing length)');
  need(extension);
  off += extension;
  const rows: Row[] = [];
  for (let line = 1; ; line++) {
    // The end of the data at a row boundary ends it too, as in PostgreSQL (pgx sends no trailer).
    if (off === data.length) break;
    need(2);
    const count = data.readInt16BE(off);
    off += 2;
    if (count === -1) break;
    if (count !== types.length)
      throw badCopy(`row field count is ${count}, expected ${types.length}`, where(line));
    const row: Datum[] = [];
    for (let i = 0; i < count; i++) {
      need(4);
      const len = data.readInt32BE(off);
      off += 4;
      if (len === -1) {
        row.push(null);
        continue;
      }
      if (len < 0) throw badCopy('invalid field size', where(line, i));
      need(len);
      const bytes = data.subarray(off, off + len);
      off += len;
      try {
        row.push(decodeBinary(bytes, types[i]!));
      } catch (e) {
        if (e instanceof EddyError)
          throw new EddyError(e.code, e.message, { detail: where(line, i) });
        throw e;
      }
    }
    rows.push(row);
  }
  return rows;
}
