// A set-returning function in the select list — `SELECT generate_series(1, 3)`,
// `SELECT id, unnest(tags) FROM posts` — is bound as PostgreSQL evaluates it when it is the only
// one and the query has no grouping: one output row per row the function returns for each input
// row. The query is rewritten to call it in FROM, LATERAL after the other FROM items, and the
// target reads its column. Anything else (several set-returning functions, aggregates, GROUP BY)
// is left alone, so the function stays unknown in the select list (42883) rather than answering
// differently from PostgreSQL.
import type { FuncCall, Node, ResTarget, SelectStmt } from '@pgsql/types';
import { aggregateCandidates, scalarCandidates, tableCandidates } from '../expr/registry.js';
import { names, tagOf } from './ast.js';

const ALIAS = '__srf';

function funcName(call: FuncCall): string {
  return names(call.funcname).at(-1) ?? '';
}

/** A call of a function that exists only as a single-column set-returning function. */
function isSetReturning(node: Node | undefined): node is { FuncCall: FuncCall } {
  if (node === undefined) return false;
  const [tag, body] = tagOf(node);
  if (tag !== 'FuncCall') return false;
  const call = body as FuncCall;
  if (call.over !== undefined) return false;
  const name = funcName(call);
  // The candidates this call could resolve to (by argument count) each return one column.
  const n = (call.args ?? []).length;
  const table = tableCandidates(name).filter(
    (f) => f.args.length === n || (f.variadic === true && n >= f.args.length - 1),
  );
  return (
    table.length > 0 &&
    table.every((f) => f.scalarResult) &&
    scalarCandidates(name).length === 0 &&
    aggregateCandidates(name).length === 0
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
  const at = targets.flatMap((t, i) => (isSetReturning((tagOf(t)[1] as ResTarget).val) ? [i] : []));
  if (at.length !== 1) return stmt;
  if (
    (stmt.groupClause ?? []).length > 0 ||
    stmt.havingClause !== undefined ||
    (stmt.distinctClause ?? []).length > 0 ||
    usesAggregates(targets)
  )
    return stmt;
  const target = tagOf(targets[at[0]!]!)[1] as ResTarget;
  const call = target.val!;
  const name = funcName((call as { FuncCall: FuncCall }).FuncCall);
  const range = {
    RangeFunction: {
      lateral: true,
      functions: [{ List: { items: [call, {}] } }],
      alias: { aliasname: ALIAS, colnames: [{ String: { sval: name } }] },
    },
  } as unknown as Node;
  const column = {
    ResTarget: {
      name: target.name ?? name,
      val: {
        ColumnRef: {
          fields: [{ String: { sval: ALIAS } }, { String: { sval: name } }],
          location: target.location,
        },
      },
      location: target.location,
    },
  } as unknown as Node;
  return {
    ...stmt,
    fromClause: [...(stmt.fromClause ?? []), range],
    targetList: targets.map((t, i) => (i === at[0] ? column : t)),
  };
}
