// Byte buffers for the two codecs (row-codec, key-codec): a growable writer that encodes into one
// reused scratch buffer and copies the result out, and a cursor-style reader. The writer is
// module-level and reused, which is safe because encoding never calls back into user code.
import { internalError } from '../errors/index.js';

/** Up to this many bytes (or characters) a JS loop copies faster than Buffer#copy (#write). */
const SMALL_COPY = 64;

/**
 * Writes s into buf at `at` if it is ASCII (its UTF-8 is its char codes); false, with some
 * bytes written, if it is not. A JS loop: twice as fast as Buffer#write for short strings.
 */
export function writeAscii(buf: Buffer, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return false;
    buf[at + i] = c;
  }
  return true;
}

export class ByteWriter {
  // Not from Node's shared pool: lmdbValue() hands out offsets from the start of its memory.
  buf: Buffer = Buffer.allocUnsafeSlow(1024);
  pos = 0;

  reset(): this {
    this.pos = 0;
    return this;
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  uvarint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** Zigzag LEB128 of a signed integer with |v| <= 2^48. */
  svarint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** Unsigned LEB128 of a non-negative bigint. */
  ubigvarint(v: bigint): void {
    while (v >= 0x80n) {
      this.u8(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.u8(Number(v));
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Big-endian float64 bits (for the key codec, which then rewrites them). */
  f64be(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  u32be(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes the UTF-8 bytes of s and returns how many were written. */
  utf8(s: string): number {
    this.ensure(s.length * 3);
    const n = s.length <= SMALL_COPY ? this.ascii(s) : this.buf.write(s, this.pos, 'utf8');
    this.pos += n;
    return n;
  }

  private ascii(s: string): number {
    return writeAscii(this.buf, this.pos, s) ? s.length : this.buf.write(s, this.pos, 'utf8');
  }

  /**
   * What was written, for a synchronous LMDB put (which copies it before the writer is used
   * again): the scratch buffer itself, marked with `start` and `end` — lmdb-js writes the bytes
   * between them (the convention of its reusable encoders), so no view or copy is made per value.
   */
  lmdbValue(): Buffer {
    const b = this.buf as Buffer & { start: number; end: number };
    b.start = 0;
    b.end = this.pos;
    return b;
  }

  /** A fresh copy of what was written (callers keep it; the scratch buffer is reused). */
  finish(): Buffer {
    const n = this.pos;
    const out = Buffer.allocUnsafe(n);
    // Buffer#copy costs a native call: twice the loop's time for a key's few bytes.
    if (n <= SMALL_COPY) for (let i = 0; i < n; i++) out[i] = this.buf[i]!;
    else this.buf.copy(out, 0, 0, n);
    return out;
  }
}

export class ByteReader {
  readonly buf: Buffer;
  pos: number;

  constructor(bytes: Uint8Array, pos = 0) {
    this.buf = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  u8(): number {
    if (this.pos >= this.buf.length) throw internalError('storage: truncated value');
    return this.buf[this.pos++]!;
  }

  uvarint(): number {
    let out = 0;
    let mul = 1;
    for (;;) {
      const b = this.u8();
      out += (b & 0x7f) * mul;
      if (b < 0x80) return out;
      mul *= 0x80;
    }
  }

  svarint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  ubigvarint(): bigint {
    let out = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      out |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return out;
      shift += 7n;
    }
  }

  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  u32be(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A copy of the next n bytes as a plain Uint8Array. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  utf8(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw internalError('storage: truncated value');
  }
}
