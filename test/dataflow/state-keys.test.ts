// The key parts of LMDB operator state (state-lmdb.ts): a string as 0x00, u16 length, UTF-8 bytes
// up to 1,024 bytes, else 0x01 and the MD5 of its UTF-8; prefixedPart builds prefix + part in one
// buffer, byte for byte the same (state written by earlier builds must still be found).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyPart, prefixedPart } from '../../src/dataflow/state-lmdb.js';

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
});
