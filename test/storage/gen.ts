// Random datums for the storage codec property tests: a seeded PRNG and generators per column
// kind, biased toward edge cases (-0, NaN, ±Infinity, int64 extremes, equal numerics at
// different scales, NULs and surrogate pairs in text, common prefixes).
import {
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
  type Datum,
  type JsonNode,
} from '../../src/repr/index.js';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const KINDS = [
  'int',
  'float',
  'bigint',
  'numeric',
  'text',
  'bytea',
  'bool',
  'interval',
  'jsonb',
  'intArray',
  'textArray',
  'record',
  'timestamp',
] as const;
export type Kind = (typeof KINDS)[number];

const FLOATS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 5e-324, 1e308];
const BIGS = [0n, 1n, -1n, 255n, 256n, -255n, -256n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 40n];
const CHARS = ['a', 'b', 'z', 'A', '\u0000', '\u00e9', '\u20ac', '\uffff', '\ud83d\ude00', ' '];

export function genDatum(rng: Rng, kind: Kind, nullP = 0.1): Datum {
  if (rng.chance(nullP)) return null;
  switch (kind) {
    case 'int':
      return rng.chance(0.5) ? rng.int(-5, 5) : rng.int(-2147483648, 2147483647);
    case 'float':
      return rng.chance(0.5) ? rng.pick(FLOATS) : (rng.next() - 0.5) * 10 ** rng.int(-10, 10);
    case 'bigint':
      return rng.chance(0.4)
        ? rng.pick(BIGS)
        : BigInt(rng.int(-1e9, 1e9)) * BigInt(rng.int(-1e6, 1e6));
    case 'timestamp':
      return rng.chance(0.1)
        ? rng.pick([TS_NEG_INFINITY, TS_POS_INFINITY])
        : BigInt(rng.int(-1e15, 1e15));
    case 'numeric':
      return genNumeric(rng);
    case 'text':
      return genText(rng);
    case 'bytea': {
      const n = rng.int(0, 6);
      return Uint8Array.from({ length: n }, () => rng.pick([0, 1, 0x7f, 0x80, 0xfe, 0xff]));
    }
    case 'bool':
      return rng.chance(0.5);
    case 'interval':
      return new Interval(
        rng.int(-3, 3),
        rng.int(-40, 40),
        BigInt(rng.int(-3, 3)) * 3_600_000_000n,
      );
    case 'jsonb':
      return new Jsonb(genJson(rng, 3));
    case 'intArray':
      return genArray(rng, () => genDatum(rng, 'int', 0.15));
    case 'textArray':
      return genArray(rng, () => genDatum(rng, 'text', 0.15));
    case 'record':
      return new RecordDatum(
        Array.from({ length: rng.int(0, 3) }, (_, i) =>
          genDatum(rng, i % 2 === 0 ? 'int' : 'text', 0.2),
        ),
      );
  }
}

function genNumeric(rng: Rng): Numeric {
  if (rng.chance(0.1)) return rng.pick([Numeric.NaN, Numeric.Infinity, Numeric.NegInfinity]);
  const coef = rng.chance(0.5)
    ? BigInt(rng.int(-20, 20))
    : BigInt(rng.int(-1e9, 1e9)) * 10n ** BigInt(rng.int(0, 25));
  const scale = rng.int(0, 30);
  // Same value at a larger scale now and then (1.5 vs 1.500).
  const extra = rng.chance(0.3) ? rng.int(1, 3) : 0;
  return Numeric.of(coef * 10n ** BigInt(extra), scale + extra);
}

function genText(rng: Rng): string {
  let s = '';
  const n = rng.int(0, 5);
  for (let i = 0; i < n; i++) s += rng.pick(CHARS);
  return s;
}

function genArray(rng: Rng, elem: () => Datum): PgArray {
  const n = rng.int(0, 4);
  const elements = Array.from({ length: n }, elem);
  if (n === 4 && rng.chance(0.5)) {
    return new PgArray(elements, [
      { length: 2, lower: 1 },
      { length: 2, lower: 1 },
    ]);
  }
  return n === 0 ? PgArray.of([]) : new PgArray(elements, [{ length: n, lower: rng.int(0, 2) }]);
}

function genJson(rng: Rng, depth: number): JsonNode {
  const r = rng.int(0, depth > 0 ? 5 : 3);
  switch (r) {
    case 0:
      return null;
    case 1:
      return genText(rng).replaceAll('\u0000', '');
    case 2: {
      const n = genNumeric(rng);
      return n.isFinite() ? n : Numeric.of(BigInt(rng.int(-100, 100)), rng.int(0, 2));
    }
    case 3:
      return rng.chance(0.5);
    case 4:
      return Array.from({ length: rng.int(0, 3) }, () => genJson(rng, depth - 1));
    default: {
      // jsonb keeps keys unique and sorted: shorter first, then bytewise.
      const keys = [...new Set(Array.from({ length: rng.int(0, 3) }, () => genText(rng)))];
      keys.sort((a, b) => {
        const la = Buffer.byteLength(a);
        const lb = Buffer.byteLength(b);
        return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
      });
      return new Map(keys.map((k) => [k, genJson(rng, depth - 1)]));
    }
  }
}

/** Any datum (for the row codec): a random kind, sometimes nested. */
export function genAnyDatum(rng: Rng): Datum {
  return genDatum(rng, rng.pick(KINDS));
}
