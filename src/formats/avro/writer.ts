// A growable output buffer for Avro's binary encoding (the counterpart of ./cursor.ts):
// zig-zag varints, little-endian floats, length-prefixed bytes and strings.
export class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** An Avro int or long given as a JS integer (|n| < 2^53). */
  writeInt(n: number): void {
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    while (z >= 0x80) {
      this.byte((z % 0x80) | 0x80);
      z = Math.floor(z / 0x80);
    }
    this.byte(z);
  }

  /** An Avro long given as a bigint. */
  writeLong(n: bigint): void {
    let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    while (z >= 0x80n) {
      this.byte(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    this.byte(Number(z));
  }

  writeFloat(x: number): void {
    this.room(4);
    this.view.setFloat32(this.pos, x, true);
    this.pos += 4;
  }

  writeDouble(x: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  writeBytes(b: Uint8Array): void {
    this.writeInt(b.length);
    this.raw(b);
  }

  writeString(s: string): void {
    this.writeBytes(Buffer.from(s, 'utf8'));
  }

  /** The bytes written so far, copied. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
