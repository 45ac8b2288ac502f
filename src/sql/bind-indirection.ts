// Subscripts and field selection: a[i], a[i:j], (row).field, (jsonb)['key'] isn't PostgreSQL 16 for
// jsonb via this path — only arrays and records are handled here.
import type { A_Indirection, A_Indices } from '@pgsql/types';
import { datatypeMismatch, featureNotSupported } from '../errors/index.js';
import { T, PgArray, arrayOf, type Datum } from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import type { ScalarFunc } from '../expr/signature.js';
import { tagOf, type Node } from './ast.js';
import { bindExpr, coerceTo, type ExprCtx } from './bind-expr.js';
import type { Scalar } from './hir.js';

export function bindIndirection(ctx: ExprCtx, ind: A_Indirection): Scalar {
  let expr = bindExpr(ctx, ind.arg!);
  for (const step of ind.indirection ?? []) {
    const [tag, body] = tagOf(step);
    if (tag === 'A_Indices') {
      expr = subscript(ctx, expr, body as A_Indices);
    } else if (tag === 'String') {
      const name = String(body.sval);
      if (expr.type.kind !== 'record')
        throw featureNotSupported(`field selection .${name} is not supported here`);
      const idx = expr.type.fields.findIndex((f) => f.name === name);
      if (idx < 0)
        throw datatypeMismatch(`could not identify column "${name}" in record data type`);
      const fieldType = expr.type.fields[idx]!.type;
      const func: ScalarFunc = {
        name: `field ${name}`,
        args: ['any'],
        ret: fieldType,
        strict: true,
        volatility: 'immutable',
        impl: (a) => (a[0] as unknown as { fields: Datum[] }).fields[idx] ?? null,
      };
      expr = { kind: 'call', func, args: [expr], type: fieldType };
    } else {
      throw featureNotSupported('this indirection is not supported');
    }
  }
  return expr;
}

function subscript(ctx: ExprCtx, exprIn: Scalar, ix: A_Indices): Scalar {
  let expr = exprIn;
  // int2vector and oidvector subscript like (zero-based) arrays of int2 / oid.
  if (
    expr.type.kind === 'scalar' &&
    (expr.type.name === 'int2vector' || expr.type.name === 'oidvector')
  ) {
    expr = coerceTo(
      ctx,
      expr,
      arrayOf(expr.type.name === 'int2vector' ? T.int2 : T.oid),
      'explicit',
    );
  }
  if (expr.type.kind !== 'array') {
    throw datatypeMismatch(
      `cannot subscript type ${formatType(expr.type)} because it does not support subscripting`,
    );
  }
  const arrType = expr.type;
  const bindIdx = (n: Node | undefined): Scalar =>
    n === undefined
      ? { kind: 'literal', value: null, type: T.int4 }
      : coerceTo(ctx, bindExpr(ctx, n), T.int4, 'implicit');
  if (ix.is_slice === true) {
    const lo = bindIdx(ix.lidx);
    const hi = bindIdx(ix.uidx);
    const func: ScalarFunc = {
      name: 'array_slice',
      args: ['anyarray', 'int4', 'int4'],
      ret: arrType,
      strict: false,
      volatility: 'immutable',
      impl: (a) => {
        const arr = a[0] as PgArray | null;
        if (arr === null) return null;
        if (arr.dims.length === 0) return arr;
        const lower = arr.dims[0]!.lower;
        const from = Math.max((a[1] as number | null) ?? lower, lower);
        const to = Math.min(
          (a[2] as number | null) ?? lower + arr.dims[0]!.length - 1,
          lower + arr.dims[0]!.length - 1,
        );
        if (to < from) return PgArray.of([]);
        return PgArray.of(arr.elements.slice(from - lower, to - lower + 1));
      },
    };
    return { kind: 'call', func, args: [expr, lo, hi], type: arrType };
  }
  const i = bindIdx(ix.uidx);
  const func: ScalarFunc = {
    name: 'array_subscript',
    args: ['anyarray', 'int4'],
    ret: arrType.elem,
    strict: true,
    volatility: 'immutable',
    impl: (a) => {
      const arr = a[0] as PgArray;
      const k = a[1] as number;
      if (arr.dims.length !== 1) return null;
      const d = arr.dims[0]!;
      return k < d.lower || k >= d.lower + d.length ? null : (arr.elements[k - d.lower] ?? null);
    },
  };
  return { kind: 'call', func, args: [expr, i], type: arrType.elem };
}
