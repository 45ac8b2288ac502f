// Binds the FROM clause: tables, views, CTEs, subqueries, table functions and joins (with ON,
// USING, NATURAL, LATERAL), producing one relation and the scope that names its columns. The
// time window functions TUMBLE and HOP, which take a relation, are in ./bind-window-tvf.ts.
import type {
  JoinExpr,
  RangeFunction,
  RangeSubselect,
  RangeVar,
  Alias,
  FuncCall,
} from '@pgsql/types';
import {
  EddyError,
  duplicateAlias,
  featureNotSupported,
  undefinedFunction,
} from '../errors/index.js';
import { T, type SqlType } from '../repr/index.js';
import { names, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import { bindExpr, bindOperator, coerceBool, coerceTo, TRUE, type ExprCtx } from './bind-expr.js';
import { namedRelation } from './system-columns.js';
import { commonType } from './coerce.js';
import type { JoinKind, Rel, Scalar, SortKey } from './hir.js';
import { relTypes } from './rel-types.js';
import { mapScalar } from './scalar-util.js';
import { Scope, type ScopeCol, type ScopeItem } from './scope.js';
import { bindQueryRel } from './bind-select.js';
import { resolveTableFunction } from './table-functions.js';
import { bindWindowTableFunction, isWindowTableFunction } from './bind-window-tvf.js';

export interface FromResult {
  readonly rel: Rel;
  readonly scope: Scope;
  /**
   * A subquery's ORDER BY over its columns, when it is the one FROM item (a join makes a new
   * result, without one).
   */
  readonly order?: readonly SortKey[];
}

const ONE_ROW: Rel = { kind: 'constant', rows: [[]], types: [] };

export function bindFrom(binder: Binder, from: readonly Node[], parent: Scope | null): FromResult {
  if (from.length === 0) return { rel: ONE_ROW, scope: Scope.empty(parent) };
  let acc: FromResult | null = null;
  for (const item of from) {
    const next = bindFromItem(binder, item, parent, acc);
    acc = acc === null ? next : crossJoin(acc, next, parent);
  }
  checkDuplicateAliases(acc!.scope);
  return acc!;
}

function checkDuplicateAliases(scope: Scope): void {
  const seen = new Set<string>();
  for (const i of scope.items) {
    if (i.alias === null) continue;
    if (seen.has(i.alias)) throw duplicateAlias(`table name "${i.alias}" specified more than once`);
    seen.add(i.alias);
  }
}

function shiftItems(items: readonly ScopeItem[], by: number): ScopeItem[] {
  return items.map((i) => ({
    ...i,
    cols: i.cols.map((c) => ({ ...c, index: c.index + by })),
  }));
}

function crossJoin(
  left: FromResult,
  right: FromResult & { lateral?: boolean },
  parent: Scope | null,
): FromResult {
  const width = relTypes(left.rel).length;
  const rightItems = shiftItems(right.scope.items, width);
  const lateral = right.lateral === true;
  return {
    rel: { kind: 'join', left: left.rel, right: right.rel, joinKind: 'inner', on: TRUE, lateral },
    scope: new Scope(
      [...left.scope.items, ...rightItems],
      [
        ...left.scope.unqualified,
        ...right.scope.unqualified.map((c) => ({ ...c, index: c.index + width })),
      ],
      [...left.scope.star, ...right.scope.star.map((c) => ({ ...c, index: c.index + width }))],
      parent,
    ),
  };
}

/** `left` is the FROM items to the left (visible to LATERAL items). */
function bindFromItem(
  binder: Binder,
  node: Node,
  parent: Scope | null,
  left: FromResult | null,
): FromResult & { lateral?: boolean } {
  const [tag, body] = tagOf(node);
  switch (tag) {
    case 'RangeVar':
      return bindRangeVar(binder, body as RangeVar, parent);
    case 'RangeSubselect': {
      const rs = body as RangeSubselect;
      const lateral = rs.lateral === true;
      const scopeForSub = lateral && left !== null ? left.scope.withParent(parent) : parent;
      // (PostgreSQL 16 allows unaliased subqueries in FROM.)
      const q = bindQueryRel(binder, tagOf(rs.subquery!)[1] as never, scopeForSub);
      return {
        ...named(q.rel, q.columns, rs.alias ?? null, null, parent),
        lateral: lateral && left !== null,
        ...(left === null && q.order.length > 0 ? { order: q.order } : {}),
      };
    }
    case 'RangeFunction':
      return bindRangeFunction(binder, body as RangeFunction, parent, left);
    case 'JoinExpr':
      return bindJoin(binder, body as JoinExpr, parent, left);
    default:
      throw featureNotSupported(`${tag} in FROM is not supported`);
  }
}

export function named(
  rel: Rel,
  columns: readonly { name: string; type: SqlType; tableOid?: number; columnNumber?: number }[],
  alias: Alias | null,
  defaultName: string | null,
  parent: Scope | null,
): FromResult {
  const colAliases = names(alias?.colnames);
  if (colAliases.length > columns.length) {
    throw new EddyError(
      '42P10',
      `table "${alias?.aliasname ?? defaultName ?? ''}" has ${columns.length} columns available but ${colAliases.length} columns specified`,
    );
  }
  const cols: ScopeCol[] = columns.map((c, i) => ({
    name: colAliases[i] ?? c.name,
    index: i,
    type: c.type,
    tableOid: c.tableOid ?? 0,
    attnum: c.columnNumber ?? 0,
  }));
  return { rel, scope: Scope.of([{ alias: alias?.aliasname ?? defaultName, cols }], parent) };
}

export function bindRangeVar(binder: Binder, rv: RangeVar, parent: Scope | null): FromResult {
  const name = rv.relname ?? '';
  const position = rv.location !== undefined ? rv.location + 1 : undefined;
  if (rv.schemaname === undefined) {
    const cte = binder.cte(name);
    if (cte !== undefined) return named(cte.rel, cte.columns, rv.alias ?? null, name, parent);
  }
  const rel = binder.catalog.resolveRelation(rv.schemaname ?? null, name);
  if (rel === undefined) {
    const full = rv.schemaname !== undefined ? `${rv.schemaname}.${name}` : name;
    throw new EddyError('42P01', `relation "${full}" does not exist`, { position });
  }
  const columns = rel.columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    tableOid: rel.kind === 'view' ? 0 : rel.oid,
    columnNumber: rel.kind === 'view' ? 0 : i + 1,
  }));
  if (rel.kind === 'view') {
    const q = binder.bindView(rel);
    return named(q, columns, rv.alias ?? null, name, parent);
  }
  const get: Rel = {
    kind: 'get',
    id: rel.id,
    name: rel.name,
    types: rel.columns.map((c) => c.type),
    ...(rel.kind === 'table' && rel.primaryKey.length > 0 ? { primaryKey: rel.primaryKey } : {}),
    ...(rel.kind === 'table' && rel.appendOnly === true ? { appendOnly: true } : {}),
    ...(rel.kind === 'materialized-view' && rel.indexes.length > 0 ? { indexes: rel.indexes } : {}),
  };
  return namedRelation(get, rel, columns, rv.alias ?? null, name, parent);
}

function bindRangeFunction(
  binder: Binder,
  rf: RangeFunction,
  parent: Scope | null,
  left: FromResult | null,
): FromResult & { lateral?: boolean } {
  const fns = rf.functions ?? [];
  if (fns.length !== 1 || rf.is_rowsfrom === true)
    throw featureNotSupported('ROWS FROM is not supported');
  const first = tagOf(fns[0]!)[1].items as Node[];
  const call = first[0]!;
  const [tag, body] = tagOf(call);
  if (tag !== 'FuncCall') throw featureNotSupported('only function calls are supported in FROM');
  const f = body as FuncCall;
  const fname = names(f.funcname).pop()!.toLowerCase();
  if (isWindowTableFunction(fname)) return bindWindowTableFunction(binder, fname, rf, f, parent);
  // Arguments may refer to FROM items on the left (functions in FROM are implicitly LATERAL).
  // They are bound one level down, as a LATERAL subquery's would be: level 1 = the items on the
  // left, level 2 = the enclosing query. If they do not read the left items, the call is not
  // lateral after all and enclosing-query references move up one level.
  const argScope = Scope.empty(left !== null ? left.scope.withParent(parent) : parent);
  const ctx: ExprCtx = {
    binder,
    scope: argScope,
    clause: 'functions in FROM',
    aggs: null,
    windows: null,
  };
  let args = (f.args ?? []).map((a) => bindExpr(ctx, a));
  let lateral = false;
  if (left !== null) {
    lateral = args.some((a) => readsOuterLevel(a, 1));
    if (!lateral)
      args = args.map((a) =>
        mapScalar(a, (x) => (x.kind === 'outer' ? { ...x, level: x.level - 1 } : undefined)),
      );
  }
  const position = f.location !== undefined ? f.location + 1 : undefined;
  const tf = resolveTableFunction(ctx, fname, args, rf.ordinality === true, position);
  if (tf === null) {
    throw undefinedFunction(`function ${fname} does not exist`, { position });
  }
  // A table function is a flatMap over one row of its (possibly correlated) arguments.
  const argMap: Rel = { kind: 'map', input: ONE_ROW, exprs: tf.args };
  const rel: Rel = {
    kind: 'project',
    input: {
      kind: 'flatMap',
      input: argMap,
      func: {
        ...tf,
        args: tf.args.map(
          (_, i) => ({ kind: 'column', index: i, type: tf.args[i]!.type }) as Scalar,
        ),
      },
    },
    outputs: [...tf.columns.keys(), ...(tf.ordinality ? [tf.columns.length] : [])].map(
      (i) => tf.args.length + i,
    ),
  };
  const cols = [...tf.columns, ...(tf.ordinality ? [{ name: 'ordinality', type: T.int8 }] : [])];
  const alias = rf.alias ?? null;
  // A function returning a scalar names its column after the alias, or else the function
  // (one with an OUT parameter after it), and stands for that column as a whole row.
  if (tf.scalarResult && tf.outParameter !== true)
    cols[0] = { ...cols[0]!, name: alias?.aliasname ?? fname };
  const res = named(rel, cols, alias, fname, parent);
  if (tf.scalarResult && !tf.ordinality) {
    const items = res.scope.items.map((i) => ({ ...i, scalar: true }));
    return { rel: res.rel, scope: Scope.of(items, parent), lateral };
  }
  return { ...res, lateral };
}

function readsOuterLevel(s: Scalar, level: number): boolean {
  let found = false;
  mapScalar(s, (x) => {
    if (x.kind === 'outer' && x.level === level) found = true;
    return undefined;
  });
  return found;
}

function bindJoin(
  binder: Binder,
  j: JoinExpr,
  parent: Scope | null,
  outerLeft: FromResult | null,
): FromResult {
  const left = bindFromItem(binder, j.larg!, parent, outerLeft);
  const right = bindFromItem(binder, j.rarg!, parent, left);
  const kind: JoinKind =
    j.jointype === 'JOIN_LEFT'
      ? 'left'
      : j.jointype === 'JOIN_RIGHT'
        ? 'right'
        : j.jointype === 'JOIN_FULL'
          ? 'full'
          : 'inner';
  const joined = crossJoin(left, right, parent);
  const width = relTypes(left.rel).length;
  const lateral = (right as { lateral?: boolean }).lateral === true;
  if (lateral && (kind === 'right' || kind === 'full')) {
    throw new EddyError(
      '42P10',
      'The combining JOIN type must be INNER or LEFT for a LATERAL reference.',
    );
  }
  let usingNames = names(j.usingClause);
  if (j.isNatural === true) {
    const rightNames = new Set(right.scope.star.map((c) => c.name));
    usingNames = left.scope.star.map((c) => c.name).filter((n) => rightNames.has(n));
  }
  const ctx: ExprCtx = {
    binder,
    scope: joined.scope,
    clause: 'JOIN conditions',
    aggs: null,
    windows: null,
  };
  if (usingNames.length === 0) {
    const on = j.quals === undefined ? TRUE : coerceBool(ctx, bindExpr(ctx, j.quals), 'JOIN/ON');
    const rel: Rel = {
      kind: 'join',
      left: left.rel,
      right: right.rel,
      joinKind: kind,
      on,
      lateral,
    };
    const scope = j.alias !== undefined ? aliasJoin(joined.scope, j.alias, parent) : joined.scope;
    return { rel, scope };
  }
  // USING / NATURAL: equality on the named columns, which then appear once (merged).
  const conds: Scalar[] = [];
  const merged: Scalar[] = [];
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  const mergedTypes: SqlType[] = [];
  for (const n of usingNames) {
    const l = left.scope.star.filter((c) => c.name === n);
    const r = right.scope.star.filter((c) => c.name === n);
    if (l.length !== 1)
      throw new EddyError(
        '42703',
        `column "${n}" specified in USING clause does not exist in left table`,
      );
    if (r.length !== 1)
      throw new EddyError(
        '42703',
        `column "${n}" specified in USING clause does not exist in right table`,
      );
    const lc = l[0]!;
    const rc = r[0]!;
    usedL.add(lc.index);
    usedR.add(rc.index);
    const type = commonType([lc.type, rc.type], 'JOIN/USING');
    mergedTypes.push(type);
    const lref = coerceTo(
      ctx,
      { kind: 'column', index: lc.index, type: lc.type },
      type,
      'implicit',
    );
    const rref = coerceTo(
      ctx,
      { kind: 'column', index: rc.index + width, type: rc.type },
      type,
      'implicit',
    );
    conds.push(bindEq(ctx, lref, rref));
    merged.push(
      kind === 'right'
        ? rref
        : kind === 'full'
          ? { kind: 'coalesce', args: [lref, rref], type }
          : lref,
    );
  }
  const on: Scalar = conds.length === 1 ? conds[0]! : { kind: 'and', args: conds, type: T.bool };
  const joinRel: Rel = {
    kind: 'join',
    left: left.rel,
    right: right.rel,
    joinKind: kind,
    on,
    lateral,
  };
  const total = width + relTypes(right.rel).length;
  const rel: Rel = { kind: 'map', input: joinRel, exprs: merged };
  const mergedCols: ScopeCol[] = usingNames.map((n, i) => ({
    name: n,
    index: total + i,
    type: mergedTypes[i]!,
    tableOid: 0,
    attnum: 0,
  }));
  const restL = left.scope.star.filter((c) => !usedL.has(c.index));
  const restR = right.scope.star
    .filter((c) => !usedR.has(c.index))
    .map((c) => ({ ...c, index: c.index + width }));
  const star = [...mergedCols, ...restL, ...restR];
  const unqualified = [
    ...mergedCols,
    ...left.scope.unqualified.filter((c) => !usedL.has(c.index)),
    ...right.scope.unqualified
      .filter((c) => !usedR.has(c.index))
      .map((c) => ({ ...c, index: c.index + width })),
  ];
  let scope = new Scope(joined.scope.items, unqualified, star, parent);
  if (j.join_using_alias !== undefined) {
    scope = new Scope(
      [...scope.items, { alias: j.join_using_alias.aliasname ?? null, cols: mergedCols }],
      unqualified,
      star,
      parent,
    );
  }
  if (j.alias !== undefined) scope = aliasJoin(scope, j.alias, parent);
  return { rel, scope };
}

function aliasJoin(scope: Scope, alias: Alias, parent: Scope | null): Scope {
  const colAliases = names(alias.colnames);
  const cols = scope.star.map((c, i) => ({ ...c, name: colAliases[i] ?? c.name }));
  return new Scope([{ alias: alias.aliasname ?? null, cols }], cols, cols, parent);
}

function bindEq(ctx: ExprCtx, l: Scalar, r: Scalar): Scalar {
  return bindOperator(ctx, '=', l, r);
}
