// Text I/O of bytea (hex and escape formats), uuid and "char", as PostgreSQL's byteain/byteaout,
// uuid_in/uuid_out and charin/charout. (text, varchar, bpchar and name are the string itself;
// their length rules live in ./typmod.ts.)
import { invalidParameterValue, invalidTextRepresentation } from '../../errors/index.js';

const HEX = '0123456789abcdef';

function hexValue(c: string): number {
  const v = HEX.indexOf(c.toLowerCase());
  if (v < 0) throw invalidParameterValue(`invalid hexadecimal digit: "${c}"`);
  return v;
}

export function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) {
    const out: number[] = [];
    let i = 2;
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i++;
        continue;
      }
      const hi = hexValue(c);
      if (i + 1 >= text.length)
        throw invalidParameterValue('invalid hexadecimal data: odd number of digits');
      const lo = hexValue(text[i + 1]!);
      out.push(hi * 16 + lo);
      i += 2;
    }
    return Uint8Array.from(out);
  }
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out.push(b);
      continue;
    }
    const n1 = bytes[i + 1];
    if (n1 === 0x5c) {
      out.push(0x5c);
      i++;
      continue;
    }
    const n2 = bytes[i + 2];
    const n3 = bytes[i + 3];
    if (
      n1 !== undefined &&
      n2 !== undefined &&
      n3 !== undefined &&
      n1 >= 0x30 &&
      n1 <= 0x33 &&
      n2 >= 0x30 &&
      n2 <= 0x37 &&
      n3 >= 0x30 &&
      n3 <= 0x37
    ) {
      out.push((n1 - 0x30) * 64 + (n2 - 0x30) * 8 + (n3 - 0x30));
      i += 3;
      continue;
    }
    throw invalidTextRepresentation('invalid input syntax for type bytea');
  }
  return Uint8Array.from(out);
}

export function formatBytea(b: Uint8Array, output: 'hex' | 'escape' = 'hex'): string {
  if (output === 'hex') return `\\x${Buffer.from(b).toString('hex')}`;
  let out = '';
  for (const x of b) {
    if (x === 0x5c) out += '\\\\';
    else if (x < 0x20 || x > 0x7e) out += `\\${x.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(x);
  }
  return out;
}

/** uuid_in: 32 hex digits, optional braces, a hyphen allowed after any group of 4 digits. */
export function parseUuid(text: string): string {
  let s = text;
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw badUuid(text);
    s = s.slice(1, -1);
  }
  let hex = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (!/[0-9a-fA-F]/.test(c)) throw badUuid(text);
    hex += c;
    i++;
    if (hex.length % 4 === 0 && hex.length < 32 && s[i] === '-') i++;
  }
  if (hex.length !== 32) throw badUuid(text);
  return canonicalUuid(hex.toLowerCase());
}

function badUuid(text: string): Error {
  return invalidTextRepresentation(`invalid input syntax for type uuid: "${text}"`);
}

/** 32 lower-case hex digits → 8-4-4-4-12. */
export function canonicalUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** charin: the first byte ('\ooo' octal escapes accepted). */
export function parseChar(text: string): string {
  const m = /^\\([0-3][0-7]{2})$/.exec(text);
  if (m !== null) return String.fromCharCode(parseInt(m[1]!, 8));
  const b = Buffer.from(text, 'utf8');
  if (b.length <= 1) return text;
  // A multibyte first character: PostgreSQL keeps its first byte only.
  return b[0]! < 0x80 ? String.fromCharCode(b[0]!) : Buffer.from([b[0]!]).toString('latin1');
}

/** name: truncated to 63 bytes (never splitting a character). */
export function truncateName(text: string): string {
  if (Buffer.byteLength(text) <= 63) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > 63) break;
    out += ch;
    bytes += n;
  }
  return out;
}
