// Helpers of the lowering (./lower.ts): building conjunctions, finding outer references and
// subqueries, re-pointing columns onto the decorrelation prefix, and the small aggregates and
// functions the lowering introduces (count(*), "more than one row", ANY/ALL results).
import { EddyError } from '../errors/index.js';
import { T, type Datum } from '../repr/index.js';
import { aggregateCandidates } from '../expr/registry.js';
import type { EvalContext, ScalarFunc } from '../expr/signature.js';
import type { AggregateCall, Scalar } from '../sql/hir.js';
import { mapScalar } from '../sql/scalar-util.js';
import type { Ctx } from './lower.js';

const col = (index: number, type: Scalar['type']): Scalar => ({ kind: 'column', index, type });

export function and(args: Scalar[]): Scalar {
  return args.length === 1 ? args[0]! : { kind: 'and', args, type: T.bool };
}

export function hasOuter(s: Scalar): boolean {
  let found = false;
  mapScalar(s, (x) => {
    if (x.kind === 'outer') found = true;
    return undefined;
  });
  return found;
}

export function hasSubquery(s: Scalar): boolean {
  let found = false;
  mapScalar(s, (x) => {
    if (x.kind === 'subquery' || x.kind === 'exists' || x.kind === 'quantified') found = true;
    return undefined;
  });
  return found;
}

/** Shifts an expression over a relation's own row to one over [D prefix, row]; resolves outer refs. */
export function shift(s: Scalar, ctx: Ctx | null, k: number): Scalar {
  const shifted =
    k === 0 ? s : mapScalar(s, (x) => (x.kind === 'column' ? col(x.index + k, x.type) : undefined));
  return shiftOuter(shifted, ctx);
}

/** Replaces outer references (not inside subqueries, which are lowered with their own context). */
export function shiftOuter(s: Scalar, ctx: Ctx | null): Scalar {
  return mapScalar(s, (x) => {
    if (x.kind === 'outer') {
      if (ctx === null)
        throw new EddyError('XX000', 'internal error: outer reference without context');
      return col(ctx.resolve(x.level, x.index), x.type);
    }
    if (x.kind === 'subquery' || x.kind === 'exists') return x;
    if (x.kind === 'quantified') return { ...x, lhs: x.lhs.map((l) => shiftOuter(l, ctx)) };
    return undefined;
  });
}

export function countAgg(): AggregateCall {
  const func = aggregateCandidates('count').find((f) => f.args.length === 0);
  if (func === undefined)
    throw new EddyError('XX000', 'internal error: count(*) is not registered');
  return { func, args: [], argTypes: [], distinct: false, filter: null, orderBy: [], type: T.int8 };
}

export function emptyValue(a: AggregateCall, ctx: EvalContext): Datum {
  return a.func.apply([], ctx, a.argTypes);
}

const GT1: ScalarFunc = {
  name: 'gt1',
  args: ['int8'],
  ret: T.bool,
  strict: true,
  volatility: 'immutable',
  impl: (a) => (a[0] as bigint) > 1n,
};
export function gt1(c: Scalar): Scalar {
  return { kind: 'call', func: GT1, args: [c], type: T.bool };
}

export function quantifiedResult(all: boolean, decisive: Scalar, nulls: Scalar): Scalar {
  const func: ScalarFunc = {
    name: all ? 'all_result' : 'any_result',
    args: ['int8', 'int8'],
    ret: T.bool,
    strict: false,
    volatility: 'immutable',
    impl: (a) => ((a[0] as bigint) > 0n ? !all : (a[1] as bigint) > 0n ? null : all),
  };
  return { kind: 'call', func, args: [decisive, nulls], type: T.bool };
}
