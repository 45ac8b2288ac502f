import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import {
  compareDatum,
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  type Datum,
} from '../../src/repr/index.js';
import { decodeKey, encodeKey, prefixEnd } from '../../src/storage/key-codec.js';
import { genDatum, KINDS, Rng, type Kind } from './gen.js';
import { show, showRow } from './show.js';

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** compareDatum per column, NULLs last; a DESC column reverses the whole order (NULLs first). */
function compareTuples(a: readonly Datum[], b: readonly Datum[], desc: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareDatum(a[i]!, b[i]!);
    if (c !== 0) return desc[i] === true ? -c : c;
  }
  return 0;
}

function checkOrder(
  kinds: readonly Kind[],
  desc: readonly boolean[],
  seed: number,
  n: number,
): void {
  const rng = new Rng(seed);
  const tuples = Array.from({ length: n }, () => kinds.map((k) => genDatum(rng, k, 0.15)));
  const keys = tuples.map((t) => encodeKey(t, desc));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const expected = sign(compareTuples(tuples[i]!, tuples[j]!, desc));
      const actual = sign(Buffer.compare(keys[i]!, keys[j]!));
      if (expected !== actual) {
        throw new Error(
          `order mismatch (${kinds.join(',')}): ${showRow(tuples[i]!)} vs ${showRow(tuples[j]!)}: ` +
            `compare ${expected}, bytes ${actual}`,
        );
      }
    }
  }
}

describe('key codec', () => {
  it('sorts like compareDatum for every column kind (NULLs last), equal iff equal bytes', () => {
    KINDS.forEach((kind, i) => checkOrder([kind], [], 100 + i, 250));
  });

  it('sorts multi-column tuples lexicographically, with DESC columns (NULLs first)', () => {
    const rng = new Rng(5);
    for (let round = 0; round < 25; round++) {
      const kinds = Array.from({ length: rng.int(1, 4) }, () => rng.pick(KINDS));
      const desc = kinds.map(() => rng.chance(0.4));
      checkOrder(kinds, desc, 1000 + round, 120);
    }
  });

  it('sorts by bytes the same as sorting by compareDatum', () => {
    const rng = new Rng(9);
    const kinds: Kind[] = ['text', 'numeric', 'int'];
    const tuples = Array.from({ length: 500 }, () => kinds.map((k) => genDatum(rng, k)));
    const byCompare = [...tuples].sort((a, b) => compareTuples(a, b, []));
    const byBytes = tuples
      .map((t) => [encodeKey(t), t] as const)
      .sort((a, b) => Buffer.compare(a[0], b[0]))
      .map(([, t]) => t);
    for (let i = 0; i < tuples.length; i++) {
      expect(compareTuples(byBytes[i]!, byCompare[i]!, [])).toBe(0);
    }
  });

  it('gives equal values equal bytes', () => {
    const same = (a: Datum, b: Datum): void =>
      expect(encodeKey([a]).equals(encodeKey([b]))).toBe(true);
    same(0, -0);
    same(NaN, -NaN);
    same(Numeric.parse('1.5')!, Numeric.parse('1.500')!);
    same(Numeric.parse('100')!, Numeric.parse('1e2')!);
    same(Numeric.parse('0.00')!, Numeric.ZERO);
    same(new Interval(1, 0, 0n), new Interval(0, 30, 0n));
    same(new Jsonb(Numeric.parse('2.0')!), new Jsonb(Numeric.parse('2')!));
  });

  it('orders the edge cases PostgreSQL defines', () => {
    const ordered = (xs: Datum[]): void => {
      for (let i = 1; i < xs.length; i++) {
        expect(Buffer.compare(encodeKey([xs[i - 1]!]), encodeKey([xs[i]!]))).toBe(-1);
      }
    };
    ordered([-Infinity, -1e300, -1, -5e-324, 0, 5e-324, 1, Infinity, NaN, null]);
    ordered([-(2n ** 63n), -256n, -255n, -1n, 0n, 1n, 255n, 256n, 2n ** 63n - 1n, 2n ** 100n]);
    ordered(
      [
        '-Infinity',
        '-1000',
        '-999.9',
        '-0.001',
        '0',
        '1e-30',
        '0.5',
        '0.51',
        '9',
        '10',
        'Infinity',
        'NaN',
      ].map((s) => Numeric.parse(s)!),
    );
    ordered(['', '\u0000', '\u0000\u0000', 'a', 'a\u0000', 'ab', 'b', '\uffff', '😀']);
    ordered([new Uint8Array([]), new Uint8Array([0]), new Uint8Array([0, 0]), new Uint8Array([1])]);
    ordered([false, true]);
    ordered([new Interval(0, 0, -1n), new Interval(0, 1, 0n), new Interval(1, 0, 1n)]);
    // jsonb: null < string < number < boolean < array < object; strings by length first.
    ordered(
      [null, 'b', 'aa', Numeric.parse('-1')!, Numeric.ONE, false, true, [], [null], new Map()].map(
        (v) => new Jsonb(v),
      ),
    );
    ordered([
      PgArray.of([]),
      PgArray.of([1]),
      PgArray.of([1, 2]),
      PgArray.of([1, null]),
      PgArray.of([2]),
    ]);
    ordered([new RecordDatum([1]), new RecordDatum([1, 'a']), new RecordDatum([null])]);
  });

  it('makes a prefix tuple a byte prefix and bounds it with prefixEnd', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 300; i++) {
      const a = genDatum(rng, 'text');
      const b = genDatum(rng, 'int');
      const full = encodeKey([a, b]);
      const p = encodeKey([a]);
      expect(full.subarray(0, p.length).equals(p)).toBe(true);
      expect(Buffer.compare(full, prefixEnd(p)!)).toBe(-1);
      const other = genDatum(rng, 'text');
      if (compareDatum(other, a) > 0) {
        expect(Buffer.compare(encodeKey([other, b]), prefixEnd(p)!)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(prefixEnd(Buffer.from([1, 0xff, 0xff]))).toEqual(Buffer.from([2]));
    expect(prefixEnd(Buffer.from([0xff]))).toBeNull();
  });

  it('decodes back to equal values (exactly, except numeric scale and interval split)', () => {
    const rng = new Rng(11);
    for (let round = 0; round < 400; round++) {
      const kinds = Array.from({ length: rng.int(1, 3) }, () => rng.pick(KINDS));
      const desc = kinds.map(() => rng.chance(0.5));
      const t = kinds.map((k) => genDatum(rng, k));
      const back = decodeKey(encodeKey(t, desc), desc);
      expect(back.length).toBe(t.length);
      t.forEach((d, i) => {
        expect(compareDatum(back[i]!, d)).toBe(0);
        const lossy = kinds[i] === 'numeric' || kinds[i] === 'interval' || kinds[i] === 'jsonb';
        const exact = kinds[i] === 'float' ? Object.is(d, -0) === false : !lossy;
        if (exact) expect(show(back[i]!)).toBe(show(d));
      });
    }
    expect(show(decodeKey(encodeKey([Numeric.parse('1.50')!]))[0]!)).toBe('d:15/1/null');
    expect(show(decodeKey(encodeKey([Numeric.parse('-1200')!]))[0]!)).toBe('d:-1200/0/null');
    expect(show(decodeKey(encodeKey([new Interval(1, 2, 3n)]))[0]!)).toBe(
      `v:0,0,${new Interval(1, 2, 3n).span()}`,
    );
    expect(decodeKey(encodeKey([1, 'a', 2n]), [], 2)).toEqual([1, 'a']);
  });

  it('rejects keys longer than LMDB allows with SQLSTATE 54000', () => {
    let err: unknown;
    try {
      encodeKey(['x'.repeat(5000)]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EddyError);
    expect((err as EddyError).code).toBe('54000');
  });
});
