// Binds SELECT (and VALUES, set operations, WITH) into a relation: FROM → WHERE → GROUP BY /
// aggregates → HAVING → window functions → select list → DISTINCT [ON] → ORDER BY / LIMIT.
import { hoistSetReturning } from './select-srf.js';
import { withCtes } from './bind-with.js';
import type { SelectStmt, ResTarget, SortBy, WindowDef, A_Const } from '@pgsql/types';
import {
  EddyError,
  featureNotSupported,
  invalidColumnReference,
  syntaxError,
} from '../errors/index.js';
import { T, type SqlType } from '../repr/index.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import { bindExpr, coerceBool, coerceTo, type ExprCtx } from './bind-expr.js';
import { bindFrom } from './bind-from.js';
import { commonType } from './coerce.js';
import type { AggregateCall, BoundQuery, Rel, Scalar, SortKey, WindowCall } from './hir.js';
import { relTypes } from './rel-types.js';
import { sortKey } from './sort-key.js';
import { functionallyDependent, groupOutputRef, groupRewriter } from './bind-grouping.js';
import {
  checkGrouping,
  groupingSets,
  groupingSetsRel,
  groupingValues,
  setKeys,
} from './bind-grouping-sets.js';
import { defaultName } from './default-name.js';
import { mapScalar, scalarKey } from './scalar-util.js';
import type { Scope } from './scope.js';

export interface OutputColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly tableOid: number;
  readonly columnNumber: number;
}

/**
 * A query used as a relation (subquery, CTE, view): ORDER BY matters only with LIMIT, and to
 * order-sensitive aggregates over it (`order`: its ORDER BY over its columns, when the keys are
 * among them; see aggregateInputOrder).
 */
export function bindQueryRel(
  binder: Binder,
  stmt: SelectStmt,
  parent: Scope | null,
): { rel: Rel; columns: OutputColumn[]; order: readonly SortKey[] } {
  const q = bindQuery(binder, stmt, parent);
  let rel = limited(q);
  if (q.visible < relTypes(rel).length) {
    rel = { kind: 'project', input: rel, outputs: [...Array(q.visible).keys()] };
  }
  const visible = q.order.every((k) => k.expr.kind === 'column' && k.expr.index < q.visible);
  return { rel, columns: [...q.columns], order: visible ? q.order : [] };
}

/** Aggregates whose result depends on the order of their input. */
const ORDER_SENSITIVE = new Set([
  'array_agg',
  'string_agg',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
]);

/**
 * The input order of order-sensitive aggregates without ORDER BY, as PostgreSQL's plans feed
 * them: a DISTINCT one sees its distinct values sorted (PostgreSQL sorts to find them); another
 * over a single subquery in FROM with ORDER BY takes the subquery's order (SELECT array_agg(x)
 * FROM (SELECT x FROM t ORDER BY y) s — not guaranteed by SQL, but relied upon).
 */
function aggregateInputOrder(aggs: AggregateCall[], order: readonly SortKey[]): void {
  aggs.forEach((a, i) => {
    if (a.orderBy.length > 0 || !ORDER_SENSITIVE.has(a.func.name)) return;
    if (a.distinct)
      aggs[i] = { ...a, orderBy: a.args.map((expr) => ({ expr, desc: false, nullsFirst: false })) };
    else if (order.length > 0) aggs[i] = { ...a, orderBy: order };
  });
}

/** The query's relation with its LIMIT / OFFSET applied (a top-k in the given order). */
export function limited(q: BoundQuery): Rel {
  if (q.limit === null && q.offset === null) return q.rel;
  return {
    kind: 'topK',
    input: q.rel,
    groupKey: [],
    order: q.order,
    limit: q.limit,
    offset: q.offset,
    ...(q.withTies === true ? { withTies: true } : {}),
  };
}

/** FETCH FIRST NULL ROWS WITH TIES: a count that is NULL (refused when evaluated). */
const NULL_COUNT: Scalar = { kind: 'literal', value: null, type: T.int8 };

export function bindQuery(binder: Binder, stmt: SelectStmt, parent: Scope | null): BoundQuery {
  const b = stmt.withClause !== undefined ? withCtes(binder, stmt.withClause, parent) : binder;
  if (stmt.op !== undefined && stmt.op !== 'SETOP_NONE') return bindSetOp(b, stmt, parent);
  if (stmt.valuesLists !== undefined)
    return finishSimple(b, stmt, parent, bindValues(b, stmt.valuesLists, parent));
  return bindSimpleSelect(b, stmt, parent);
}

interface Projected {
  rel: Rel;
  columns: OutputColumn[];
}

function bindValues(binder: Binder, lists: readonly Node[], parent: Scope | null): Projected {
  const rows = lists.map((l) => (tagOf(l)[1].items as Node[]) ?? []);
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width))
    throw syntaxError('VALUES lists must all be the same length');
  const ctx: ExprCtx = {
    binder,
    scope: emptyScope(parent),
    clause: 'VALUES',
    aggs: null,
    windows: null,
  };
  const bound = rows.map((r) => r.map((n) => bindExpr(ctx, n)));
  const types = [...Array(width).keys()].map((i) =>
    commonType(
      bound.map((r) => r[i]!.type),
      'VALUES',
    ),
  );
  const coerced = bound.map((r) => r.map((e, i) => coerceTo(ctx, e, types[i]!, 'implicit')));
  const allLiteral = coerced.every((r) => r.every((e) => e.kind === 'literal'));
  const rel: Rel = allLiteral
    ? {
        kind: 'constant',
        rows: coerced.map((r) => r.map((e) => (e.kind === 'literal' ? e.value : null))),
        types,
      }
    : {
        kind: 'union',
        inputs: coerced.map(
          (r) =>
            ({ kind: 'map', input: { kind: 'constant', rows: [[]], types: [] }, exprs: r }) as Rel,
        ),
      };
  return {
    rel,
    columns: types.map((type, i) => ({
      name: `column${i + 1}`,
      type,
      tableOid: 0,
      columnNumber: 0,
    })),
  };
}

import { Scope as ScopeClass } from './scope.js';
function emptyScope(parent: Scope | null): Scope {
  return ScopeClass.empty(parent);
}

/** ORDER BY / LIMIT over a relation whose output columns are already fixed (VALUES, set ops). */
function finishSimple(
  binder: Binder,
  stmt: SelectStmt,
  parent: Scope | null,
  p: Projected,
): BoundQuery {
  const cols = p.columns.map((c, i) => ({
    name: c.name,
    index: i,
    type: c.type,
    tableOid: 0,
    attnum: 0,
  }));
  const scope = ScopeClass.of([{ alias: null, cols }], parent);
  const ctx: ExprCtx = { binder, scope, clause: 'ORDER BY', aggs: null, windows: null };
  const order = (stmt.sortClause ?? []).map((n) => {
    const s = tagOf(n)[1] as SortBy;
    const expr = outputRef(s.node!, p.columns) ?? bindExpr(ctx, s.node!);
    if (expr.kind !== 'column') {
      throw featureNotSupported(
        'ORDER BY on a UNION/INTERSECT/EXCEPT result must be on one of the result columns',
        { position: positionOf(s.node) },
      );
    }
    return sortKey(s, expr);
  });
  return {
    rel: p.rel,
    columns: p.columns,
    order,
    visible: p.columns.length,
    ...limits(binder, stmt, parent),
  };
}

function limits(
  binder: Binder,
  stmt: SelectStmt,
  parent: Scope | null,
): { limit: Scalar | null; offset: Scalar | null; withTies?: boolean } {
  const ctx: ExprCtx = {
    binder,
    scope: emptyScope(parent),
    clause: 'LIMIT',
    aggs: null,
    windows: null,
  };
  const one = (n: Node | undefined, clause: string): Scalar | null => {
    if (n === undefined) return null;
    const [tag, body] = tagOf(n);
    if (tag === 'A_Const' && (body as A_Const).isnull === true) return null;
    return coerceTo(
      { ...ctx, clause },
      bindExpr({ ...ctx, clause }, n),
      T.int8,
      'assignment',
      positionOf(n),
    );
  };
  const limit = one(stmt.limitCount, 'LIMIT');
  const offset = one(stmt.limitOffset, 'OFFSET');
  // (The parser refuses WITH TIES without ORDER BY.)
  return stmt.limitOption === 'LIMIT_OPTION_WITH_TIES'
    ? { limit: limit ?? NULL_COUNT, offset, withTies: true }
    : { limit, offset };
}

/** An ORDER BY / GROUP BY item naming an output column (by position or by name). */
function outputRef(node: Node, columns: readonly OutputColumn[]): Scalar | null {
  const [tag, body] = tagOf(node);
  if (tag === 'A_Const') {
    const c = body as A_Const;
    if (c.ival !== undefined) {
      const n = c.ival.ival ?? 0;
      if (n < 1 || n > columns.length) {
        throw invalidColumnReference(`ORDER BY position ${n} is not in select list`, {
          position: positionOf(node),
        });
      }
      return { kind: 'column', index: n - 1, type: columns[n - 1]!.type };
    }
  }
  if (tag === 'ColumnRef') {
    const f = names(body.fields as Node[]);
    if (f.length === 1) {
      const hits = columns.map((c, i) => [c, i] as const).filter(([c]) => c.name === f[0]);
      if (hits.length === 1) return { kind: 'column', index: hits[0]![1], type: hits[0]![0].type };
    }
  }
  return null;
}

function bindSetOp(binder: Binder, stmt: SelectStmt, parent: Scope | null): BoundQuery {
  const l = bindQueryRel(binder, stmt.larg!, parent);
  const r = bindQueryRel(binder, stmt.rarg!, parent);
  const opName =
    stmt.op === 'SETOP_UNION' ? 'UNION' : stmt.op === 'SETOP_INTERSECT' ? 'INTERSECT' : 'EXCEPT';
  if (l.columns.length !== r.columns.length) {
    throw syntaxError(`each ${opName} query must have the same number of columns`);
  }
  const types = l.columns.map((c, i) => commonType([c.type, r.columns[i]!.type], opName));
  const ctx: ExprCtx = {
    binder,
    scope: emptyScope(parent),
    clause: opName,
    aggs: null,
    windows: null,
  };
  const conform = (q: { rel: Rel; columns: OutputColumn[] }): Rel => {
    const exprs = q.columns.map((c, i) =>
      coerceTo(ctx, { kind: 'column', index: i, type: c.type }, types[i]!, 'implicit'),
    );
    if (exprs.every((e, i) => e.kind === 'column' && e.index === i)) return q.rel;
    const w = q.columns.length;
    return {
      kind: 'project',
      input: { kind: 'map', input: q.rel, exprs },
      outputs: exprs.map((_, i) => w + i),
    };
  };
  const L = conform(l);
  const R = conform(r);
  const all = stmt.all === true;
  let rel: Rel;
  const neg = (x: Rel): Rel => ({ kind: 'negate', input: x });
  const dist = (x: Rel): Rel => ({ kind: 'distinct', input: x });
  const thr = (x: Rel): Rel => ({ kind: 'threshold', input: x });
  switch (opName) {
    case 'UNION':
      rel = { kind: 'union', inputs: [L, R] };
      if (!all) rel = dist(rel);
      break;
    case 'EXCEPT':
      rel = all
        ? thr({ kind: 'union', inputs: [L, neg(R)] })
        : thr({ kind: 'union', inputs: [dist(L), neg(dist(R))] });
      break;
    case 'INTERSECT': {
      // min(|L|, |R|) = |L| - max(|L| - |R|, 0)
      const inter: Rel = {
        kind: 'union',
        inputs: [L, neg(thr({ kind: 'union', inputs: [L, neg(R)] }))],
      };
      rel = all ? inter : dist(inter);
      break;
    }
  }
  const columns = l.columns.map((c, i) => ({
    name: c.name,
    type: types[i]!,
    tableOid: 0,
    columnNumber: 0,
  }));
  return finishSimple(binder, stmt, parent, { rel: rel!, columns });
}

function bindSimpleSelect(binder: Binder, given: SelectStmt, parent: Scope | null): BoundQuery {
  const stmt = hoistSetReturning(given);
  if (stmt.intoClause !== undefined) throw featureNotSupported('SELECT INTO is not supported');
  if ((stmt.lockingClause ?? []).length > 0) {
    // FOR UPDATE/SHARE: accepted and ignored (reads are at one sealed tick).
  }
  const from = bindFrom(binder, stmt.fromClause ?? [], parent);
  let rel = from.rel;
  const scope = from.scope;
  const windowDefs = new Map<string, WindowDef>();
  for (const w of stmt.windowClause ?? []) {
    const def = tagOf(w)[1] as WindowDef;
    windowDefs.set(def.name!, def);
  }
  const base: ExprCtx = { binder, scope, clause: 'WHERE', aggs: null, windows: null, windowDefs };
  if (stmt.whereClause !== undefined) {
    const pred = coerceBool(
      base,
      bindExpr(base, stmt.whereClause),
      'WHERE',
      positionOf(stmt.whereClause),
    );
    rel = { kind: 'filter', input: rel, predicates: [pred] };
  }

  // Select list, with aggregates and window calls collected.
  const aggs: AggregateCall[] = [];
  const windows: WindowCall[] = [];
  const listCtx: ExprCtx = { ...base, clause: 'SELECT', aggs, windows };
  const targets: { name: string; expr: Scalar; tableOid: number; columnNumber: number }[] = [];
  for (const n of stmt.targetList ?? []) {
    const t = tagOf(n)[1] as ResTarget;
    const [vtag, vbody] = tagOf(t.val!);
    if (vtag === 'ColumnRef') {
      const f = names(vbody.fields as Node[]);
      if (f[f.length - 1] === '*') {
        const cols = f.length === 1 ? scope.star : scope.starOf(f[f.length - 2]!);
        if (cols === undefined) {
          throw new EddyError('42P01', `missing FROM-clause entry for table "${f[f.length - 2]}"`, {
            position: positionOf(t.val),
          });
        }
        if (f.length === 1 && cols.length === 0 && (stmt.fromClause ?? []).length === 0) {
          throw syntaxError('SELECT * with no tables specified is not valid', {
            position: positionOf(t.val),
          });
        }
        for (const c of cols) {
          targets.push({
            name: c.name,
            expr: { kind: 'column', index: c.index, type: c.type },
            tableOid: c.tableOid,
            columnNumber: c.attnum,
          });
        }
        continue;
      }
    }
    const expr = bindExpr(listCtx, t.val!);
    let tableOid = 0;
    let columnNumber = 0;
    if (expr.kind === 'column') {
      const c =
        scope.star.find((s) => s.index === expr.index) ??
        scope.unqualified.find((s) => s.index === expr.index);
      if (c !== undefined) {
        tableOid = c.tableOid;
        columnNumber = c.attnum;
      }
    }
    targets.push({ name: t.name ?? defaultName(t.val!), expr, tableOid, columnNumber });
  }
  const outCols: OutputColumn[] = targets.map((t) => ({
    name: t.name,
    type: t.expr.type.kind === 'scalar' && t.expr.type.name === 'unknown' ? T.text : t.expr.type,
    tableOid: t.tableOid,
    columnNumber: t.columnNumber,
  }));
  const targetExprs = targets.map((t) =>
    t.expr.type.kind === 'scalar' && t.expr.type.name === 'unknown'
      ? coerceTo(listCtx, t.expr, T.text, 'implicit')
      : t.expr,
  );

  const having =
    stmt.havingClause === undefined
      ? null
      : coerceBool(
          { ...listCtx, clause: 'HAVING', windows: null },
          bindExpr({ ...listCtx, clause: 'HAVING', windows: null }, stmt.havingClause),
          'HAVING',
        );

  // ORDER BY: output column names/positions first, else expressions over the input.
  const orderCtx: ExprCtx = { ...listCtx, clause: 'ORDER BY' };
  const order: SortKey[] = [];
  const hiddenOrder: Scalar[] = [];
  for (const n of stmt.sortClause ?? []) {
    const s = tagOf(n)[1] as SortBy;
    const ref = outputRef(s.node!, outCols);
    if (ref !== null && ref.kind === 'column') {
      order.push(sortKey(s, { kind: 'column', index: ref.index, type: ref.type }));
    } else {
      const e = bindExpr(orderCtx, s.node!);
      const same = targetExprs.findIndex((t) => scalarKey(t) === scalarKey(e));
      if (same >= 0) order.push(sortKey(s, { kind: 'column', index: same, type: e.type }));
      else {
        order.push(
          sortKey(s, { kind: 'column', index: targets.length + hiddenOrder.length, type: e.type }),
        );
        hiddenOrder.push(e);
      }
    }
  }

  aggregateInputOrder(aggs, from.order ?? []);

  // GROUP BY (with grouping sets: the union of a grouping per set, bind-grouping-sets.ts)
  const groupCtx: ExprCtx = { ...base, clause: 'GROUP BY' };
  const bindKey = (n: Node): Scalar => groupOutputRef(n, scope, targets) ?? bindExpr(groupCtx, n);
  const sets = groupingSets(stmt.groupClause ?? [], bindKey);
  const groupKey: Scalar[] = sets === null ? (stmt.groupClause ?? []).map(bindKey) : setKeys(sets);
  const grouped = groupKey.length > 0 || aggs.length > 0 || having !== null || sets !== null;
  if (groupKey.length > 0 && sets === null) {
    const used = [...targetExprs, ...hiddenOrder, ...(having === null ? [] : [having])];
    groupKey.push(...functionallyDependent(binder, scope, groupKey, used));
  }
  let exprs = targetExprs;
  let hidden = hiddenOrder;
  let windowCalls = windows;
  if (!grouped) {
    // GROUPING() in a query without grouping: its arguments are no grouping expressions.
    exprs = exprs.map((e) => groupingValues(e, [], null));
    hidden = hidden.map((e) => groupingValues(e, [], null));
  } else {
    rel =
      sets === null
        ? { kind: 'reduce', input: rel, groupKey, aggregates: aggs }
        : groupingSetsRel(rel, sets, groupKey, aggs);
    // After the rewrite, key j is column j; grouping sets put their mask after the aggregates.
    const keyCols = groupKey.map((k, j): Scalar => ({ kind: 'column', index: j, type: k.type }));
    const maskIndex = sets === null ? null : groupKey.length + aggs.length;
    for (const e of [...exprs, ...hidden, ...(having === null ? [] : [having])])
      checkGrouping(e, groupKey);
    const groupRewrite = groupRewriter(groupKey, scope);
    const rewrite = (e: Scalar): Scalar => groupingValues(groupRewrite(e), keyCols, maskIndex);
    exprs = exprs.map(rewrite);
    hidden = hidden.map(rewrite);
    windowCalls = windowCalls.map((w) => ({
      ...w,
      args: w.args.map(rewrite),
      partitionBy: w.partitionBy.map(rewrite),
      orderBy: w.orderBy.map((o) => ({ ...o, expr: rewrite(o.expr) })),
      aggregate:
        w.aggregate === null
          ? null
          : {
              ...w.aggregate,
              args: w.aggregate.args.map(rewrite),
              filter: w.aggregate.filter === null ? null : rewrite(w.aggregate.filter),
              orderBy: w.aggregate.orderBy.map((o) => ({ ...o, expr: rewrite(o.expr) })),
            },
    }));
    if (having !== null) rel = { kind: 'filter', input: rel, predicates: [rewrite(having)] };
  }
  if (windowCalls.length > 0) {
    const width = relTypes(rel).length;
    rel = { kind: 'window', input: rel, calls: windowCalls };
    const toCol = (e: Scalar): Scalar =>
      mapScalar(e, (x) =>
        x.kind === 'windowRef'
          ? { kind: 'column', index: width + x.index, type: x.type }
          : undefined,
      );
    exprs = exprs.map(toCol);
    hidden = hidden.map(toCol);
  }
  const width = relTypes(rel).length;
  const all = [...exprs, ...hidden];
  rel = {
    kind: 'project',
    input: { kind: 'map', input: rel, exprs: all },
    outputs: all.map((_, i) => width + i),
  };

  // DISTINCT / DISTINCT ON
  if (stmt.distinctClause !== undefined) {
    const on = stmt.distinctClause.filter((n) => Object.keys(n).length > 0);
    if (on.length === 0) {
      if (hidden.length > 0) {
        throw invalidColumnReference(
          'for SELECT DISTINCT, ORDER BY expressions must appear in select list',
        );
      }
      rel = { kind: 'distinct', input: rel };
    } else {
      const keys = on.map((n) => {
        const ref = outputRef(n, outCols);
        if (ref !== null) return ref;
        const e = bindExpr(orderCtx, n);
        const same = targetExprs.findIndex((t) => scalarKey(t) === scalarKey(e));
        if (same < 0)
          throw featureNotSupported('DISTINCT ON expressions must appear in the select list', {
            position: positionOf(n),
          });
        return { kind: 'column', index: same, type: e.type } as Scalar;
      });
      for (let i = 0; i < Math.min(keys.length, order.length); i++) {
        const k = keys[i]!;
        const o = order[i]!;
        if (o.expr.kind !== 'column' || k.kind !== 'column' || o.expr.index !== k.index) {
          if (
            !keys.some(
              (kk) => kk.kind === 'column' && o.expr.kind === 'column' && kk.index === o.expr.index,
            )
          ) {
            throw invalidColumnReference(
              'SELECT DISTINCT ON expressions must match initial ORDER BY expressions',
            );
          }
        }
      }
      rel = {
        kind: 'topK',
        input: rel,
        groupKey: keys,
        order,
        limit: { kind: 'literal', value: 1n, type: T.int8 },
        offset: null,
      };
    }
  }
  return { rel, columns: outCols, order, visible: targets.length, ...limits(binder, stmt, parent) };
}

export { defaultName };
