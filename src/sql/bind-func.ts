// Binds function calls: scalar functions, aggregates (with DISTINCT, FILTER, ORDER BY) and window
// functions (OVER), plus the SQL-standard special forms that the grammar turns into calls.
import type { FuncCall, NamedArgExpr, WindowDef, SortBy } from '@pgsql/types';
import {
  EddyError,
  featureNotSupported,
  groupingError,
  syntaxError,
  undefinedFunction,
  windowingError,
} from '../errors/index.js';
import { scalar, T, type PgArray, type SqlType } from '../repr/index.js';
import { formatType, typeOid } from '../repr/pgtypes.js';
import { aggregateCandidates, scalarCandidates, tableCandidates } from '../expr/registry.js';
import type { ParamType, ScalarFunc } from '../expr/signature.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import { bindArgument, bindExpr, bindOperator, coerceTo, type ExprCtx } from './bind-expr.js';
import { canCoerce, isUnknown, resolveOverload } from './coerce.js';
import { positionalArgs } from './named-args.js';
import { sortKey } from './sort-key.js';
import type {
  AggregateCall,
  Scalar,
  SortKey,
  WindowCall,
  WindowFrame,
  WindowFrameBound,
} from './hir.js';

const RANKING = new Set([
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
]);

export function bindFuncCall(ctx: ExprCtx, f: FuncCall): Scalar {
  const parts = names(f.funcname);
  const name = parts[parts.length - 1]!.toLowerCase();
  const position = f.location !== undefined ? f.location + 1 : undefined;
  if (f.over !== undefined) return bindWindowCall(ctx, f, name, position);
  const aggs = aggregateCandidates(name);
  if (aggs.length > 0 && scalarCandidates(name).length === 0)
    return bindAggregate(ctx, f, name, position);
  if (
    f.agg_star === true ||
    f.agg_distinct === true ||
    (f.agg_order ?? []).length > 0 ||
    f.agg_filter !== undefined
  ) {
    throw new EddyError('42809', `${name} is not an aggregate function`, { position });
  }
  if ((f.args ?? []).some((a) => tagOf(a)[0] === 'NamedArgExpr'))
    return bindNamedCall(ctx, f, name, position);
  const args = (f.args ?? []).map((a) => bindArgument(ctx, a));
  // pg_typeof(any): the argument's type, known here.
  if (name === 'pg_typeof' && args.length === 1 && f.func_variadic !== true)
    return { kind: 'literal', value: typeOid(args[0]!.type), type: T.regtype };
  if (f.func_variadic === true) return bindVariadicCall(ctx, name, args, position);
  return bindScalarCall(ctx, name, args, position);
}

/**
 * f(a, VARIADIC arr): a variadic function called with its variadic arguments as one array, whose
 * elements are its arguments at run time (a NULL array makes the call NULL).
 */
function bindVariadicCall(ctx: ExprCtx, name: string, args: Scalar[], position?: number): Scalar {
  const last = args.at(-1)!;
  // An unknown literal can only be an array of a declared element type (not of "any").
  const unknown = isUnknown(last.type);
  if (!unknown && last.type.kind !== 'array')
    throw new EddyError('42804', 'VARIADIC argument must be an array', { position });
  // Each variadic function as one taking the array: {array: X} as X[], "any" as any array.
  const asArray = new Map<ScalarFunc, ScalarFunc>();
  for (const f of scalarCandidates(name)) {
    if (f.variadic !== true || f.args.length !== args.length) continue;
    const v = f.args.at(-1)!;
    const param: ParamType = v === 'any' && !unknown ? 'anyarray' : v;
    if (typeof param !== 'object' && param !== 'anyarray') continue;
    asArray.set({ ...f, variadic: false, args: [...f.args.slice(0, -1), param] }, f);
  }
  const describe = (): string =>
    `function ${name}(${args.map((a) => formatType(a.type)).join(', ')})`;
  const r = resolveOverload(
    [...asArray.keys()],
    args.map((a) => a.type),
    describe,
  );
  if (r === null) {
    if (unknown && scalarCandidates(name).some((f) => f.variadic === true))
      throw new EddyError('42804', 'VARIADIC argument must be an array', { position });
    throw noSuchFunction(describe(), position);
  }
  const f = asArray.get(r.func)!;
  const bound = args.map((a, i) => coerceTo(ctx, a, r.paramTypes[i]!, 'implicit', position));
  const arrayType = bound.at(-1)!.type;
  const elem = arrayType.kind === 'array' ? arrayType.elem : T.text;
  const spread: ScalarFunc = {
    ...f,
    variadic: false,
    args: r.func.args,
    impl: (values, evalCtx, types) => {
      const arr = values.at(-1) as PgArray | null;
      if (arr === null) return null;
      const fixed = values.length - 1;
      return f.impl([...values.slice(0, fixed), ...arr.elements], evalCtx, [
        ...types.slice(0, fixed),
        ...arr.elements.map(() => elem),
      ]);
    },
  };
  return { kind: 'call', func: spread, args: bound, type: r.returnType };
}

/** A call with named arguments: the positional call it stands for (see named-args.ts). */
function bindNamedCall(ctx: ExprCtx, f: FuncCall, name: string, position?: number): Scalar {
  const positional: Scalar[] = [];
  const named: { name: string; arg: Scalar }[] = [];
  for (const a of f.args ?? []) {
    const [tag, body] = tagOf(a);
    if (tag === 'NamedArgExpr') {
      const n = body as NamedArgExpr;
      const argName = n.name ?? '';
      if (named.some((x) => x.name === argName)) {
        throw syntaxError(`argument name "${argName}" used more than once`, {
          position: positionOf(a),
        });
      }
      named.push({ name: argName, arg: bindArgument(ctx, n.arg!) });
    } else if (named.length > 0) {
      throw syntaxError('positional argument cannot follow named argument', {
        position: positionOf(a),
      });
    } else positional.push(bindArgument(ctx, a));
  }
  const args = positionalArgs(name, positional, named);
  if (args === null) {
    const described = [
      ...positional.map((a) => formatType(a.type)),
      ...named.map((n) => `${n.name} => ${formatType(n.arg.type)}`),
    ];
    throw noSuchFunction(`function ${name}(${described.join(', ')})`, position);
  }
  return bindScalarCall(ctx, name, args, position);
}

/** Clauses where PostgreSQL refuses set-returning functions. */
const NO_SETS = new Set(['WHERE', 'HAVING', 'JOIN conditions', 'VALUES', 'LIMIT', 'OFFSET']);

/**
 * A set-returning function called where it cannot be: refused as PostgreSQL refuses it, or (in
 * the select list, ORDER BY and GROUP BY of the queries select-srf.ts does not rewrite) not
 * supported.
 */
function setReturningHere(ctx: ExprCtx, name: string, position?: number): EddyError {
  if (NO_SETS.has(ctx.clause))
    return featureNotSupported(`set-returning functions are not allowed in ${ctx.clause}`, {
      position,
    });
  return featureNotSupported(
    `set-returning function ${name} is not supported in ${ctx.clause} in this query`,
    { position },
  );
}

/** 42883 for a call no candidate fits (`described` is "function name(types)"). */
export function noSuchFunction(described: string, position?: number): EddyError {
  return undefinedFunction(`${described} does not exist`, {
    position,
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}

export function bindScalarCall(
  ctx: ExprCtx,
  name: string,
  args: Scalar[],
  position?: number,
): Scalar {
  const candidates = scalarCandidates(name);
  const describe = (): string =>
    `function ${name}(${args.map((a) => formatType(a.type)).join(', ')})`;
  const r = resolveOverload(
    candidates,
    args.map((a) => a.type),
    describe,
  );
  if (r === null) {
    if (tableCandidates(name).length > 0) throw setReturningHere(ctx, name, position);
    throw noSuchFunction(describe(), position);
  }
  const bound = args.map((a, i) => coerceTo(ctx, a, r.paramTypes[i]!, 'implicit', position));
  return { kind: 'call', func: r.func, args: bound, type: r.returnType };
}

function bindSortKeys(ctx: ExprCtx, list: readonly Node[] | undefined): SortKey[] {
  return (list ?? []).map((n) => {
    const s = tagOf(n)[1] as SortBy;
    return sortKey(s, bindExpr(ctx, s.node!));
  });
}

/**
 * An aggregate call's parts. `overWindow`: it is a window's (sum(x) OVER ...), evaluated over the
 * grouped rows, so its arguments may hold the query's own aggregates (sum(count(*)) OVER ()).
 */
function aggregateCall(
  ctx: ExprCtx,
  f: FuncCall,
  name: string,
  position?: number,
  overWindow = false,
): AggregateCall {
  if (ctx.inAggregate === true) {
    throw groupingError('aggregate function calls cannot be nested', { position });
  }
  const inner: ExprCtx = { ...ctx, inAggregate: !overWindow, windows: null };
  // Ordered-set aggregates (percentile_cont(0.5) WITHIN GROUP (ORDER BY x)): the direct
  // arguments come first, then the sorted values; the aggregate sees its inputs in that order.
  const withinGroup = f.agg_within_group === true;
  const sorted = withinGroup ? bindSortKeys(inner, f.agg_order) : [];
  const args = [
    ...(f.agg_star === true ? [] : (f.args ?? []).map((a) => bindArgument(inner, a))),
    ...sorted.map((k) => k.expr),
  ];
  const describe = (): string =>
    `function ${name}(${f.agg_star === true ? '*' : args.map((a) => formatType(a.type)).join(', ')})`;
  const r = resolveOverload(
    aggregateCandidates(name),
    args.map((a) => a.type),
    describe,
  );
  if (r === null) {
    throw noSuchFunction(describe(), position);
  }
  const bound = args.map((a, i) => coerceTo(inner, a, r.paramTypes[i]!, 'implicit', position));
  const filter =
    f.agg_filter === undefined
      ? null
      : coerceTo(inner, bindExpr(inner, f.agg_filter), T.bool, 'assignment');
  const direct = args.length - sorted.length;
  return {
    func: r.func,
    args: bound,
    argTypes: r.paramTypes,
    distinct: f.agg_distinct === true,
    filter,
    orderBy: withinGroup
      ? sorted.map((k, i) => ({ ...k, expr: bound[direct + i]! }))
      : bindSortKeys(inner, f.agg_order),
    type: r.returnType,
  };
}

function bindAggregate(ctx: ExprCtx, f: FuncCall, name: string, position?: number): Scalar {
  if (ctx.aggs === null) {
    throw groupingError(`aggregate functions are not allowed in ${ctx.clause}`, { position });
  }
  const call = aggregateCall(ctx, f, name, position);
  ctx.aggs.push(call);
  return { kind: 'aggRef', index: ctx.aggs.length - 1, type: call.type };
}

function bindWindowCall(ctx: ExprCtx, f: FuncCall, name: string, position?: number): Scalar {
  if (ctx.windows === null) {
    throw windowingError(`window functions are not allowed in ${ctx.clause}`, { position });
  }
  const over = f.over as WindowDef;
  if (
    over.refname !== undefined ||
    (over.name !== undefined &&
      over.partitionClause === undefined &&
      over.orderClause === undefined)
  ) {
    const def = ctx.windowDefs?.get(over.refname ?? over.name!);
    if (def === undefined)
      throw new EddyError('42704', `window "${over.refname ?? over.name}" does not exist`, {
        position,
      });
    return bindWindowCall(ctx, { ...f, over: mergeWindow(def, over) }, name, position);
  }
  const inner: ExprCtx = { ...ctx, windows: null };
  const partitionBy = (over.partitionClause ?? []).map((n) => bindExpr(inner, n));
  const orderBy = bindSortKeys(inner, over.orderClause);
  const frame = bindFrame(inner, over, orderBy);
  let call: WindowCall;
  if (RANKING.has(name) && aggregateCandidates(name).length === 0) {
    const args = (f.args ?? []).map((a) => bindArgument(inner, a));
    const type = windowResultType(name, args, position);
    const coerced = args.map((a, i) => {
      if (i === 0 && name === 'ntile') return coerceTo(inner, a, T.int4, 'implicit');
      if (i === 1 && (name === 'lag' || name === 'lead' || name === 'nth_value'))
        return coerceTo(inner, a, T.int4, 'implicit');
      if (i === 2 && (name === 'lag' || name === 'lead'))
        return coerceTo(inner, a, type, 'implicit');
      return a;
    });
    call = { name, args: coerced, aggregate: null, partitionBy, orderBy, frame, type };
  } else {
    if (aggregateCandidates(name).length === 0) {
      throw new EddyError(
        '42809',
        `OVER specified, but ${name} is not a window function nor an aggregate function`,
        { position },
      );
    }
    const agg = aggregateCall(inner, f, name, position, true);
    call = {
      name: 'aggregate',
      args: [],
      aggregate: agg,
      partitionBy,
      orderBy,
      frame,
      type: agg.type,
    };
  }
  ctx.windows.push(call);
  return { kind: 'windowRef', index: ctx.windows.length - 1, type: call.type };
}

function mergeWindow(base: WindowDef, over: WindowDef): WindowDef {
  return {
    partitionClause: base.partitionClause,
    orderClause: over.orderClause ?? base.orderClause,
    frameOptions:
      over.frameOptions !== undefined && over.frameOptions !== 1058
        ? over.frameOptions
        : base.frameOptions,
    startOffset: over.startOffset ?? base.startOffset,
    endOffset: over.endOffset ?? base.endOffset,
  };
}

function windowResultType(name: string, args: Scalar[], position?: number): SqlType {
  switch (name) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
      return T.int8;
    case 'percent_rank':
    case 'cume_dist':
      return T.float8;
    case 'ntile':
      return T.int4;
    default: {
      const a = args[0];
      if (a === undefined)
        throw undefinedFunction(`function ${name}() does not exist`, { position });
      // (A function's result has no typmod: lead(x, 1, 0) over numeric(10,2) prints its 0 as 0.)
      if (a.type.kind !== 'scalar') return a.type;
      return a.type.name === 'unknown' ? T.text : scalar(a.type.name);
    }
  }
}

// frameOptions bits, from PostgreSQL's nodes/parsenodes.h.
const FRAMEOPTION_RANGE = 0x2;
const FRAMEOPTION_ROWS = 0x4;
const FRAMEOPTION_GROUPS = 0x8;
const FRAMEOPTION_START_UNBOUNDED_PRECEDING = 0x20;
const FRAMEOPTION_END_UNBOUNDED_PRECEDING = 0x40;
const FRAMEOPTION_START_UNBOUNDED_FOLLOWING = 0x80;
const FRAMEOPTION_END_UNBOUNDED_FOLLOWING = 0x100;
const FRAMEOPTION_START_CURRENT_ROW = 0x200;
const FRAMEOPTION_END_CURRENT_ROW = 0x400;
const FRAMEOPTION_START_OFFSET_PRECEDING = 0x800;
const FRAMEOPTION_END_OFFSET_PRECEDING = 0x1000;
const FRAMEOPTION_START_OFFSET_FOLLOWING = 0x2000;
const FRAMEOPTION_END_OFFSET_FOLLOWING = 0x4000;
const FRAMEOPTION_EXCLUDE_CURRENT_ROW = 0x8000;
const FRAMEOPTION_EXCLUDE_GROUP = 0x10000;
const FRAMEOPTION_EXCLUDE_TIES = 0x20000;

function bindFrame(ctx: ExprCtx, w: WindowDef, orderBy: readonly SortKey[]): WindowFrame {
  const o = w.frameOptions ?? 0;
  const mode = o & FRAMEOPTION_ROWS ? 'rows' : o & FRAMEOPTION_GROUPS ? 'groups' : 'range';
  const ordered = orderBy.length > 0;
  void FRAMEOPTION_RANGE;
  const offset = (
    kind: 'preceding' | 'following',
    n: Node | undefined,
    isStart: boolean,
  ): WindowFrameBound => {
    if (n === undefined) throw windowingError('frame offset is missing');
    const e = bindExpr(ctx, n);
    if (mode !== 'range')
      return { kind, offset: coerceTo(ctx, e, T.int8, 'implicit', positionOf(n)) };
    return rangeBound(ctx, kind, e, isStart, orderBy, positionOf(n));
  };
  const start: WindowFrameBound =
    o & FRAMEOPTION_START_UNBOUNDED_PRECEDING
      ? { kind: 'unboundedPreceding' }
      : o & FRAMEOPTION_START_CURRENT_ROW
        ? { kind: 'currentRow' }
        : o & FRAMEOPTION_START_OFFSET_PRECEDING
          ? offset('preceding', w.startOffset, true)
          : o & FRAMEOPTION_START_OFFSET_FOLLOWING
            ? offset('following', w.startOffset, true)
            : o & FRAMEOPTION_START_UNBOUNDED_FOLLOWING
              ? { kind: 'unboundedFollowing' }
              : { kind: 'unboundedPreceding' };
  const end: WindowFrameBound =
    o & FRAMEOPTION_END_UNBOUNDED_FOLLOWING
      ? { kind: 'unboundedFollowing' }
      : o & FRAMEOPTION_END_CURRENT_ROW
        ? { kind: 'currentRow' }
        : o & FRAMEOPTION_END_OFFSET_PRECEDING
          ? offset('preceding', w.endOffset, false)
          : o & FRAMEOPTION_END_OFFSET_FOLLOWING
            ? offset('following', w.endOffset, false)
            : o & FRAMEOPTION_END_UNBOUNDED_PRECEDING
              ? { kind: 'unboundedPreceding' }
              : ordered
                ? { kind: 'currentRow' }
                : { kind: 'unboundedFollowing' };
  const exclude =
    o & FRAMEOPTION_EXCLUDE_CURRENT_ROW
      ? 'currentRow'
      : o & FRAMEOPTION_EXCLUDE_GROUP
        ? 'group'
        : o & FRAMEOPTION_EXCLUDE_TIES
          ? 'ties'
          : 'noOthers';
  return { mode, start, end, exclude };
}

/**
 * The offset types of RANGE frames by sort value type (PostgreSQL's in_range support functions;
 * time and timetz, which it also has, are not supported here).
 */
function rangeOffsetType(t: SqlType): SqlType | null {
  if (t.kind !== 'scalar') return null;
  switch (t.name) {
    case 'int2':
    case 'int4':
    case 'int8':
      return T.int8;
    case 'float4':
    case 'float8':
      return T.float8;
    case 'numeric':
      return T.numeric;
    case 'date':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return T.interval;
    default:
      return null;
  }
}

/** A RANGE bound `offset PRECEDING/FOLLOWING` (see RangeOffset). */
function rangeBound(
  ctx: ExprCtx,
  kind: 'preceding' | 'following',
  offset: Scalar,
  isStart: boolean,
  orderBy: readonly SortKey[],
  position: number | undefined,
): WindowFrameBound {
  if (orderBy.length !== 1) {
    throw windowingError(
      'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column',
      { position },
    );
  }
  const key = orderBy[0]!;
  const target = rangeOffsetType(key.expr.type);
  const unsupported = `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${formatType(key.expr.type)}`;
  if (target === null) throw featureNotSupported(unsupported, { position });
  if (!(isUnknown(offset.type) || canCoerce(offset.type, target, 'implicit'))) {
    throw featureNotSupported(`${unsupported} and offset type ${formatType(offset.type)}`, {
      hint: 'Cast the offset value to an appropriate type.',
      position,
    });
  }
  const off = coerceTo(ctx, offset, target, 'implicit', position);
  // PostgreSQL's nodeWindowAgg: a start bound looks for the first row >= base ± offset, an end
  // bound for the last row <= it; a descending sort turns both around.
  const sub = (kind === 'preceding') !== key.desc;
  const less = !isStart !== key.desc;
  const sortValue: Scalar = { kind: 'column', index: 0, type: key.expr.type };
  const edge = bindOperator(ctx, sub ? '-' : '+', sortValue, off, position);
  const value = coerceTo(ctx, sortValue, edge.type, 'implicit', position);
  return {
    kind,
    offset: off,
    range: { edge, value, sub, less, start: isStart, nullsFirst: key.nullsFirst },
  };
}
