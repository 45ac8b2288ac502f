// COPY's binary format (src/session/exec/copy-binary.ts): rows written and read back, the data
// ending without a trailer (as pgx sends it), and the 22P04 errors of malformed data.
import { describe, expect, it } from 'vitest';
import { Numeric, T, arrayOf, type Datum } from '../../../src/repr/index.js';
import {
  binaryHeader,
  binaryRow,
  binaryTrailer,
  parseBinaryRows,
} from '../../../src/session/exec/copy-binary.js';

const TYPES = [T.int4, T.text, T.numeric, arrayOf(T.int8)];
const where = (line: number, column?: number): string => `line ${line} column ${column}`;

function data(rows: readonly (readonly Datum[])[], trailer = true): Buffer {
  return Buffer.concat([
    binaryHeader(),
    ...rows.map((r) => binaryRow(r, TYPES)),
    ...(trailer ? [binaryTrailer()] : []),
  ]);
}

describe('COPY binary format', () => {
  const rows = [
    [7, 'seven', Numeric.parse('-1.50'), null],
    [null, '', Numeric.parse('12345678901234567890.5'), null],
  ];

  it('reads back the rows it writes, with or without the trailer', () => {
    const back = parseBinaryRows(data(rows), TYPES, where);
    expect(back.map((r) => r.map(String))).toEqual(rows.map((r) => r.map(String)));
    expect(parseBinaryRows(data(rows, false), TYPES, where)).toHaveLength(2);
    expect(parseBinaryRows(data([]), TYPES, where)).toEqual([]);
  });

  it('starts with the PGCOPY signature, flags 0 and no header extension', () => {
    expect(binaryHeader().toString('latin1')).toBe('PGCOPY\n\xff\r\n\0' + '\0'.repeat(8));
  });

  it('rejects malformed data with 22P04', () => {
    const bad = (buf: Buffer, message: RegExp): void => {
      expect(() => parseBinaryRows(buf, TYPES, where)).toThrow(message);
      try {
        parseBinaryRows(buf, TYPES, where);
      } catch (e) {
        expect((e as { code: string }).code).toBe('22P04');
      }
    };
    bad(Buffer.from('1\tone\n'), /unexpected EOF|signature/);
    bad(
      Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\x01', 'latin1'), Buffer.alloc(8)]),
      /signature/,
    );
    const withOids = binaryHeader();
    withOids.writeInt32BE(1 << 16, 11);
    bad(withOids, /OIDs/);
    bad(Buffer.concat([binaryHeader(), binaryRow([1, 'x'], [T.int4, T.text])]), /field count is 2/);
    const full = data(rows);
    bad(full.subarray(0, full.length - 5), /unexpected EOF/);
  });
});
