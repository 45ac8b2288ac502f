// float4/float8 arithmetic kernels with PostgreSQL's overflow, underflow and division errors
// (float.h: float8_pl, float8_mul, float8_div, dpow, dsqrt, dexp, dlog1, ...).
import {
  divisionByZero,
  invalidArgumentForLogarithm,
  invalidArgumentForPowerFunction,
  numericValueOutOfRange,
} from '../../errors/index.js';
import * as libm from './libm/index.js';

function overflow(): never {
  throw numericValueOutOfRange('value out of range: overflow');
}

function underflow(): never {
  throw numericValueOutOfRange('value out of range: underflow');
}

const isInf = (x: number): boolean => x === Infinity || x === -Infinity;

export function fadd(a: number, b: number): number {
  const r = a + b;
  if (isInf(r) && !isInf(a) && !isInf(b)) overflow();
  return r;
}

export function fsub(a: number, b: number): number {
  const r = a - b;
  if (isInf(r) && !isInf(a) && !isInf(b)) overflow();
  return r;
}

export function fmul(a: number, b: number): number {
  const r = a * b;
  if (isInf(r) && !isInf(a) && !isInf(b)) overflow();
  if (r === 0 && a !== 0 && b !== 0) underflow();
  return r;
}

export function fdiv(a: number, b: number): number {
  if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
  const r = a / b;
  if (isInf(r) && !isInf(a)) overflow();
  if (r === 0 && a !== 0 && !isInf(b)) underflow();
  return r;
}

/** Applies a float8 kernel in float4 precision (checking float4 overflow). */
export function in4(r: number, a: number, b: number): number {
  const f = Math.fround(r);
  if (isInf(f) && !isInf(a) && !isInf(b)) overflow();
  if (f === 0 && r !== 0) underflow();
  return f;
}

export function fpow(a: number, b: number): number {
  if (Number.isNaN(a)) return b === 0 ? 1 : NaN;
  if (Number.isNaN(b)) return a === 1 ? 1 : NaN;
  if (a === 0 && b < 0) {
    throw invalidArgumentForPowerFunction('zero raised to a negative power is undefined');
  }
  if (a < 0 && Math.floor(b) !== b) {
    throw invalidArgumentForPowerFunction(
      'a negative number raised to a non-integer power yields a complex result',
    );
  }
  // POSIX pow(): 1^y = 1 and (-1)^±Inf = 1 (JavaScript says NaN).
  if (a === 1) return 1;
  if (a === -1 && isInf(b)) return 1;
  const r = libm.pow(a, b);
  if (isInf(r) && !isInf(a) && !isInf(b)) overflow();
  if (r === 0 && a !== 0 && !isInf(a) && !isInf(b)) underflow();
  return r;
}

export function fsqrt(a: number): number {
  if (a < 0) throw invalidArgumentForPowerFunction('cannot take square root of a negative number');
  return Math.sqrt(a);
}

export function fexp(a: number): number {
  const r = libm.exp(a);
  if (isInf(r) && !isInf(a)) overflow();
  if (r === 0 && !isInf(a)) underflow();
  return r;
}

function checkLogArg(a: number): void {
  if (a === 0) throw invalidArgumentForLogarithm('cannot take logarithm of zero');
  if (a < 0) throw invalidArgumentForLogarithm('cannot take logarithm of a negative number');
}

export function fln(a: number): number {
  checkLogArg(a);
  return libm.log(a);
}

export function flog10(a: number): number {
  checkLogArg(a);
  return libm.log10(a);
}

/** C rint: round half to even. */
export function frint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}
