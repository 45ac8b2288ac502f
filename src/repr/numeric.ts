// Exact decimal numbers with PostgreSQL `numeric` semantics: an arbitrary-precision integer
// coefficient and a decimal scale (value = coef / 10^scale), plus NaN and ±Infinity.
// The display scale is kept (1.50 stays 1.50), equality and ordering ignore it (1.5 = 1.50).
// Arithmetic that needs PostgreSQL's result-scale rules lives in ../expr (numeric functions).

export type NumericSpecial = 'NaN' | 'Infinity' | '-Infinity';

export class Numeric {
  /** Finite value: coef / 10^scale. For specials coef is 0n and scale 0. */
  readonly coef: bigint;
  readonly scale: number;
  readonly special: NumericSpecial | null;

  private constructor(coef: bigint, scale: number, special: NumericSpecial | null) {
    this.coef = coef;
    this.scale = scale;
    this.special = special;
  }

  static of(coef: bigint, scale = 0): Numeric {
    if (scale < 0) return new Numeric(coef * 10n ** BigInt(-scale), 0, null);
    return new Numeric(coef, scale, null);
  }

  static readonly NaN = new Numeric(0n, 0, 'NaN');
  static readonly Infinity = new Numeric(0n, 0, 'Infinity');
  static readonly NegInfinity = new Numeric(0n, 0, '-Infinity');
  static readonly ZERO = new Numeric(0n, 0, null);
  static readonly ONE = new Numeric(1n, 0, null);

  static fromBigInt(v: bigint): Numeric {
    return new Numeric(v, 0, null);
  }

  /** Parses PostgreSQL numeric input ('12.30', '-1e5', ' NaN ', 'inf'); null if malformed. */
  static parse(text: string): Numeric | null {
    const s = text.trim();
    const lower = s.toLowerCase();
    if (lower === 'nan') return Numeric.NaN;
    if (lower === 'infinity' || lower === '+infinity' || lower === 'inf' || lower === '+inf')
      return Numeric.Infinity;
    if (lower === '-infinity' || lower === '-inf') return Numeric.NegInfinity;
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.replaceAll('_', ''));
    if (m === null) return null;
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    if (intPart === '' && fracPart === '') return null;
    if (s.includes('_') && !/^[+-]?\d+(_\d+)*(\.\d+(_\d+)*)?([eE][+-]?\d+)?$/.test(s)) return null;
    let coef = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
    if (m[1] === '-') coef = -coef;
    let scale = fracPart.length;
    if (m[4] !== undefined) {
      const exp = Number(m[4]);
      if (!Number.isFinite(exp) || Math.abs(exp) > 1_000_000) return null;
      scale -= exp;
    }
    if (scale < 0) return new Numeric(coef * 10n ** BigInt(-scale), 0, null);
    return new Numeric(coef, scale, null);
  }

  /** From a JS number (exact decimal of its shortest round-trip representation). */
  static fromNumber(v: number): Numeric {
    if (Number.isNaN(v)) return Numeric.NaN;
    if (v === Infinity) return Numeric.Infinity;
    if (v === -Infinity) return Numeric.NegInfinity;
    const parsed = Numeric.parse(String(v));
    if (parsed === null) throw new Error(`cannot convert ${v} to numeric`);
    return parsed;
  }

  isFinite(): boolean {
    return this.special === null;
  }

  isNaN(): boolean {
    return this.special === 'NaN';
  }

  sign(): number {
    if (this.special === 'Infinity') return 1;
    if (this.special === '-Infinity') return -1;
    if (this.special === 'NaN') return 0;
    return this.coef > 0n ? 1 : this.coef < 0n ? -1 : 0;
  }

  /** The same value at another scale, rounding half away from zero (PostgreSQL's rule). */
  withScale(scale: number): Numeric {
    if (this.special !== null || scale === this.scale) return this;
    if (scale > this.scale) {
      return new Numeric(this.coef * 10n ** BigInt(scale - this.scale), scale, null);
    }
    const div = 10n ** BigInt(this.scale - scale);
    let q = this.coef / div;
    const r = this.coef % div;
    const twice = (r < 0n ? -r : r) * 2n;
    if (twice >= div) q += this.coef < 0n ? -1n : 1n;
    return new Numeric(q, scale, null);
  }

  /** Removes trailing fractional zeros (the canonical form used for equality and hashing). */
  normalize(): Numeric {
    if (this.special !== null || this.scale === 0) return this;
    let coef = this.coef;
    let scale = this.scale;
    while (scale > 0 && coef % 10n === 0n) {
      coef /= 10n;
      scale--;
    }
    return scale === this.scale ? this : new Numeric(coef, scale, null);
  }

  /** Total order as PostgreSQL sorts numeric: -Infinity < finite < Infinity < NaN. */
  compare(other: Numeric): number {
    const ra = rank(this);
    const rb = rank(other);
    if (ra !== rb || ra !== 1) return ra - rb;
    if (this.scale === other.scale) return cmpBig(this.coef, other.coef);
    if (this.scale < other.scale) {
      return cmpBig(this.coef * 10n ** BigInt(other.scale - this.scale), other.coef);
    }
    return cmpBig(this.coef, other.coef * 10n ** BigInt(this.scale - other.scale));
  }

  equals(other: Numeric): boolean {
    return this.compare(other) === 0;
  }

  /** A string equal for equal values regardless of display scale. */
  key(): string {
    if (this.special !== null) return this.special;
    const n = this.normalize();
    return n.scale === 0 ? n.coef.toString() : `${n.coef.toString()}e-${n.scale}`;
  }

  toNumber(): number {
    if (this.special === 'NaN') return NaN;
    if (this.special === 'Infinity') return Infinity;
    if (this.special === '-Infinity') return -Infinity;
    return Number(this.toString());
  }

  /** PostgreSQL's text output: plain notation with the display scale. */
  toString(): string {
    if (this.special !== null) return this.special;
    const neg = this.coef < 0n;
    let digits = (neg ? -this.coef : this.coef).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const cut = digits.length - this.scale;
    return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }
}

function rank(n: Numeric): number {
  switch (n.special) {
    case '-Infinity':
      return 0;
    case null:
      return 1;
    case 'Infinity':
      return 2;
    case 'NaN':
      return 3;
  }
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
