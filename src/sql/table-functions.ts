// Resolves a function in FROM: a set-returning one against the registry's table functions, or a
// scalar one (FROM string_to_array(x, ',') s), which PostgreSQL treats as returning one row.
import { EddyError } from '../errors/index.js';
import { formatType } from '../repr/pgtypes.js';
import type { SqlType } from '../repr/index.js';
import { scalarCandidates, tableCandidates } from '../expr/registry.js';
import { coerceTo, type ExprCtx } from './bind-expr.js';
import { bindScalarCall, noSuchFunction } from './bind-func.js';
import { resolveOverload } from './coerce.js';
import type { Scalar, TableFunc } from './hir.js';

export type ResolvedTableFunc = TableFunc & {
  readonly scalarResult: boolean;
  readonly outParameter?: boolean;
};

export function resolveTableFunction(
  ctx: ExprCtx,
  name: string,
  args: readonly Scalar[],
  ordinality: boolean,
  position?: number,
): ResolvedTableFunc | null {
  const candidates = tableCandidates(name);
  if (candidates.length === 0) {
    return scalarCandidates(name).length === 0
      ? null
      : scalarAsTableFunction(ctx, name, args, ordinality, position);
  }
  const describe = (): string =>
    `function ${name}(${args.map((a) => formatType(a.type)).join(', ')})`;
  let r;
  try {
    r = resolveOverload(
      candidates,
      args.map((a) => a.type),
      describe,
    );
  } catch (e) {
    throw e instanceof EddyError ? e.withPosition(position) : e;
  }
  if (r === null) {
    throw noSuchFunction(describe(), position);
  }
  const bound = args.map((a, i) => coerceTo(ctx, a, r.paramTypes[i]!, 'implicit', position));
  const argTypes: SqlType[] = bound.map((b) => b.type);
  const def = r.func;
  return {
    name,
    args: bound,
    columns: [...def.columns(argTypes)],
    impl: (values, evalCtx) => def.impl(values, evalCtx, argTypes),
    strict: def.strict,
    ordinality,
    scalarResult: def.scalarResult,
    ...(def.outParameter === true ? { outParameter: true } : {}),
  };
}

/** A scalar function in FROM: one row holding its result (NULL included), in one column. */
function scalarAsTableFunction(
  ctx: ExprCtx,
  name: string,
  args: readonly Scalar[],
  ordinality: boolean,
  position?: number,
): ResolvedTableFunc {
  const call = bindScalarCall(ctx, name, [...args], position);
  if (call.kind !== 'call') throw new EddyError('XX000', `internal error: ${name} is not a call`);
  const { func } = call;
  const argTypes = call.args.map((a) => a.type);
  return {
    name,
    args: call.args,
    columns: [{ name, type: call.type }],
    impl: (values, evalCtx) => [
      [func.strict && values.some((v) => v === null) ? null : func.impl(values, evalCtx, argTypes)],
    ],
    strict: false,
    ordinality,
    scalarResult: true,
  };
}
