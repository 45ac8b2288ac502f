// A read position in the Avro binary encoding of one datum (Avro spec, "Binary Encoding"):
// zig-zag varints for int and long, little-endian IEEE floats, length-prefixed bytes and
// strings. Every read checks the end, so truncated input fails instead of reading garbage.
import { utf8 } from '../errors.js';

/** Thrown by the cursor; the Avro decoder turns it into a DecodeError. */
export class AvroReadError extends Error {}

export class Cursor {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  byte(): number {
    if (this.pos >= this.end) throw new AvroReadError('unexpected end of input');
    return this.buf[this.pos++]!;
  }

  /** An Avro int (32-bit). */
  readInt(): number {
    let result = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (mul > 2 ** 35) throw new AvroReadError('int varint is too long');
    } while (b & 0x80);
    const v = result % 2 === 0 ? result / 2 : -(result + 1) / 2;
    if (v > 2147483647 || v < -2147483648) throw new AvroReadError('int out of range');
    return v;
  }

  /** An Avro long, exactly. */
  readLong(): bigint {
    let result = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80 && mul < 2 ** 49);
    if (!(b & 0x80)) return BigInt(result % 2 === 0 ? result / 2 : -(result + 1) / 2);
    let big = BigInt(result);
    let shift = 49n;
    do {
      b = this.byte();
      big |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 70n) throw new AvroReadError('long varint is too long');
    } while (b & 0x80);
    big = BigInt.asUintN(64, big);
    return (big >> 1n) ^ -(big & 1n);
  }

  /** A length or count (a long that must be a small non-negative number). */
  readSize(): number {
    const n = this.readLong();
    if (n < 0n || n > BigInt(this.end - this.pos)) throw new AvroReadError(`invalid length ${n}`);
    return Number(n);
  }

  /** A block count of an array or map: negative counts are followed by the block's size. */
  readBlockCount(): number {
    const n = this.readLong();
    if (n < 0n) {
      this.readLong();
      return Number(-n);
    }
    if (n > BigInt(this.end - this.pos)) throw new AvroReadError(`invalid block count ${n}`);
    return Number(n);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new AvroReadError('unexpected end of input');
  }

  readFloat(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  readDouble(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readBoolean(): boolean {
    const b = this.byte();
    if (b > 1) throw new AvroReadError(`invalid boolean byte ${b}`);
    return b === 1;
  }

  readFixed(size: number): Uint8Array {
    this.need(size);
    const out = new Uint8Array(this.buf.subarray(this.pos, this.pos + size));
    this.pos += size;
    return out;
  }

  readBytes(): Uint8Array {
    return this.readFixed(this.readSize());
  }

  readString(): string {
    const n = this.readSize();
    const s = utf8.decodeOrNull(this.buf.subarray(this.pos, this.pos + n));
    if (s === null) throw new AvroReadError('invalid UTF-8 in string');
    this.pos += n;
    return s;
  }
}
