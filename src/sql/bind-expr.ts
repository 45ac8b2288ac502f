// Binds scalar expressions: column references, literals, parameters, operators, function calls,
// CASE/COALESCE/..., casts, and subqueries (bound as nested Rels with outer references).
import type {
  A_Const,
  A_Expr,
  BoolExpr,
  BooleanTest,
  CaseExpr,
  CaseWhen,
  ColumnRef,
  FuncCall,
  NullTest,
  ParamRef,
  SubLink,
  TypeCast,
  A_Indirection,
  SQLValueFunction,
  MinMaxExpr,
} from '@pgsql/types';
import {
  EddyError,
  groupingError,
  datatypeMismatch,
  featureNotSupported,
  syntaxError,
  undefinedFunction,
  undefinedObject,
} from '../errors/index.js';
import {
  Numeric,
  RecordDatum,
  T,
  arrayOf,
  type Datum,
  type ScalarType,
  type SqlType,
} from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import { operatorCandidates } from '../expr/registry.js';
import type { ScalarFunc } from '../expr/signature.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import { coerce, commonType, isUnknown, resolveOverload, type CoercionMode } from './coerce.js';
import type { AggregateCall, Rel, Scalar, WindowCall } from './hir.js';
import type { Scope } from './scope.js';
import { bindFuncCall } from './bind-func.js';
import { bindSubLink } from './bind-sublink.js';
import { bindIndirection } from './bind-indirection.js';
import { bindSqlValueFunction } from './bind-sqlvalue.js';
import { bindRegCast, bindTypeCast, bindTypeName } from './bind-cast.js';
import { GROUPING } from './bind-grouping-sets.js';

export interface ExprCtx {
  readonly binder: Binder;
  readonly scope: Scope;
  /** Clause name for error messages ("WHERE", "JOIN conditions", ...). */
  readonly clause: string;
  /** Where aggregates found in the expression are collected; null = not allowed here. */
  readonly aggs: AggregateCall[] | null;
  readonly windows: WindowCall[] | null;
  /** Set while binding an aggregate's arguments (nested aggregates are an error). */
  readonly inAggregate?: boolean;
  /** Named windows of the WINDOW clause. */
  readonly windowDefs?: ReadonlyMap<string, import('@pgsql/types').WindowDef>;
}

export const lit = (value: Datum, type: SqlType): Scalar => ({ kind: 'literal', value, type });
export const TRUE: Scalar = lit(true, T.bool);

export function bindExpr(ctx: ExprCtx, node: Node): Scalar {
  const [tag, body] = tagOf(node);
  switch (tag) {
    case 'ColumnRef':
      return bindColumnRef(ctx, body as ColumnRef);
    case 'A_Const':
      return bindConst(body as A_Const);
    case 'ParamRef':
      return bindParam(ctx, body as ParamRef);
    case 'A_Expr':
      return bindAExpr(ctx, body as A_Expr);
    case 'BoolExpr':
      return bindBoolExpr(ctx, body as BoolExpr);
    case 'NullTest': {
      const b = body as NullTest;
      const arg = bindExpr(ctx, b.arg!);
      const isNull: Scalar = { kind: 'isNull', arg, type: T.bool };
      if (b.nulltesttype !== 'IS_NOT_NULL') return isNull;
      if (arg.type.kind === 'record')
        return { kind: 'call', func: ROW_IS_NOT_NULL, args: [arg], type: T.bool };
      return { kind: 'not', arg: isNull, type: T.bool };
    }
    case 'BooleanTest': {
      const b = body as BooleanTest;
      const arg = coerceBool(ctx, bindExpr(ctx, b.arg!), 'IS', positionOf(b.arg));
      const t = b.booltesttype ?? 'IS_TRUE';
      const test = t.includes('TRUE') ? 'true' : t.includes('FALSE') ? 'false' : 'unknown';
      const s: Scalar = { kind: 'isBool', arg, test, type: T.bool };
      return t.startsWith('IS_NOT') ? { kind: 'not', arg: s, type: T.bool } : s;
    }
    case 'TypeCast':
      return bindTypeCast(ctx, body as TypeCast);
    case 'FuncCall':
      return bindFuncCall(ctx, body as FuncCall);
    case 'CaseExpr':
      return bindCase(ctx, body as CaseExpr);
    case 'CoalesceExpr': {
      const args = ((body.args as Node[]) ?? []).map((a) => bindExpr(ctx, a));
      const type = commonType(
        args.map((a) => a.type),
        'COALESCE',
      );
      return { kind: 'coalesce', args: args.map((a) => coerce(a, type, 'implicit')), type };
    }
    case 'MinMaxExpr': {
      const b = body as MinMaxExpr;
      const args = (b.args ?? []).map((a) => bindExpr(ctx, a));
      const which = b.op === 'IS_GREATEST' ? 'greatest' : 'least';
      const type = commonType(
        args.map((a) => a.type),
        which.toUpperCase(),
      );
      return { kind: which, args: args.map((a) => coerce(a, type, 'implicit')), type };
    }
    case 'SubLink':
      return bindSubLink(ctx, body as SubLink);
    case 'A_ArrayExpr':
      return bindArrayExpr(ctx, (body.elements as Node[] | undefined) ?? [], null);
    case 'RowExpr': {
      const fields = ((body.args as Node[]) ?? []).map((a) => bindExpr(ctx, a));
      return {
        kind: 'row',
        fields,
        type: {
          kind: 'record',
          fields: fields.map((f, i) => ({ name: `f${i + 1}`, type: f.type })),
        },
      };
    }
    case 'A_Indirection':
      return bindIndirection(ctx, body as A_Indirection);
    case 'SQLValueFunction':
      return bindSqlValueFunction(ctx, body as SQLValueFunction);
    case 'CollateClause': {
      const coll = names(body.collname as Node[]).pop() ?? '';
      if (!['C', 'POSIX', 'default', 'ucs_basic'].includes(coll)) {
        throw undefinedObject(`collation "${coll}" for encoding "UTF8" does not exist`, {
          position: positionOf({ CollateClause: body } as Node),
        });
      }
      return bindExpr(ctx, body.arg as Node);
    }
    case 'GroupingFunc': {
      // Resolved once the query's grouping is known (bind-grouping-sets.ts groupingValues).
      if (!['SELECT', 'HAVING', 'ORDER BY'].includes(ctx.clause))
        throw groupingError(`grouping operations are not allowed in ${ctx.clause}`, {
          position: positionOf(node),
        });
      const args = ((body.args as Node[] | undefined) ?? []).map((a) => bindExpr(ctx, a));
      return { kind: 'call', func: GROUPING, args, type: T.int4 };
    }
    default:
      throw featureNotSupported(`expression ${tag} is not supported`, {
        position: positionOf(node),
      });
  }
}

/**
 * A function argument: as any expression, except that `t.*` there is t's whole row (as `t`
 * would be, but never one of t's columns).
 */
export function bindArgument(ctx: ExprCtx, node: Node): Scalar {
  const [tag, body] = tagOf(node);
  if (tag === 'ColumnRef') {
    const ref = body as ColumnRef;
    const fields = names(ref.fields);
    if (fields.length === 2 && fields[1] === '*') {
      const row = wholeRow(ctx, fields[0]!);
      if (row !== undefined) return row;
      throw new EddyError('42P01', `missing FROM-clause entry for table "${fields[0]!}"`, {
        position: ref.location !== undefined ? ref.location + 1 : undefined,
      });
    }
  }
  return bindExpr(ctx, node);
}

/** ROW(t.a, t.b, ...) for the FROM item `alias` (undefined if there is none). */
function wholeRow(ctx: ExprCtx, alias: string): Scalar | undefined {
  const whole = ctx.scope.resolveWholeRow(alias);
  if (whole === undefined) return undefined;
  const refs: Scalar[] = whole.cols.map((c) =>
    whole.level === 0
      ? { kind: 'column', index: c.index, type: c.type }
      : { kind: 'outer', level: whole.level, index: c.index, type: c.type },
  );
  if (whole.scalar && refs.length === 1) return refs[0];
  return {
    kind: 'row',
    fields: refs,
    type: { kind: 'record', fields: whole.cols.map((c) => ({ name: c.name, type: c.type })) },
  };
}

function bindColumnRef(ctx: ExprCtx, ref: ColumnRef): Scalar {
  const fields = names(ref.fields);
  const position = ref.location !== undefined ? ref.location + 1 : undefined;
  if (fields[fields.length - 1] === '*') {
    throw syntaxError('a "*" is not allowed here', { position });
  }
  if (fields.length > 3)
    throw syntaxError(`improper qualified name (too many dotted names): ${fields.join('.')}`, {
      position,
    });
  const qualified = fields.length === 3 ? fields.slice(1) : fields;
  try {
    const { level, col } = ctx.scope.resolve(qualified, position);
    return level === 0
      ? { kind: 'column', index: col.index, type: col.type }
      : { kind: 'outer', level, index: col.index, type: col.type };
  } catch (e) {
    // A bare table name is a whole-row reference: ROW(t.a, t.b, ...).
    const whole = fields.length === 1 ? wholeRow(ctx, fields[0]!) : undefined;
    if (whole === undefined) throw e;
    return whole;
  }
}

/** ROW(...) IS NOT NULL: every field is non-null (not the negation of IS NULL). */
const ROW_IS_NOT_NULL: ScalarFunc = {
  name: 'row_is_not_null',
  args: ['any'],
  ret: T.bool,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    const v = a[0] ?? null;
    if (v === null) return false;
    return v instanceof RecordDatum ? v.fields.every((f) => f !== null) : true;
  },
};

export function bindConst(c: A_Const): Scalar {
  if (c.isnull === true) return lit(null, T.unknown);
  if (c.ival !== undefined) return lit(c.ival.ival ?? 0, T.int4);
  if (c.fval !== undefined) {
    const text = c.fval.fval ?? '0';
    if (/^[+-]?\d+$/.test(text)) {
      const v = BigInt(text);
      if (v >= -(2n ** 63n) && v < 2n ** 63n) return lit(v, T.int8);
    }
    const n = Numeric.parse(text);
    if (n === null) throw syntaxError(`invalid numeric literal ${text}`);
    return lit(n, T.numeric);
  }
  if (c.boolval !== undefined) return lit(c.boolval.boolval ?? false, T.bool);
  if (c.sval !== undefined) return lit(c.sval.sval ?? '', T.unknown);
  if (c.bsval !== undefined) throw featureNotSupported('bit string literals are not supported');
  return lit(0, T.int4);
}

function bindParam(ctx: ExprCtx, p: ParamRef): Scalar {
  const n = p.number ?? 0;
  const position = p.location !== undefined ? p.location + 1 : undefined;
  const type = ctx.binder.params.typeOf(n, position);
  if (type === null)
    return { kind: 'literal', value: ctx.binder.params.value(n), type: T.unknown, param: n };
  return { kind: 'literal', value: ctx.binder.params.value(n), type, param: n };
}

/** Coerces with parameter inference: an untyped `$n` adopts the target type. */
/** reg* types whose literal input names a catalog object (bindRegCast). */
const REG_INPUT = new Set(['regclass', 'regtype', 'regproc', 'regnamespace']);

export function coerceTo(
  ctx: ExprCtx,
  expr: Scalar,
  to: SqlType,
  mode: CoercionMode,
  position?: number,
): Scalar {
  if (expr.kind === 'literal' && isUnknown(expr.type)) {
    const param = expr.param;
    if (param !== undefined) {
      ctx.binder.params.infer(param, to);
      if (ctx.binder.params.values === null)
        return { kind: 'literal', value: null, type: to, param };
    } else if (to.kind === 'scalar' && REG_INPUT.has(to.name)) {
      // nextval('seq'), 'pg_class'::regclass as an argument: the name resolved now.
      return bindRegCast(ctx, expr, to, position);
    }
  }
  return coerce(expr, to, mode, position);
}

export function coerceBool(ctx: ExprCtx, expr: Scalar, clause: string, position?: number): Scalar {
  if (expr.type.kind === 'scalar' && expr.type.name === 'bool') return expr;
  if (isUnknown(expr.type)) return coerceTo(ctx, expr, T.bool, 'assignment', position);
  throw datatypeMismatch(
    `argument of ${clause} must be type boolean, not type ${formatType(expr.type)}`,
    {
      position,
    },
  );
}

function bindBoolExpr(ctx: ExprCtx, b: BoolExpr): Scalar {
  const op = b.boolop === 'AND_EXPR' ? 'AND' : b.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = (b.args ?? []).map((a) => coerceBool(ctx, bindExpr(ctx, a), op, positionOf(a)));
  if (op === 'NOT') return { kind: 'not', arg: args[0]!, type: T.bool };
  return { kind: op === 'AND' ? 'and' : 'or', args, type: T.bool };
}

/** Resolves and binds `left op right` (left null for prefix operators). */
export function bindOperator(
  ctx: ExprCtx,
  op: string,
  left: Scalar | null,
  right: Scalar,
  position?: number,
): Scalar {
  const args = left === null ? [right] : [left, right];
  const argTypes = args.map((a) => a.type);
  const candidates = operatorCandidates(op);
  const describe = (): string =>
    left === null
      ? `operator ${op} ${formatType(right.type)}`
      : `operator ${formatType(left.type)} ${op} ${formatType(right.type)}`;
  let r;
  try {
    r = resolveOverload(candidates, argTypes, describe);
  } catch (e) {
    throw e instanceof EddyError ? e.withPosition(position) : e;
  }
  if (r === null) {
    throw undefinedFunction(`operator does not exist: ${describe().slice('operator '.length)}`, {
      position,
      hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const bound = args.map((a, i) => coerceTo(ctx, a, r.paramTypes[i]!, 'implicit', position));
  return { kind: 'call', func: r.func, args: bound, type: r.returnType };
}

function opName(list: Node[] | undefined): string {
  const n = names(list);
  return n[n.length - 1]!;
}

function bindAExpr(ctx: ExprCtx, e: A_Expr): Scalar {
  const position = e.location !== undefined ? e.location + 1 : undefined;
  const op = opName(e.name);
  switch (e.kind) {
    case 'AEXPR_OP':
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR': {
      const left = e.lexpr === undefined ? null : bindExpr(ctx, e.lexpr);
      const right = bindExpr(ctx, e.rexpr!);
      return bindOperator(ctx, op, left, right, position);
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL': {
      const left = bindExpr(ctx, e.lexpr!);
      const arr = bindExpr(ctx, e.rexpr!);
      return bindArrayQuantified(ctx, op, left, arr, e.kind === 'AEXPR_OP_ALL', position);
    }
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT': {
      const left = bindExpr(ctx, e.lexpr!);
      const right = bindExpr(ctx, e.rexpr!);
      const eq = bindOperator(ctx, '=', left, right, position);
      return distinctFrom(eq, e.kind === 'AEXPR_NOT_DISTINCT');
    }
    case 'AEXPR_NULLIF': {
      const left = bindExpr(ctx, e.lexpr!);
      const right = bindExpr(ctx, e.rexpr!);
      const eq = bindOperator(ctx, '=', left, right, position);
      const l = eq.kind === 'call' ? eq.args[0]! : left;
      return {
        kind: 'case',
        whens: [{ cond: eq, then: lit(null, l.type) }],
        else: l,
        type: l.type,
      };
    }
    case 'AEXPR_IN': {
      const left = bindExpr(ctx, e.lexpr!);
      const items = (tagOf(e.rexpr!)[1].items as Node[]) ?? [];
      const negate = op === '<>';
      const parts = items.map((it) => bindOperator(ctx, op, left, bindExpr(ctx, it), position));
      return parts.length === 1
        ? parts[0]!
        : { kind: negate ? 'and' : 'or', args: parts, type: T.bool };
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const x = bindExpr(ctx, e.lexpr!);
      const [lo, hi] = ((tagOf(e.rexpr!)[1].items as Node[]) ?? []).map((n) => bindExpr(ctx, n));
      const inRange = (a: Scalar, b: Scalar): Scalar => ({
        kind: 'and',
        args: [bindOperator(ctx, '>=', x, a, position), bindOperator(ctx, '<=', x, b, position)],
        type: T.bool,
      });
      const sym = e.kind.includes('SYM');
      const pos: Scalar = sym
        ? { kind: 'or', args: [inRange(lo!, hi!), inRange(hi!, lo!)], type: T.bool }
        : inRange(lo!, hi!);
      return e.kind.includes('NOT') ? { kind: 'not', arg: pos, type: T.bool } : pos;
    }
    default:
      throw featureNotSupported(`operator kind ${e.kind ?? '?'} is not supported`, { position });
  }
}

/** IS [NOT] DISTINCT FROM over a bound `=` call. */
function distinctFrom(eq: Scalar, notDistinct: boolean): Scalar {
  if (eq.kind !== 'call') return eq;
  const inner = eq.func;
  const func: ScalarFunc = {
    name: notDistinct ? 'is_not_distinct_from' : 'is_distinct_from',
    args: inner.args,
    ret: T.bool,
    strict: false,
    volatility: inner.volatility,
    impl: (args, c, types) => {
      const a = args[0] ?? null;
      const b = args[1] ?? null;
      if (a === null || b === null) return (a === null && b === null) === notDistinct;
      return (inner.impl(args, c, types) === true) === notDistinct;
    },
  };
  return { kind: 'call', func, args: eq.args, type: T.bool };
}

/** `x op ANY/ALL (array)`: three-valued over the elements. */
export function bindArrayQuantified(
  ctx: ExprCtx,
  op: string,
  left: Scalar,
  arrIn: Scalar,
  all: boolean,
  position?: number,
): Scalar {
  let arr = arrIn;
  if (isUnknown(arr.type))
    arr = coerceTo(
      ctx,
      arr,
      arrayOf((isUnknown(left.type) ? T.text : left.type) as ScalarType),
      'implicit',
      position,
    );
  if (arr.type.kind !== 'array') {
    throw datatypeMismatch(`op ANY/ALL (array) requires array on right side`, { position });
  }
  const elemProbe: Scalar = { kind: 'literal', value: null, type: arr.type.elem };
  const cmp = bindOperator(ctx, op, left, elemProbe, position);
  if (cmp.kind !== 'call')
    throw datatypeMismatch('op ANY/ALL (array) requires a comparison operator', { position });
  const inner = cmp.func;
  const lhs = cmp.args[0]!;
  const elemType = cmp.args[1]!.type;
  const needsCast = !(
    elemType.kind === 'scalar' && arr.type.elem.name === (elemType as ScalarType).name
  );
  const arrExpr: Scalar =
    needsCast && elemType.kind === 'scalar'
      ? coerce(arr, arrayOf(elemType), 'implicit', position)
      : arr;
  const func: ScalarFunc = {
    name: `${inner.name} ${all ? 'all' : 'any'}`,
    args: inner.args,
    ret: T.bool,
    strict: false,
    volatility: inner.volatility,
    impl: (args, c, types) => {
      const x = args[0] ?? null;
      const a = args[1] ?? null;
      if (a === null) return null;
      const elems = (a as { elements: readonly Datum[] }).elements;
      if (elems.length === 0) return all;
      if (x === null) return null;
      let sawNull = false;
      for (const el of elems) {
        const r = el === null && inner.strict ? null : inner.impl([x, el], c, types);
        if (r === null) sawNull = true;
        else if (r === !all) return !all;
      }
      return sawNull ? null : all;
    },
  };
  return { kind: 'call', func, args: [lhs, arrExpr], type: T.bool };
}

function bindCase(ctx: ExprCtx, c: CaseExpr): Scalar {
  const arg = c.arg === undefined ? null : bindExpr(ctx, c.arg);
  const whens = (c.args ?? []).map((w) => {
    const cw = tagOf(w)[1] as CaseWhen;
    const position = positionOf(cw.expr);
    const cond =
      arg === null
        ? coerceBool(ctx, bindExpr(ctx, cw.expr!), 'CASE/WHEN', position)
        : bindOperator(ctx, '=', arg, bindExpr(ctx, cw.expr!), position);
    return { cond, then: bindExpr(ctx, cw.result!) };
  });
  const els = c.defresult === undefined ? lit(null, T.unknown) : bindExpr(ctx, c.defresult);
  // The ELSE result first, as PostgreSQL resolves it (the pick keeps the first of two types
  // that convert to each other: ELSE varchar with THEN text is varchar).
  const type = commonType([els.type, ...whens.map((w) => w.then.type)], 'CASE');
  return {
    kind: 'case',
    whens: whens.map((w) => ({ cond: w.cond, then: coerceTo(ctx, w.then, type, 'implicit') })),
    else: coerceTo(ctx, els, type, 'implicit'),
    type,
  };
}

export function bindArrayExpr(
  ctx: ExprCtx,
  elements: readonly Node[],
  target: SqlType | null,
): Scalar {
  const elems = elements.map((n) => {
    const [tag, body] = tagOf(n);
    return tag === 'A_ArrayExpr'
      ? bindArrayExpr(ctx, (body.elements as Node[]) ?? [], null)
      : bindExpr(ctx, n);
  });
  let elemType: SqlType;
  if (target !== null && target.kind === 'array') elemType = target.elem;
  else if (elems.length === 0) {
    throw new EddyError('42P18', 'cannot determine type of empty array', {
      hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
    });
  } else {
    const types = elems.map((e) => (e.type.kind === 'array' ? e.type.elem : e.type));
    elemType = commonType(types, 'ARRAY');
  }
  if (elemType.kind !== 'scalar')
    throw featureNotSupported('arrays of this type are not supported');
  const type = arrayOf(elemType);
  return {
    kind: 'array',
    elems: elems.map((e) =>
      coerceTo(ctx, e, e.type.kind === 'array' ? type : elemType, 'implicit'),
    ),
    type,
  };
}

export { bindTypeName };
export type { Rel };
