// Cursor over an encoded key (key-codec). `mask` is XORed into every byte read, which decodes a
// DESC column (stored as the bitwise complement of its ASC bytes) with the ASC decoders.
import { internalError } from '../errors/index.js';

export class KeyReader {
  readonly buf: Uint8Array;
  pos = 0;
  mask = 0;

  constructor(bytes: Uint8Array) {
    this.buf = bytes;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  u8(): number {
    if (this.pos >= this.buf.length) throw internalError('storage: truncated key');
    return (this.buf[this.pos++]! ^ this.mask) & 0xff;
  }

  u32be(): number {
    return ((this.u8() << 24) | (this.u8() << 16) | (this.u8() << 8) | this.u8()) >>> 0;
  }
}
