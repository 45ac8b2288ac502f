// Mathematical functions (PostgreSQL's "Mathematical Functions and Operators" table) for
// float8 and numeric (and integers where PostgreSQL has them): abs, ceil, floor, round, trunc,
// sign, sqrt, cbrt, exp, ln, log, log10, power, mod, div, gcd, lcm, width_bucket, scale,
// min_scale, trim_scale, pi, degrees/radians, trigonometry, random and setseed, to_char of
// numbers (number-format.ts), gen_random_uuid.
import { randomUUID } from 'node:crypto';
import type { Datum } from '../../repr/datum.js';
import { Numeric } from '../../repr/numeric.js';
import { T, type SqlType } from '../../repr/types.js';
import { divisionByZero, invalidArgumentForWidthBucketFunction } from '../../errors/index.js';
import type { ScalarFunc } from '../signature.js';
import type { FunctionModule } from '../registry.js';
import * as N from '../numeric-math/index.js';
import { big, fn, intResult, INT_NAMES, RET, type IntName } from './core-util.js';
import { fexp, fln, flog10, fpow, frint, fsqrt } from './core-float.js';
import { trig, trigd } from './core-trig.js';
import { randomDouble, setSeed } from './core-random.js';
import { floatToChar, numericToChar } from './number-format.js';

const f8 =
  (f: (x: number) => number) =>
  (name: string): ScalarFunc =>
    fn(name, ['float8'], RET.float8, ([a]) => f(a as number));
const nm = (name: string, f: (x: Numeric) => Datum, ret: SqlType = RET.numeric): ScalarFunc =>
  fn(name, ['numeric'], ret, ([a]) => f(a as Numeric));
const nm2 = (name: string, f: (x: Numeric, y: Numeric) => Numeric): ScalarFunc =>
  fn(name, ['numeric', 'numeric'], RET.numeric, ([a, b]) => f(a as Numeric, b as Numeric));

const TEN = Numeric.of(10n, 0);

function bigGcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function intFuncs(t: IntName): ScalarFunc[] {
  return [
    fn('abs', [t], RET[t], ([a]) => {
      const v = big(a!);
      return intResult(v < 0n ? -v : v, t);
    }),
    fn('mod', [t, t], RET[t], ([a, b]) => {
      const y = big(b!);
      if (y === 0n) throw divisionByZero();
      return intResult(big(a!) % y, t);
    }),
    ...(t === 'int2'
      ? []
      : [
          fn('gcd', [t, t], RET[t], ([a, b]) => intResult(bigGcd(big(a!), big(b!)), t)),
          fn('lcm', [t, t], RET[t], ([a, b]) => {
            const x = big(a!);
            const y = big(b!);
            if (x === 0n || y === 0n) return intResult(0n, t);
            const r = (x / bigGcd(x, y)) * y;
            return intResult(r < 0n ? -r : r, t);
          }),
        ]),
  ];
}

function widthBucketFloat(op: number, b1: number, b2: number, count: number): number {
  if (count <= 0) throw invalidArgumentForWidthBucketFunction('count must be greater than zero');
  if (Number.isNaN(op) || Number.isNaN(b1) || Number.isNaN(b2)) {
    throw invalidArgumentForWidthBucketFunction(
      'operand, lower bound, and upper bound cannot be NaN',
    );
  }
  if (!Number.isFinite(b1) || !Number.isFinite(b2)) {
    throw invalidArgumentForWidthBucketFunction('lower and upper bounds must be finite');
  }
  if (b1 === b2) {
    throw invalidArgumentForWidthBucketFunction('lower bound cannot equal upper bound');
  }
  const lo = b1 < b2;
  if (lo ? op < b1 : op > b1) return 0;
  if (lo ? op >= b2 : op <= b2) return Number(intResult(BigInt(count) + 1n, 'int4'));
  const frac = lo ? (op - b1) / (b2 - b1) : (b1 - op) / (b1 - b2);
  let r = Math.trunc(count * frac);
  if (r >= count) r = count - 1;
  return r + 1;
}

function widthBucketNumeric(op: Numeric, b1: Numeric, b2: Numeric, count: number): number {
  if (count <= 0) throw invalidArgumentForWidthBucketFunction('count must be greater than zero');
  if (op.isNaN() || b1.isNaN() || b2.isNaN()) {
    throw invalidArgumentForWidthBucketFunction(
      'operand, lower bound, and upper bound cannot be NaN',
    );
  }
  if (!b1.isFinite() || !b2.isFinite()) {
    throw invalidArgumentForWidthBucketFunction('lower and upper bounds must be finite');
  }
  const c = b1.compare(b2);
  if (c === 0) throw invalidArgumentForWidthBucketFunction('lower bound cannot equal upper bound');
  const lo = c < 0;
  if (lo ? op.compare(b1) < 0 : op.compare(b1) > 0) return 0;
  if (lo ? op.compare(b2) >= 0 : op.compare(b2) <= 0) {
    return Number(intResult(BigInt(count) + 1n, 'int4'));
  }
  const num = lo ? N.numericSub(op, b1) : N.numericSub(b1, op);
  const den = lo ? N.numericSub(b2, b1) : N.numericSub(b1, b2);
  const scaled = N.numericMul(num, Numeric.of(BigInt(count), 0));
  return Number(N.numericDivTrunc(scaled, den).coef) + 1;
}

const trigFuncs: ScalarFunc[] = [
  ...Object.entries(trig).map(([name, f]) =>
    f.length === 2
      ? fn(name, ['float8', 'float8'], RET.float8, ([a, b]) =>
          (f as (y: number, x: number) => number)(a as number, b as number),
        )
      : f8(f as (x: number) => number)(name),
  ),
  ...Object.entries(trigd).map(([name, f]) =>
    f.length === 2
      ? fn(name, ['float8', 'float8'], RET.float8, ([a, b]) =>
          (f as (y: number, x: number) => number)(a as number, b as number),
        )
      : f8(f as (x: number) => number)(name),
  ),
];

export const module: FunctionModule = {
  scalars: [
    ...INT_NAMES.flatMap(intFuncs),
    fn('abs', ['float4'], RET.float4, ([a]) => Math.abs(a as number)),
    f8(Math.abs)('abs'),
    nm('abs', N.numericAbs),
    f8(Math.ceil)('ceil'),
    f8(Math.ceil)('ceiling'),
    nm('ceil', N.numericCeil),
    nm('ceiling', N.numericCeil),
    f8(Math.floor)('floor'),
    nm('floor', N.numericFloor),
    f8(frint)('round'),
    nm('round', (x) => N.numericRound(x, 0)),
    fn('round', ['numeric', 'int4'], RET.numeric, ([a, s]) =>
      N.numericRound(a as Numeric, s as number),
    ),
    f8(Math.trunc)('trunc'),
    nm('trunc', (x) => N.numericTrunc(x, 0)),
    fn('trunc', ['numeric', 'int4'], RET.numeric, ([a, s]) =>
      N.numericTrunc(a as Numeric, s as number),
    ),
    f8((x) => (x > 0 ? 1 : x < 0 ? -1 : 0))('sign'),
    nm('sign', N.numericSign),
    f8(fsqrt)('sqrt'),
    nm('sqrt', N.numericSqrt),
    f8(Math.cbrt)('cbrt'),
    f8(fexp)('exp'),
    nm('exp', N.numericExp),
    f8(fln)('ln'),
    nm('ln', N.numericLn),
    f8(flog10)('log'),
    f8(flog10)('log10'),
    nm('log', (x) => N.numericLog(TEN, x)),
    nm('log10', (x) => N.numericLog(TEN, x)),
    nm2('log', N.numericLog),
    fn('power', ['float8', 'float8'], RET.float8, ([a, b]) => fpow(a as number, b as number)),
    fn('pow', ['float8', 'float8'], RET.float8, ([a, b]) => fpow(a as number, b as number)),
    nm2('power', N.numericPower),
    nm2('pow', N.numericPower),
    nm2('mod', N.numericMod),
    nm2('div', N.numericDivTrunc),
    nm2('gcd', N.numericGcd),
    nm2('lcm', N.numericLcm),
    nm('scale', N.numericScale, RET.int4),
    nm('min_scale', N.numericMinScale, RET.int4),
    nm('trim_scale', N.numericTrimScale),
    fn('pi', [], RET.float8, () => Math.PI),
    ...trigFuncs,
    fn('random', [], RET.float8, () => randomDouble(), { volatility: 'volatile' }),
    ...INT_NAMES.map((t) =>
      fn('to_char', [t, 'text'], RET.text, ([v, f]) =>
        numericToChar(Numeric.fromBigInt(BigInt(v as number | bigint)), f as string),
      ),
    ),
    fn('to_char', ['numeric', 'text'], RET.text, ([v, f]) =>
      numericToChar(v as Numeric, f as string),
    ),
    fn('to_char', ['float4', 'text'], RET.text, ([v, f]) =>
      floatToChar(v as number, f as string, true),
    ),
    fn('to_char', ['float8', 'text'], RET.text, ([v, f]) =>
      floatToChar(v as number, f as string, false),
    ),
    // A version 4 UUID from the system's strong random source (setseed does not touch it).
    fn('gen_random_uuid', [], T.uuid, () => randomUUID(), { volatility: 'volatile' }),
    fn(
      'setseed',
      ['float8'],
      T.void,
      ([x]) => {
        setSeed(x as number);
        return null;
      },
      { volatility: 'volatile' },
    ),
    fn('width_bucket', ['float8', 'float8', 'float8', 'int4'], RET.int4, ([o, a, b, c]) =>
      widthBucketFloat(o as number, a as number, b as number, c as number),
    ),
    fn('width_bucket', ['numeric', 'numeric', 'numeric', 'int4'], RET.int4, ([o, a, b, c]) =>
      widthBucketNumeric(o as Numeric, a as Numeric, b as Numeric, c as number),
    ),
  ],
};
