// Resolves a set-returning function in FROM against the registry's table functions.
import { EddyError } from '../errors/index.js';
import { formatType } from '../repr/pgtypes.js';
import type { SqlType } from '../repr/index.js';
import { tableCandidates } from '../expr/registry.js';
import { coerceTo, type ExprCtx } from './bind-expr.js';
import { noSuchFunction } from './bind-func.js';
import { resolveOverload } from './coerce.js';
import type { Scalar, TableFunc } from './hir.js';

export type ResolvedTableFunc = TableFunc & { readonly scalarResult: boolean };

export function resolveTableFunction(
  ctx: ExprCtx,
  name: string,
  args: readonly Scalar[],
  ordinality: boolean,
  position?: number,
): ResolvedTableFunc | null {
  const candidates = tableCandidates(name);
  if (candidates.length === 0) return null;
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
  };
}
