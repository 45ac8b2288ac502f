// The binary make-up of a double: its exponent, its integer significand, and exact powers of two.
// For code that works on a float's bits (float output's rounding-boundary test, the elementary
// functions' argument reduction).

const view = new DataView(new ArrayBuffer(8));

const MIN_NORMAL = 2.2250738585072014e-308;

/** The binary exponent of a positive finite double's binade (-1022 for subnormals). */
export function exponentOf(x: number): number {
  view.setFloat64(0, x < MIN_NORMAL ? MIN_NORMAL : x);
  return ((view.getUint32(0) >>> 20) & 0x7ff) - 1023;
}

/** 2^k exactly, for any integer k in [-1074, 1023]. */
export function pow2(k: number): number {
  if (k < -1022) return pow2(k + 200) * pow2(-200);
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** x × 2^k, exact whenever the result is a normal double (k may exceed one power's range). */
export function ldexp(x: number, k: number): number {
  for (; k > 1023; k -= 1023) x *= pow2(1023);
  for (; k < -1022; k += 1022) x *= pow2(-1022);
  return x * pow2(k);
}

/**
 * x = m × 2^e for a positive finite float, m its integer significand: 53 bits for a double, 24
 * for a float4 value (float4: true), fewer for subnormals.
 */
export function significand(x: number, float4 = false): { m: bigint; e: number } {
  const e = float4 ? Math.max(exponentOf(x), -126) - 23 : exponentOf(x) - 52;
  return { m: BigInt(ldexp(x, -e)), e };
}
