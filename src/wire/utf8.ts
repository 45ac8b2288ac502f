// UTF-8 validation of client text, as PostgreSQL's pg_verifymbstr does it: the first invalid
// sequence (or a NUL byte) is reported as "0xNN 0xNN ..." for the error message.

/** null if `bytes` is valid UTF-8 without NUL; else the offending bytes, formatted. */
export function utf8Invalid(bytes: Uint8Array): string | null {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b > 0 && b < 0x80) {
      i++;
      continue;
    }
    const len = b === 0 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (!validSequence(bytes, i, len)) return formatBytes(bytes, i, Math.min(len, n - i));
    i += len;
  }
  return null;
}

function validSequence(bytes: Uint8Array, i: number, len: number): boolean {
  if (len === 1 || i + len > bytes.length) return false;
  const b0 = bytes[i]!;
  for (let k = 1; k < len; k++) {
    const c = bytes[i + k]!;
    if (c < 0x80 || c > 0xbf) return false;
  }
  const b1 = bytes[i + 1]!;
  switch (len) {
    case 2:
      return b0 >= 0xc2;
    case 3:
      if (b0 === 0xe0 && b1 < 0xa0) return false; // overlong
      if (b0 === 0xed && b1 > 0x9f) return false; // surrogate
      return true;
    default:
      if (b0 === 0xf0 && b1 < 0x90) return false; // overlong
      if (b0 > 0xf4 || (b0 === 0xf4 && b1 > 0x8f)) return false; // > U+10FFFF
      return true;
  }
}

function formatBytes(bytes: Uint8Array, at: number, len: number): string {
  const parts: string[] = [];
  for (let k = 0; k < len; k++) parts.push(`0x${bytes[at + k]!.toString(16).padStart(2, '0')}`);
  return parts.join(' ');
}
