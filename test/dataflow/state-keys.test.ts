// The key parts of LMDB operator state (state-lmdb.ts): a string as 0x00, u16 length, UTF-8 bytes
// up to 1,024 bytes, else 0x01 and the MD5 of its UTF-8; prefixedPart builds prefix + part in one
// buffer, byte for byte the same (state written by earlier builds must still be found).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyPart, prefixedPart } from '../../src/dataflow/state-lmdb.js';
import { prng } from './helpers.js';

/** The documented layout, written plainly. */
function reference(prefix: Buffer, s: string): Buffer {
  const utf8 = Buffer.from(s, 'utf8');
  if (utf8.length > 1024)
    return Buffer.concat([prefix, Buffer.from([1]), createHash('md5').update(utf8).digest()]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(utf8.length);
  return Buffer.concat([prefix, Buffer.from([0]), len, utf8]);
}

describe('state key parts', () => {
  it('lay strings out as documented', () => {
    expect(keyPart('ab').toString('hex')).toBe('0000026162');
    expect(keyPart('').toString('hex')).toBe('000000');
    expect(keyPart('é').toString('hex')).toBe('000002c3a9');
    const long = 'ü'.repeat(600); // 1,200 UTF-8 bytes
    expect(keyPart(long)).toEqual(
      Buffer.concat([Buffer.from([1]), createHash('md5').update(Buffer.from(long)).digest()]),
    );
    expect(keyPart('x'.repeat(1024))).toHaveLength(3 + 1024);
  });

  it('prefixedPart is the prefix followed by keyPart', () => {
    const prefix = Buffer.from([0, 7, 0, 3, 1]);
    for (const s of ['', 'a', 'héllo\u0000wörld', '🙂'.repeat(300), 'y'.repeat(1025)])
      expect(prefixedPart(prefix, s)).toEqual(Buffer.concat([prefix, keyPart(s)]));
  });

  it('lays out random strings, ASCII or not, short or long, as documented', () => {
    const r = prng(11);
    const chars = ['a', '0', '\u0000', '\u007f', '\u0080', 'é', '中', '🙂', ' ', 'Z'];
    for (let n = 0; n < 2000; n++) {
      const len = r.pick([0, 1, 5, 127, 128, 129, 300, 1024, 1025]);
      const ascii = r.int(2) === 0;
      let s = '';
      while (s.length < len) s += ascii ? String.fromCharCode(r.int(128)) : r.pick(chars);
      const prefix = Buffer.from([0, r.int(256)]);
      expect(prefixedPart(prefix, s)).toEqual(reference(prefix, s));
    }
  });
});
