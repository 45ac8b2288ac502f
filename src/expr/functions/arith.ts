// Arithmetic operators: + - * / % for int2/int4/int8 (with the cross-width pairs PostgreSQL has),
// float4/float8 and numeric; unary - + @; ^ |/ ||/; bitwise & | # ~ << >> on integers; and
// factorial(). Overflow raises 22003 with PostgreSQL's message, division by zero 22012.
import type { Datum } from '../../repr/datum.js';
import type { Numeric } from '../../repr/numeric.js';
import { divisionByZero } from '../../errors/index.js';
import type { ScalarFunc } from '../signature.js';
import type { FunctionModule } from '../registry.js';
import * as N from '../numeric-math/index.js';
import {
  big,
  fn,
  intResult,
  INT_NAMES,
  RET,
  widerInt,
  type FloatName,
  type IntName,
} from './core-util.js';
import { fadd, fdiv, fmul, fpow, fsqrt, fsub, in4 } from './core-float.js';

type IntOp = '+' | '-' | '*' | '/';

function intBinary(op: IntOp, a: Datum, b: Datum, t: IntName): Datum {
  if (t !== 'int8' && typeof a === 'number' && typeof b === 'number') {
    let r: number;
    switch (op) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        if (b === 0) throw divisionByZero();
        r = Math.trunc(a / b);
        break;
    }
    return intResult(BigInt(r), t);
  }
  const x = big(a);
  const y = big(b);
  switch (op) {
    case '+':
      return intResult(x + y, t);
    case '-':
      return intResult(x - y, t);
    case '*':
      return intResult(x * y, t);
    case '/':
      if (y === 0n) throw divisionByZero();
      return intResult(x / y, t);
  }
}

function intOps(): ScalarFunc[] {
  const out: ScalarFunc[] = [];
  for (const l of INT_NAMES) {
    for (const r of INT_NAMES) {
      const t = widerInt(l, r);
      for (const op of ['+', '-', '*', '/'] as const) {
        out.push(fn(op, [l, r], RET[t], ([a, b]) => intBinary(op, a!, b!, t)));
      }
    }
    out.push(
      fn('%', [l, l], RET[l], ([a, b]) => {
        const y = big(b!);
        if (y === 0n) throw divisionByZero();
        return intResult(big(a!) % y, l);
      }),
      fn('-', [l], RET[l], ([a]) => intResult(-big(a!), l)),
      fn('+', [l], RET[l], ([a]) => a!),
      fn('@', [l], RET[l], ([a]) => {
        const v = big(a!);
        return intResult(v < 0n ? -v : v, l);
      }),
      ...bitwise(l),
    );
  }
  return out;
}

function bitwise(t: IntName): ScalarFunc[] {
  const bits = t === 'int2' ? 16 : t === 'int4' ? 32 : 64;
  const wrap = (v: bigint): Datum => {
    const r = BigInt.asIntN(bits, v);
    return t === 'int8' ? r : Number(r);
  };
  // C shifts of the (promoted) int by a count taken modulo the register width.
  const width = t === 'int8' ? 64n : 32n;
  const shiftCount = (n: Datum): bigint => BigInt(n as number) & (width - 1n);
  return [
    fn('&', [t, t], RET[t], ([a, b]) => wrap(big(a!) & big(b!))),
    fn('|', [t, t], RET[t], ([a, b]) => wrap(big(a!) | big(b!))),
    fn('#', [t, t], RET[t], ([a, b]) => wrap(big(a!) ^ big(b!))),
    fn('~', [t], RET[t], ([a]) => wrap(~big(a!))),
    fn('<<', [t, 'int4'], RET[t], ([a, n]) =>
      wrap(BigInt.asIntN(Number(width), big(a!) << shiftCount(n!))),
    ),
    fn('>>', [t, 'int4'], RET[t], ([a, n]) => wrap(big(a!) >> shiftCount(n!))),
  ];
}

const FLOAT_NAMES: readonly FloatName[] = ['float4', 'float8'];
const FLOAT_KERNELS = { '+': fadd, '-': fsub, '*': fmul, '/': fdiv } as const;

function floatOps(): ScalarFunc[] {
  const out: ScalarFunc[] = [];
  for (const l of FLOAT_NAMES) {
    for (const r of FLOAT_NAMES) {
      const t: FloatName = l === 'float4' && r === 'float4' ? 'float4' : 'float8';
      for (const op of ['+', '-', '*', '/'] as const) {
        const k = FLOAT_KERNELS[op];
        out.push(
          fn(op, [l, r], RET[t], ([a, b]) => {
            const x = a as number;
            const y = b as number;
            return t === 'float4' ? in4(k(x, y), x, y) : k(x, y);
          }),
        );
      }
    }
    out.push(
      fn('-', [l], RET[l], ([a]) => -(a as number)),
      fn('+', [l], RET[l], ([a]) => a!),
      fn('@', [l], RET[l], ([a]) => Math.abs(a as number)),
    );
  }
  out.push(
    fn('^', ['float8', 'float8'], RET.float8, ([a, b]) => fpow(a as number, b as number)),
    fn('|/', ['float8'], RET.float8, ([a]) => fsqrt(a as number)),
    fn('||/', ['float8'], RET.float8, ([a]) => Math.cbrt(a as number)),
  );
  return out;
}

const num = (f: (a: Numeric, b: Numeric) => Numeric) => (args: readonly Datum[]) =>
  f(args[0] as Numeric, args[1] as Numeric);

const numericOps: ScalarFunc[] = [
  fn('+', ['numeric', 'numeric'], RET.numeric, num(N.numericAdd)),
  fn('-', ['numeric', 'numeric'], RET.numeric, num(N.numericSub)),
  fn('*', ['numeric', 'numeric'], RET.numeric, num(N.numericMul)),
  fn(
    '/',
    ['numeric', 'numeric'],
    RET.numeric,
    num((a, b) => N.numericDiv(a, b)),
  ),
  fn('%', ['numeric', 'numeric'], RET.numeric, num(N.numericMod)),
  fn('^', ['numeric', 'numeric'], RET.numeric, num(N.numericPower)),
  fn('-', ['numeric'], RET.numeric, ([a]) => N.numericNeg(a as Numeric)),
  fn('+', ['numeric'], RET.numeric, ([a]) => a!),
  fn('@', ['numeric'], RET.numeric, ([a]) => N.numericAbs(a as Numeric)),
];

export const module: FunctionModule = {
  operators: [...intOps(), ...floatOps(), ...numericOps],
  scalars: [
    fn('factorial', ['int8'], RET.numeric, ([a]) => N.numericFactorial(a as bigint), { oid: 1376 }),
  ],
};
