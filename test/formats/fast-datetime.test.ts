// The ISO date/timestamp fast paths of src/formats/fast-datetime.ts agree with the general
// PostgreSQL input functions (castDatum from text) on random inputs, and decline the rest.
import { describe, expect, it } from 'vitest';
import { castDatum } from '../../src/expr/cast.js';
import { fastDate, fastTimestamp } from '../../src/formats/fast-datetime.js';
import { decodeContext } from '../../src/formats/coerce.js';
import { T } from '../../src/repr/index.js';

const ctx = decodeContext('UTC');
const slow = (s: string, type: typeof T.timestamp) => castDatum(s, T.text, type, ctx, 'assignment');

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('fast ISO date/time input', () => {
  it('agrees with the general parser on random timestamps', () => {
    const r = rng(42);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    for (let i = 0; i < 3000; i++) {
      const date = `${pad(int(1000, 9999), 4)}-${pad(int(1, 12))}-${pad(int(1, 31))}`;
      const time = `${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`;
      const frac = r() < 0.5 ? '' : `.${String(int(0, 999999)).slice(0, int(1, 6))}`;
      const zone = [
        '',
        'Z',
        `+${pad(int(0, 15))}`,
        `-${pad(int(0, 15))}:${pad(int(0, 59))}`,
        `+${pad(int(0, 14))}${pad(int(0, 59))}`,
      ][int(0, 4)]!;
      const sep = r() < 0.5 ? 'T' : ' ';
      const s = `${date}${sep}${time}${frac}${zone}`;
      let expected: unknown;
      try {
        expected = slow(s, T.timestamptz);
      } catch {
        expected = undefined; // an invalid date such as 02-30: the fast path must decline too
      }
      expect([s, fastTimestamp(s, true)]).toEqual([s, expected]);
      const plain = `${date}${sep}${time}${frac}`;
      const fast = fastTimestamp(plain, false);
      if (fast !== undefined) expect([plain, fast]).toEqual([plain, slow(plain, T.timestamp)]);
      const d = fastDate(date);
      if (d !== undefined) expect([date, d]).toEqual([date, slow(date, T.date)]);
      else expect(() => slow(date, T.date)).toThrow();
    }
  });
  it('declines what it does not handle', () => {
    for (const s of [
      '2024-01-02 24:00:00',
      '0999-01-01 00:00:00',
      '2024-01-02 10:00:60',
      'today',
      '2024-1-2 00:00:00',
      '2024-01-02 00:00:00.1234567',
      '2024-01-02 00:00:00.',
      '2024-01-02 00:00:00+05:3',
      '2024-01-02 00:00:00+1',
      '2024-01-02 00:00:00Zx',
      '2024-01-02 00:00:00 ',
      '2024-01-02T00:00:0a',
      '2024-01-02T0:00:00',
    ])
      expect(fastTimestamp(s, true)).toBeUndefined();
    expect(fastTimestamp('2024-01-02 00:00:00+01', false)).toBeUndefined();
    expect(fastDate('2023-02-29')).toBeUndefined();
  });
});
