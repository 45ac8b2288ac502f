// A set-returning function in the select list — `SELECT generate_series(1, 3)`,
// `SELECT id, unnest(tags) FROM posts`, `SELECT (_pg_expandarray(indkey)).n FROM pg_index` — is
// bound as PostgreSQL evaluates it when the query has no grouping and every set-returning call
// in the select list is the same call: one output row per row the function returns for each
// input row. The query is rewritten to call it once in FROM, LATERAL after the other FROM items,
// and each occurrence reads its column (a function returning one value) or the whole row (a
// function returning a record, whose fields `(call).n` then selects). Identical calls evaluated
// in lockstep, as PostgreSQL does, return identical rows, so one call serves them all. Anything
// else (different set-returning calls, aggregates, GROUP BY) is left alone, so the function
// stays unknown in the select list (42883) rather than answering differently from PostgreSQL.
import type { FuncCall, Node, ResTarget, SelectStmt } from '@pgsql/types';
import { aggregateCandidates, scalarCandidates, tableCandidates } from '../expr/registry.js';
import { names, tagOf } from './ast.js';

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
    (f) => f.args.length === n || (f.variadic === true && n >= f.args.length - 1),
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

export function hoistSetReturning(stmt: SelectStmt): SelectStmt {
  const targets = stmt.targetList ?? [];
  const calls: Node[] = [];
  collectCalls(targets, calls);
  const first = calls[0];
  if (first === undefined) return stmt;
  const key = callKey(first);
  if (calls.some((c) => callKey(c) !== key)) return stmt;
  if (
    (stmt.groupClause ?? []).length > 0 ||
    stmt.havingClause !== undefined ||
    (stmt.distinctClause ?? []).length > 0 ||
    usesAggregates(targets)
  )
    return stmt;
  const name = funcName((first as { FuncCall: FuncCall }).FuncCall);
  const shape = setReturningShape(first);
  const range = {
    RangeFunction: {
      lateral: true,
      functions: [{ List: { items: [first, {}] } }],
      alias: {
        aliasname: ALIAS,
        ...(shape === 'scalar' ? { colnames: [{ String: { sval: name } }] } : {}),
      },
    },
  } as unknown as Node;
  // A scalar result is the function's one column; a record result is the whole row.
  const fields = shape === 'scalar' ? [ALIAS, name] : [ALIAS];
  const column = {
    ColumnRef: { fields: fields.map((sval) => ({ String: { sval } })) },
  } as unknown as Node;
  return {
    ...stmt,
    fromClause: [...(stmt.fromClause ?? []), range],
    targetList: targets.map((t) => {
      const target = tagOf(t)[1] as ResTarget;
      const isCall = target.val !== undefined && callKey(target.val) === key;
      const val = replaceCalls(target.val, key, column) as Node;
      // A bare call keeps the function's name as its column name, as PostgreSQL names it.
      const named = isCall ? { name: target.name ?? name } : {};
      return { ResTarget: { ...target, ...named, val } } as Node;
    }),
  };
}
