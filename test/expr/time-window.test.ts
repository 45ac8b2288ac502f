// The window arithmetic behind TUMBLE and HOP: exact cases around the epoch and the ends of the
// timestamp range, the argument checks with their SQLSTATEs, and random times, sizes, slides and
// offsets against a scan of candidate windows straight from the definition.
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { Interval, TS_NEG_INFINITY, TS_POS_INFINITY } from '../../src/repr/index.js';
import {
  MAX_WINDOWS_PER_ROW,
  hopSpec,
  tumbleSpec,
  windowsContaining,
} from '../../src/expr/time-window.js';
import { prng } from '../dataflow/helpers.js';

const S = 1_000_000n;
const us = (micros: bigint): Interval => new Interval(0, 0, micros);
const ivl = (days: number, micros: bigint): Interval => new Interval(0, days, micros);

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EddyError) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('windowsContaining', () => {
  it('TUMBLE: floors to a multiple of the size since the epoch, also before it', () => {
    const spec = tumbleSpec(us(120n * S));
    expect(windowsContaining(90n * S, spec)).toEqual([[0n, 120n * S]]);
    expect(windowsContaining(120n * S, spec)).toEqual([[120n * S, 240n * S]]);
    expect(windowsContaining(119_999_999n, spec)).toEqual([[0n, 120n * S]]);
    expect(windowsContaining(-1n, spec)).toEqual([[-120n * S, 0n]]);
    expect(windowsContaining(-120n * S, spec)).toEqual([[-120n * S, 0n]]);
  });

  it('TUMBLE: an offset shifts the grid, modulo the size', () => {
    const hour = 3600n * S;
    for (const offset of [15n, 75n, -45n]) {
      const spec = tumbleSpec(us(hour), us(offset * 60n * S));
      expect(windowsContaining(0n, spec)).toEqual([[-45n * 60n * S, 15n * 60n * S]]);
    }
    // Days count as 24 hours.
    expect(windowsContaining(0n, tumbleSpec(ivl(1, 0n), ivl(0, 6n * hour)))).toEqual([
      [-18n * hour, 6n * hour],
    ]);
  });

  it('HOP: size / slide windows, earliest first, aligned to the slide', () => {
    const spec = hopSpec(us(60n * S), us(180n * S));
    expect(windowsContaining(90n * S, spec)).toEqual([
      [-60n * S, 120n * S],
      [0n, 180n * S],
      [60n * S, 240n * S],
    ]);
    // A time on a window boundary starts a window and is not in the one that ends there.
    expect(windowsContaining(60n * S, spec).map(([s]) => s)).toEqual([-60n * S, 0n, 60n * S]);
    const shifted = hopSpec(us(120n * S), us(240n * S), us(30n * S));
    expect(windowsContaining(90n * S, shifted)).toEqual([
      [-90n * S, 150n * S],
      [30n * S, 270n * S],
    ]);
  });

  it('puts infinite times in no window, and refuses windows outside the timestamp range', () => {
    const spec = tumbleSpec(ivl(1, 0n));
    expect(windowsContaining(TS_POS_INFINITY, spec)).toEqual([]);
    expect(windowsContaining(TS_NEG_INFINITY, spec)).toEqual([]);
    const endOfTime = 9_224_318_016_000_000_000n; // 294277-01-01, the first invalid timestamp
    expect(code(() => windowsContaining(endOfTime - 1n, spec))).toBe(
      '22008 timestamp out of range',
    );
    expect(windowsContaining(endOfTime - 2n, tumbleSpec(us(1n)))).toEqual([
      [endOfTime - 2n, endOfTime - 1n],
    ]);
  });

  it('agrees with a scan of candidate windows on random arguments', () => {
    const rnd = prng(7);
    for (let i = 0; i < 2000; i++) {
      const hop = BigInt(1 + rnd.int(1000)) * (rnd.next() < 0.5 ? 1n : 997n);
      const units = BigInt(1 + rnd.int(6));
      const size = hop * units;
      const offset = BigInt(rnd.int(4000) - 2000) * 13n;
      const t = BigInt(rnd.int(2_000_000) - 1_000_000) * 12_347n;
      const spec =
        units === 1n && rnd.next() < 0.5
          ? tumbleSpec(us(size), us(offset))
          : hopSpec(us(hop), us(size), us(offset));
      const expected: [bigint, bigint][] = [];
      const first = t - size - hop;
      for (let s = first - ((((first - offset) % hop) + hop) % hop); s <= t; s += hop) {
        if (t < s + size) expected.push([s, s + size]);
      }
      expect(windowsContaining(t, spec), `t=${t} hop=${hop} size=${size} off=${offset}`).toEqual(
        expected,
      );
    }
  });
});

describe('argument checks', () => {
  it('refuses non-positive sizes and slides (22023)', () => {
    expect(code(() => tumbleSpec(us(0n)))).toBe(
      '22023 TUMBLE window size must be greater than zero',
    );
    expect(code(() => tumbleSpec(ivl(-1, 0n)))).toMatch(/^22023 /);
    // '1 day -24 hours' is zero long.
    expect(code(() => tumbleSpec(ivl(1, -86_400n * S)))).toMatch(/^22023 /);
    expect(code(() => hopSpec(us(0n), us(S)))).toBe(
      '22023 HOP window slide must be greater than zero',
    );
    expect(code(() => hopSpec(us(S), us(-S)))).toBe(
      '22023 HOP window size must be greater than zero',
    );
  });

  it('refuses a HOP size that is not a whole number of slides (22023)', () => {
    expect(code(() => hopSpec(us(120n * S), us(180n * S)))).toBe(
      '22023 HOP window size 00:03:00 is not a multiple of the window slide 00:02:00',
    );
  });

  it('refuses months (0A000) and NULLs (22004), but takes negative offsets', () => {
    expect(code(() => tumbleSpec(new Interval(1, 0, 0n)))).toBe(
      '0A000 TUMBLE window size cannot contain months or years',
    );
    expect(code(() => hopSpec(us(S), us(S), new Interval(-12, 0, 0n)))).toBe(
      '0A000 HOP window offset cannot contain months or years',
    );
    expect(code(() => tumbleSpec(null))).toBe('22004 TUMBLE window size must not be null');
    expect(code(() => tumbleSpec(us(S), null))).toBe('22004 TUMBLE window offset must not be null');
    expect(tumbleSpec(us(S), us(-5n * S))).toEqual({ size: S, hop: S, offset: -5n * S });
  });

  it(`refuses more than ${MAX_WINDOWS_PER_ROW} windows per row (54000)`, () => {
    expect(hopSpec(us(1n), us(BigInt(MAX_WINDOWS_PER_ROW))).size).toBe(BigInt(MAX_WINDOWS_PER_ROW));
    expect(code(() => hopSpec(us(1n), us(BigInt(MAX_WINDOWS_PER_ROW) + 1n)))).toMatch(/^54000 /);
  });
});
