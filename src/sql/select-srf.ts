// Set-returning functions in the select list — `SELECT generate_series(1, 3)`,
// `SELECT id, unnest(tags) FROM posts`, `SELECT (_pg_expandarray(indkey)).n FROM pg_index`,
// `SELECT unnest(k), generate_subscripts(k, 1) FROM ...` — are bound as PostgreSQL evaluates them
// when the query has no grouping: the calls run in lockstep, one output row per row of the longest
// result for each input row, the shorter results padded with NULLs. The query is rewritten to
// call them in FROM, LATERAL after the other FROM items, and each occurrence reads its column:
//   - one distinct call (it may occur several times: identical calls in lockstep return
//     identical rows) is one LATERAL function; a call returning a record reads the whole row,
//     whose fields `(call).n` then selects;
//   - several distinct calls, each returning one value, are zipped by position: each call
//     WITH ORDINALITY, FULL JOINed on the ordinal, in a LATERAL subquery.
// With grouping or aggregates, PostgreSQL calls them after the aggregation (and before DISTINCT,
// ORDER BY and LIMIT): the aggregating query becomes a subquery in FROM whose columns are the
// other select-list items and the calls' arguments, under a query calling them as above
// (overAggregation). Anything else (several calls of which one returns a record, a call inside
// an expression that also reads the rows, ORDER BY on what is not an output column) is left
// alone, so the function stays unknown in the select list (42883) rather than answering
// differently from PostgreSQL.
import type { FuncCall, Node, ResTarget, SelectStmt } from '@pgsql/types';
import { aggregateCandidates, scalarCandidates, tableCandidates } from '../expr/registry.js';
import { names, tagOf } from './ast.js';
import { defaultName } from './default-name.js';
import { parseStatements } from './parser.js';

const ALIAS = '__srf';

function funcName(call: FuncCall): string {
  return names(call.funcname).at(-1) ?? '';
}

/** How a call reads its result: one column (scalar) or the whole row (record); null if not an SRF. */
function setReturningShape(node: unknown): 'scalar' | 'record' | null {
  if (node === null || typeof node !== 'object' || !('FuncCall' in node)) return null;
  const call = (node as { FuncCall: FuncCall }).FuncCall;
  if (call.over !== undefined) return null;
  const name = funcName(call);
  const n = (call.args ?? []).length;
  // Multi-argument unnest zips arrays and exists only in FROM.
  if (name.toLowerCase() === 'unnest' && n > 1) return null;
  const table = tableCandidates(name).filter(
    (f) => f.args.length === n || (f.variadic === true && n >= f.args.length),
  );
  if (table.length === 0) return null;
  if (scalarCandidates(name).length > 0 || aggregateCandidates(name).length > 0) return null;
  if (table.every((f) => f.scalarResult)) return 'scalar';
  return table.every((f) => !f.scalarResult) ? 'record' : null;
}

/** Fields of parse nodes that hold source positions, not meaning. */
const POSITIONS = /(^|_)(location|list_start|list_end)$/;

/** The call without source positions, to compare calls. */
function callKey(node: unknown): string {
  return JSON.stringify(node, (k, v: unknown) => (POSITIONS.test(k) ? undefined : v));
}

/** Set-returning calls below `node`, outside subqueries. */
function collectCalls(node: unknown, out: Node[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectCalls(n, out);
    return;
  }
  if ('SubLink' in node) return;
  if (setReturningShape(node) !== null) {
    out.push(node as Node);
    return;
  }
  for (const v of Object.values(node)) collectCalls(v, out);
}

/** `node` with every occurrence of the call (by key) replaced by `by`. */
function replaceCalls(node: unknown, key: string, by: Node): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => replaceCalls(n, key, by));
  if ('SubLink' in node) return node;
  if ('FuncCall' in node && callKey(node) === key) return by;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, replaceCalls(v, key, by)] as const),
  );
}

/** Whether any function call below `node` is an aggregate or a window call. */
function usesAggregates(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(usesAggregates);
  const call = (node as { FuncCall?: FuncCall }).FuncCall;
  if (call !== undefined) {
    if (call.over !== undefined || aggregateCandidates(funcName(call)).length > 0) return true;
  }
  return Object.values(node as Record<string, unknown>).some(usesAggregates);
}

/** The FROM item evaluating the distinct calls, and the expression reading each one's result. */
function lateralCalls(calls: readonly Node[]): { range: Node; reads: Node[] } | null {
  const shapes = calls.map(setReturningShape);
  const ref = (...fields: string[]): Node =>
    ({ ColumnRef: { fields: fields.map((sval) => ({ String: { sval } })) } }) as unknown as Node;
  if (calls.length === 1) {
    const call = calls[0]!;
    const name = funcName((call as { FuncCall: FuncCall }).FuncCall);
    const scalar = shapes[0] === 'scalar';
    const range = {
      RangeFunction: {
        lateral: true,
        functions: [{ List: { items: [call, {}] } }],
        alias: { aliasname: ALIAS, ...(scalar ? { colnames: [{ String: { sval: name } }] } : {}) },
      },
    } as unknown as Node;
    // A scalar result is the function's one column; a record result is the whole row.
    return { range, reads: [scalar ? ref(ALIAS, name) : ref(ALIAS)] };
  }
  if (shapes.some((s) => s !== 'scalar')) return null;
  // SELECT v1, v2, v3 FROM __call1() WITH ORDINALITY AS __srf1(v1, o1)
  //   FULL JOIN __call2() WITH ORDINALITY AS __srf2(v2, o2) ON o1 = o2
  //   FULL JOIN __call3() WITH ORDINALITY AS __srf3(v3, o3) ON coalesce(o1, o2) = o3
  const ids = calls.map((_, i) => i + 1);
  const item = (i: number): string => `__call${i}() WITH ORDINALITY AS ${ALIAS}${i}(v${i}, o${i})`;
  const before = (i: number): string =>
    ids
      .slice(0, i - 1)
      .map((j) => `o${j}`)
      .join(', ');
  const joins = ids
    .slice(1)
    .map((i) => ` FULL JOIN ${item(i)} ON ${i === 2 ? 'o1' : `coalesce(${before(i)})`} = o${i}`);
  const from = item(1) + joins.join('');
  const sql = `SELECT ${ids.map((i) => `v${i}`).join(', ')} FROM ${from}`;
  const parsed = parseStatements(sql)[0]!.ast;
  const subquery = placeCalls(parsed, calls) as Node;
  const range = {
    RangeSubselect: { lateral: true, subquery, alias: { aliasname: ALIAS } },
  } as unknown as Node;
  return { range, reads: ids.map((i) => ref(ALIAS, `v${i}`)) };
}

/** The template with each placeholder call `__callN()` replaced by the N-th call. */
function placeCalls(node: unknown, calls: readonly Node[]): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => placeCalls(n, calls));
  const call = (node as { FuncCall?: FuncCall }).FuncCall;
  const m = call === undefined ? null : /^__call(\d+)$/.exec(funcName(call));
  if (m !== null) return calls[Number(m[1]) - 1];
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, placeCalls(v, calls)] as const),
  );
}

export function hoistSetReturning(stmt: SelectStmt): SelectStmt {
  const targets = stmt.targetList ?? [];
  const found: Node[] = [];
  collectCalls(targets, found);
  if (found.length === 0) return stmt;
  if (
    (stmt.groupClause ?? []).length > 0 ||
    stmt.havingClause !== undefined ||
    usesAggregates(targets)
  )
    return overAggregation(stmt, targets) ?? stmt;
  // (DISTINCT applies to the rows the calls make, as here; DISTINCT ON is left alone.)
  if (distinctOn(stmt)) return stmt;
  const keys = [...new Set(found.map(callKey))];
  const calls = keys.map((k) => found.find((c) => callKey(c) === k)!);
  const lateral = lateralCalls(calls);
  if (lateral === null) return stmt;
  return {
    ...stmt,
    fromClause: [...(stmt.fromClause ?? []), lateral.range],
    targetList: targets.map((t) => {
      const target = tagOf(t)[1] as ResTarget;
      let val: unknown = target.val;
      keys.forEach((k, i) => (val = replaceCalls(val, k, lateral.reads[i]!)));
      // A bare call keeps the function's name as its column name, as PostgreSQL names it.
      const at = target.val === undefined ? -1 : keys.indexOf(callKey(target.val));
      const named =
        at < 0
          ? {}
          : { name: target.name ?? funcName((calls[at] as { FuncCall: FuncCall }).FuncCall) };
      return { ResTarget: { ...target, ...named, val } } as Node;
    }),
  };
}

const AGG = '__agg';

function columnRef(...fields: string[]): Node {
  return { ColumnRef: { fields: fields.map((sval) => ({ String: { sval } })) } } as unknown as Node;
}

function resTarget(name: string | undefined, val: Node): Node {
  return { ResTarget: { ...(name === undefined ? {} : { name }), val } } as unknown as Node;
}

/** Whether `node` reads the query's rows: a column, an aggregate or a window call. */
function readsRows(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(readsRows);
  if ('SubLink' in node) return false;
  if ('ColumnRef' in node) return true;
  const call = (node as { FuncCall?: FuncCall }).FuncCall;
  if (
    call !== undefined &&
    (call.over !== undefined || aggregateCandidates(funcName(call)).length > 0)
  )
    return true;
  return Object.values(node).some(readsRows);
}

/** Whether an ORDER BY item names an output column (by position or by name). */
function sortsByOutput(item: Node, outputNames: readonly string[]): boolean {
  const by = tagOf(item)[1] as { node?: Node };
  if (by.node === undefined) return false;
  const [tag, body] = tagOf(by.node);
  if (tag === 'A_Const') return (body as { ival?: unknown }).ival !== undefined;
  if (tag !== 'ColumnRef') return false;
  const f = names((body as { fields?: Node[] }).fields ?? []);
  return f.length === 1 && outputNames.includes(f[0]!);
}

/** DISTINCT ON (plain DISTINCT is one empty item). */
function distinctOn(stmt: SelectStmt): boolean {
  const d = stmt.distinctClause ?? [];
  return d.length > 1 || (d.length === 1 && Object.keys(d[0]!).length > 0);
}

/** A parse node (one key naming its type), as opposed to a node's fields. */
function isNode(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && /^[A-Z]/.test(keys[0]!);
}

/**
 * A grouping or aggregating query calling set-returning functions in its select list, as the
 * aggregation in FROM under the query calling them; null when that is not what PostgreSQL
 * computes. Each largest part of a select-list item that reads the rows (a grouped column, an
 * aggregate, a window call) and holds no call becomes a column of the aggregation (__aN); the
 * rest — the calls, constants, what combines them — stays above.
 */
function overAggregation(stmt: SelectStmt, targets: readonly Node[]): SelectStmt | null {
  if (distinctOn(stmt)) return null;
  const inner: Node[] = [];
  const lift = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(lift);
    if (isNode(node)) {
      const found: Node[] = [];
      collectCalls(node, found);
      if (found.length === 0) {
        if (!readsRows(node)) return node;
        const name = `__a${inner.length}`;
        inner.push(resTarget(name, node as Node));
        return columnRef(AGG, name);
      }
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, lift(v)] as const));
  };
  const outer: Node[] = [];
  const outputNames: string[] = [];
  for (const t of targets) {
    const target = tagOf(t)[1] as ResTarget;
    const val = target.val;
    if (val === undefined || JSON.stringify(val).includes('"A_Star"')) return null;
    const name = target.name ?? defaultName(val);
    outputNames.push(name);
    outer.push(resTarget(name, lift(val) as Node));
  }
  if (!(stmt.sortClause ?? []).every((o) => sortsByOutput(o, outputNames))) return null;
  // GROUP BY n names the n-th select-list item, which is not the aggregation's n-th column.
  const groupClause: Node[] = [];
  for (const g of stmt.groupClause ?? []) {
    const [tag, body] = tagOf(g);
    if (tag !== 'A_Const') {
      groupClause.push(g);
      continue;
    }
    const n = (body as { ival?: { ival?: number } }).ival?.ival;
    const item = n === undefined ? undefined : targets[n - 1];
    const val = item === undefined ? undefined : (tagOf(item)[1] as ResTarget).val;
    const found: Node[] = [];
    collectCalls(val, found);
    if (val === undefined || found.length > 0) return null;
    groupClause.push(val);
  }
  const {
    sortClause,
    limitCount,
    limitOffset,
    limitOption,
    withClause,
    distinctClause,
    ...aggregation
  } = stmt;
  // (An aggregation without columns still has its one row: a constant keeps it valid SQL.)
  if (inner.length === 0) inner.push(resTarget('__a0', { A_Const: { ival: { ival: 1 } } } as Node));
  const over: SelectStmt = {
    targetList: outer,
    fromClause: [
      {
        RangeSubselect: {
          subquery: {
            SelectStmt: {
              ...aggregation,
              targetList: inner,
              ...(stmt.groupClause === undefined ? {} : { groupClause }),
            },
          },
          alias: { aliasname: AGG },
        },
      } as unknown as Node,
    ],
    op: 'SETOP_NONE',
    ...(sortClause === undefined ? {} : { sortClause }),
    ...(limitCount === undefined ? {} : { limitCount }),
    ...(limitOffset === undefined ? {} : { limitOffset }),
    ...(limitOption === undefined ? {} : { limitOption }),
    ...(withClause === undefined ? {} : { withClause }),
    ...(distinctClause === undefined ? {} : { distinctClause }),
  };
  return hoistSetReturning(over);
}
