// numeric's binary send/recv format: int16 ndigits, int16 weight, uint16 sign, int16 dscale,
// then ndigits base-10000 digits (the first has weight `weight`, i.e. × 10000^weight).
import { invalidBinaryRepresentation } from '../../errors/index.js';
import { Numeric } from '../numeric.js';

const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

export function encodeNumeric(n: Numeric): Uint8Array {
  const header = (ndigits: number, weight: number, sign: number, dscale: number): DataView => {
    const v = new DataView(new ArrayBuffer(8 + ndigits * 2));
    v.setInt16(0, ndigits);
    v.setInt16(2, weight);
    v.setUint16(4, sign);
    v.setInt16(6, dscale);
    return v;
  };
  if (n.special !== null) {
    const sign =
      n.special === 'NaN' ? NUMERIC_NAN : n.special === 'Infinity' ? NUMERIC_PINF : NUMERIC_NINF;
    // PostgreSQL sends ±Infinity with dscale 32 (bits of its header), NaN with 0.
    return new Uint8Array(header(0, 0, sign, n.special === 'NaN' ? 0 : 0x20).buffer);
  }
  const neg = n.coef < 0n;
  const abs = (neg ? -n.coef : n.coef).toString();
  const scale = n.scale;
  // Split into integer and fraction digits, pad each to whole base-10000 groups.
  const intPart = abs.length > scale ? abs.slice(0, abs.length - scale) : '';
  const fracPart = abs.length > scale ? abs.slice(abs.length - scale) : abs.padStart(scale, '0');
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) groups.push(Number(intPadded.slice(i, i + 4)));
  for (let i = 0; i < fracPadded.length; i += 4) groups.push(Number(fracPadded.slice(i, i + 4)));
  let weight = intPadded.length / 4 - 1;
  let start = 0;
  while (start < groups.length && groups[start] === 0) {
    start++;
    weight--;
  }
  let end = groups.length;
  while (end > start && groups[end - 1] === 0) end--;
  const digits = groups.slice(start, end);
  if (digits.length === 0) weight = 0;
  const v = header(
    digits.length,
    weight,
    neg && digits.length > 0 ? NUMERIC_NEG : NUMERIC_POS,
    scale,
  );
  digits.forEach((d, i) => v.setInt16(8 + i * 2, d));
  return new Uint8Array(v.buffer);
}

export function decodeNumeric(buf: Uint8Array): Numeric {
  if (buf.length < 8) throw invalidBinaryRepresentation('insufficient data left in message');
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ndigits = v.getInt16(0);
  const weight = v.getInt16(2);
  const sign = v.getUint16(4);
  const dscale = v.getInt16(6);
  if (ndigits < 0 || buf.length !== 8 + ndigits * 2)
    throw invalidBinaryRepresentation('incorrect binary data format');
  if (sign === NUMERIC_NAN) return Numeric.NaN;
  if (sign === NUMERIC_PINF) return Numeric.Infinity;
  if (sign === NUMERIC_NINF) return Numeric.NegInfinity;
  if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG)
    throw invalidBinaryRepresentation('invalid sign in external "numeric" value');
  if (dscale < 0 || dscale > 0x3fff)
    throw invalidBinaryRepresentation('invalid scale in external "numeric" value');
  let coef = 0n;
  for (let i = 0; i < ndigits; i++) {
    const d = v.getInt16(8 + i * 2);
    if (d < 0 || d >= 10000)
      throw invalidBinaryRepresentation('invalid digit in external "numeric" value');
    coef = coef * 10000n + BigInt(d);
  }
  // coef × 10000^(weight - ndigits + 1), expressed at scale dscale (truncating hidden digits).
  const exp10 = 4 * (weight - ndigits + 1) + dscale;
  if (exp10 >= 0) coef *= 10n ** BigInt(exp10);
  else coef /= 10n ** BigInt(-exp10);
  return Numeric.of(sign === NUMERIC_NEG ? -coef : coef, dscale);
}
