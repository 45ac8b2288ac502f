// Key codec for exact numbers: order-preserving, prefix-free encodings of arbitrary bigints
// (int8, timestamps, interval spans) and of numerics by value (scale ignored).
import { internalError } from '../errors/index.js';
import { Numeric } from '../repr/index.js';
import type { ByteWriter } from './bytes.js';
import type { KeyReader } from './key-reader.js';

/**
 * A header byte, then the magnitude's big-endian bytes (minimal length n <= 126).
 * v >= 0: header 0x80 + n, magnitude bytes. v < 0: header 0x7F - n, complemented magnitude
 * bytes — more bytes means a larger magnitude, so the header alone orders different lengths.
 */
export function writeOrderedBigInt(w: ByteWriter, v: bigint): void {
  const neg = v < 0n;
  let m = neg ? -v : v;
  const bytes: number[] = [];
  while (m > 0n) {
    bytes.push(Number(m & 0xffn));
    m >>= 8n;
  }
  const n = bytes.length;
  if (n > 126) throw internalError('storage: integer too large for a key');
  w.ensure(n + 1);
  w.buf[w.pos++] = neg ? 0x7f - n : 0x80 + n;
  for (let i = n - 1; i >= 0; i--) w.buf[w.pos++] = neg ? ~bytes[i]! & 0xff : bytes[i]!;
}

export function readOrderedBigInt(r: KeyReader): bigint {
  const h = r.u8();
  const neg = h < 0x80;
  const n = neg ? 0x7f - h : h - 0x80;
  let m = 0n;
  for (let i = 0; i < n; i++) {
    const b = r.u8();
    m = (m << 8n) | BigInt(neg ? ~b & 0xff : b);
  }
  return neg ? -m : m;
}

const N_NEG_INF = 0x01;
const N_NEG = 0x02;
const N_ZERO = 0x03;
const N_POS = 0x04;
const N_POS_INF = 0x05;
const N_NAN = 0x06;

/**
 * A class byte (-Infinity < negative < zero < positive < Infinity < NaN), then for non-zero
 * finite values |v| = 0.d1d2…dk × 10^E (d1 ≠ 0, dk ≠ 0): E as a sign-flipped big-endian int32,
 * the digits in pairs as bytes 1..100 (a last lone digit padded with 0), and a 0x00 terminator.
 * Negative values complement those bytes, which reverses their order.
 */
export function writeOrderedNumeric(w: ByteWriter, n: Numeric): void {
  switch (n.special) {
    case 'NaN':
      return w.u8(N_NAN);
    case 'Infinity':
      return w.u8(N_POS_INF);
    case '-Infinity':
      return w.u8(N_NEG_INF);
    case null:
      break;
  }
  if (n.coef === 0n) return w.u8(N_ZERO);
  const neg = n.coef < 0n;
  w.u8(neg ? N_NEG : N_POS);
  const all = (neg ? -n.coef : n.coef).toString();
  const exp = all.length - n.scale;
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end--;
  const start = w.pos;
  w.u32be((exp ^ 0x80000000) >>> 0);
  w.ensure((end >> 1) + 2);
  for (let i = 0; i < end; i += 2) {
    const hi = all.charCodeAt(i) - 48;
    const lo = i + 1 < end ? all.charCodeAt(i + 1) - 48 : 0;
    w.buf[w.pos++] = 1 + hi * 10 + lo;
  }
  w.buf[w.pos++] = 0;
  if (neg) for (let j = start; j < w.pos; j++) w.buf[j] = ~w.buf[j]! & 0xff;
}

export function readOrderedNumeric(r: KeyReader): Numeric {
  const cls = r.u8();
  switch (cls) {
    case N_NAN:
      return Numeric.NaN;
    case N_POS_INF:
      return Numeric.Infinity;
    case N_NEG_INF:
      return Numeric.NegInfinity;
    case N_ZERO:
      return Numeric.ZERO;
    case N_POS:
    case N_NEG:
      break;
    default:
      throw internalError(`storage: unknown numeric key class ${cls}`);
  }
  const neg = cls === N_NEG;
  const saved = r.mask;
  if (neg) r.mask ^= 0xff;
  const exp = (r.u32be() ^ 0x80000000) | 0;
  let digits = '';
  for (let b = r.u8(); b !== 0; b = r.u8()) {
    const pair = b - 1;
    digits += pair < 10 ? `0${pair}` : `${pair}`;
  }
  r.mask = saved;
  if (digits.endsWith('0')) digits = digits.slice(0, -1);
  const coef = BigInt(digits);
  // Numeric.of turns a negative scale (an integer with trailing zeros) into scale 0.
  return Numeric.of(neg ? -coef : coef, digits.length - exp);
}
