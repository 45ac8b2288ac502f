// Key codec for byte strings (text as UTF-8, bytea): order-preserving and prefix-free.
// Each 0x00 byte becomes 0x00 0xFF and the string ends with 0x00 0x01, so a shorter string
// sorts before every longer string it is a prefix of, and bytes compare as unsigned.
import type { ByteWriter } from './bytes.js';
import type { KeyReader } from './key-reader.js';

export function writeEscaped(w: ByteWriter, bytes: Uint8Array): void {
  w.ensure(bytes.length + 2);
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    w.bytes(bytes.subarray(from, i + 1));
    w.u8(0xff);
    from = i + 1;
  }
  w.bytes(bytes.subarray(from));
  w.u8(0);
  w.u8(1);
}

export function readEscaped(r: KeyReader): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const b = r.u8();
    if (b !== 0) {
      out.push(b);
      continue;
    }
    if (r.u8() === 1) return Uint8Array.from(out);
    out.push(0);
  }
}
