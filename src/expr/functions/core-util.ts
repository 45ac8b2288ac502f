// Small builders shared by the core function modules (compare, arith, math, string, pattern):
// `fn` makes a strict immutable ScalarFunc unless told otherwise, and a few integer/float
// helpers raise PostgreSQL's overflow errors.
import type { Datum } from '../../repr/datum.js';
import { T } from '../../repr/types.js';
import { numericValueOutOfRange } from '../../errors/index.js';
import type { EvalContext, ParamType, ReturnType, ScalarFunc, Volatility } from '../signature.js';
import type { SqlType } from '../../repr/types.js';

export interface FnOptions {
  readonly strict?: boolean;
  readonly volatility?: Volatility;
  readonly variadic?: boolean;
  readonly oid?: number;
}

export function fn(
  name: string,
  args: readonly ParamType[],
  ret: ReturnType,
  impl: (args: readonly Datum[], ctx: EvalContext, argTypes: readonly SqlType[]) => Datum,
  opts: FnOptions = {},
): ScalarFunc {
  return {
    name,
    args,
    ret,
    impl,
    strict: opts.strict ?? true,
    volatility: opts.volatility ?? 'immutable',
    ...(opts.variadic === true ? { variadic: true } : {}),
    ...(opts.oid !== undefined ? { oid: opts.oid } : {}),
  };
}

export type IntName = 'int2' | 'int4' | 'int8';
export type FloatName = 'float4' | 'float8';

export const INT_NAMES: readonly IntName[] = ['int2', 'int4', 'int8'];

const INT_MSG: Record<IntName, string> = {
  int2: 'smallint out of range',
  int4: 'integer out of range',
  int8: 'bigint out of range',
};

/** Wider of two integer types (the result type of mixed-width integer arithmetic). */
export function widerInt(a: IntName, b: IntName): IntName {
  return INT_NAMES.indexOf(a) >= INT_NAMES.indexOf(b) ? a : b;
}

/** An exact integer result range-checked and represented for its type. */
export function intResult(v: bigint, t: IntName): Datum {
  if (t === 'int8') {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw numericValueOutOfRange(INT_MSG[t]);
    return v;
  }
  const lim = t === 'int2' ? 32768n : 2147483648n;
  if (v < -lim || v >= lim) throw numericValueOutOfRange(INT_MSG[t]);
  return Number(v);
}

/** A fast path for int2/int4: number arithmetic is exact below 2^53. */
export function smallIntResult(v: number, t: 'int2' | 'int4'): number {
  const lim = t === 'int2' ? 32768 : 2147483648;
  if (v < -lim || v >= lim) throw numericValueOutOfRange(INT_MSG[t]);
  return v;
}

export function big(d: Datum): bigint {
  return typeof d === 'bigint' ? d : BigInt(d as number);
}

/** PostgreSQL's float overflow/underflow checks (float_overflow_error, float_underflow_error). */
export function checkFloat(r: number, inputsInf: boolean, zeroOk: boolean): number {
  if (!Number.isFinite(r) && !Number.isNaN(r) && !inputsInf) {
    throw numericValueOutOfRange('value out of range: overflow');
  }
  if (r === 0 && !zeroOk) throw numericValueOutOfRange('value out of range: underflow');
  return r;
}

export function floatOut(r: number, t: FloatName): number {
  return t === 'float4' ? Math.fround(r) : r;
}

export const RET = {
  bool: T.bool,
  int2: T.int2,
  int4: T.int4,
  int8: T.int8,
  float4: T.float4,
  float8: T.float8,
  numeric: T.numeric,
  text: T.text,
} as const;
