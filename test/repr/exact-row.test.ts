// sameExactRow must agree with comparing exactRowKey strings (the identity of a row in a
// multiset): 0 and -0 differ, NaN is NaN, 1.5 and 1.50 differ, 1 and 1n differ.
import { describe, expect, it } from 'vitest';
import { exactRowKey, Interval, Numeric, sameExactRow, type Datum } from '../../src/repr/index.js';

const VALUES: Datum[] = [
  null,
  0,
  -0,
  1,
  NaN,
  1n,
  0n,
  '',
  '1',
  'a',
  true,
  false,
  Numeric.of(15n, 1),
  Numeric.of(150n, 2),
  Numeric.of(15n, 1),
  Numeric.NaN,
  new Interval(0, 1, 0n),
  new Interval(0, 0, 86_400_000_000n),
  new Interval(0, 1, 0n),
  new Uint8Array([1, 2]),
  new Uint8Array([1, 2]),
];

describe('sameExactRow', () => {
  it('agrees with exactRowKey on every pair of values and on rows of them', () => {
    for (const x of VALUES)
      for (const y of VALUES)
        expect(sameExactRow([x], [y]), `${String(x)} vs ${String(y)}`).toBe(
          exactRowKey([x]) === exactRowKey([y]),
        );
    let seed = 7;
    const pick = (): Datum => {
      seed = (seed * 16807) % 2147483647;
      return VALUES[seed % VALUES.length]!;
    };
    for (let i = 0; i < 2000; i++) {
      const a = [pick(), pick(), pick()];
      const b = i % 3 === 0 ? [...a] : [a[0]!, pick(), a[2]!];
      expect(sameExactRow(a, b)).toBe(exactRowKey(a) === exactRowKey(b));
    }
    expect(sameExactRow([1], [1, 2])).toBe(false);
  });
});
