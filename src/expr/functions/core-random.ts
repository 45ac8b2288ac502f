// The session-visible pseudo-random generator behind random() and setseed(): a seedable
// xoshiro128** so that setseed(x) makes the following random() values reproducible.
import { invalidParameterValue } from '../../errors/index.js';

const state = new Uint32Array(4);

function splitmix(seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
}

splitmix(Math.floor(Math.random() * 2 ** 32));

function next32(): number {
  const s = state;
  const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
  const t = s[1]! << 9;
  s[2]! ^= s[0]!;
  s[3]! ^= s[1]!;
  s[1]! ^= s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = rotl(s[3]!, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A uniform double in [0, 1). */
export function randomDouble(): number {
  return (next32() * 2 ** 21 + (next32() >>> 11)) / 2 ** 53;
}

export function setSeed(x: number): void {
  if (!(x >= -1 && x <= 1)) {
    throw invalidParameterValue(`setseed parameter ${x} is out of allowed range [-1,1]`);
  }
  splitmix(Math.floor(x * 2147483647) | 0);
}
