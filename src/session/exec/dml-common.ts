// Shared pieces of INSERT / UPDATE / DELETE: resolving the target table, its scope and key
// column, defaults, RETURNING, NOT NULL checks and running a relation against the snapshot.
import type { ResTarget, SelectStmt } from '@pgsql/types';
import {
  EddyError,
  datatypeMismatch,
  notNullViolation,
  wrongObjectType,
} from '../../errors/index.js';
import { T, type Row } from '../../repr/index.js';
import { formatType } from '../../repr/pgtypes.js';
import { tagOf, type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindExpr, coerceTo, type ExprCtx } from '../../sql/bind-expr.js';
import { defaultName } from '../../sql/bind-select.js';
import type { Rel, Scalar } from '../../sql/hir.js';
import { parseStatements } from '../../sql/parser.js';
import { Scope, type ScopeCol } from '../../sql/scope.js';
import { compileScalar } from '../../planner/compile.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { ColumnRecord, TableRecord } from '../catalog/objects.js';
import { rowIdKey } from '../../storage/row-id.js';
import type { EddySession } from '../session.js';
import { evaluate } from './query.js';
import { rowsResult } from './rows.js';
import { describeRow } from '../constraints.js';

export function resolveTable(
  s: EddySession,
  binder: Binder,
  rv: { schemaname?: string; relname?: string; location?: number },
  verb: string,
): TableRecord {
  const rel = binder.catalog.resolveRelation(rv.schemaname ?? null, rv.relname ?? '');
  const position = rv.location !== undefined ? rv.location + 1 : undefined;
  if (rel === undefined)
    throw new EddyError('42P01', `relation "${rv.relname ?? ''}" does not exist`, { position });
  if (rel.kind === 'materialized-view' || rel.kind === 'sequence')
    throw wrongObjectType(
      `cannot change ${rel.kind === 'sequence' ? 'sequence' : 'materialized view'} "${rel.name}"`,
      {
        position,
      },
    );
  if (rel.kind !== 'table') {
    throw wrongObjectType(
      `cannot ${verb} ${rel.kind === 'view' ? 'view' : 'relation'} "${rel.name}"`,
      { position },
    );
  }
  const rec = s.engine.catalog.get(rel.id);
  if (rec?.kind !== 'table') throw new EddyError('42P01', `relation "${rel.name}" does not exist`);
  if (rec.source !== undefined)
    throw wrongObjectType(`cannot ${verb} source "${rel.name}"`, {
      position,
      detail: "A source's rows come from its connector.",
    });
  return rec;
}

export function tableScope(
  table: TableRecord,
  alias: string | undefined,
  parent: Scope | null,
): Scope {
  const cols: ScopeCol[] = table.columns.map((c, i) => ({
    name: c.name,
    index: i,
    type: c.type,
    tableOid: table.oid,
    attnum: i + 1,
  }));
  return Scope.of([{ alias: alias ?? table.name, cols }], parent);
}

/** The table's rows with their storage key appended (a hidden bytea column). */
export function getWithKey(table: TableRecord): Rel {
  return {
    kind: 'get',
    id: `key:${table.id}`,
    name: table.name,
    types: [...table.columns.map((c) => c.type), T.bytea],
    ...(table.primaryKey.length > 0 ? { primaryKey: table.primaryKey } : {}),
  };
}

export function bindReturning(
  binder: Binder,
  table: TableRecord,
  alias: string | undefined,
  list: readonly Node[],
): { exprs: Scalar[]; columns: ResultColumn[] } {
  const scope = tableScope(table, alias, null);
  const ctx: ExprCtx = { binder, scope, clause: 'RETURNING', aggs: null, windows: null };
  const exprs: Scalar[] = [];
  const columns: ResultColumn[] = [];
  for (const n of list) {
    const t = tagOf(n)[1] as ResTarget;
    const [vtag, vbody] = tagOf(t.val!);
    if (vtag === 'ColumnRef' && JSON.stringify(vbody).includes('A_Star')) {
      table.columns.forEach((c, i) => {
        exprs.push({ kind: 'column', index: i, type: c.type });
        columns.push({ name: c.name, type: c.type, tableOid: table.oid, columnNumber: i + 1 });
      });
      continue;
    }
    const e = bindExpr(ctx, t.val!);
    const type = e.type.kind === 'scalar' && e.type.name === 'unknown' ? T.text : e.type;
    exprs.push(coerceTo(ctx, e, type, 'implicit'));
    const col =
      e.kind === 'column'
        ? { tableOid: table.oid, columnNumber: e.index + 1 }
        : { tableOid: 0, columnNumber: 0 };
    columns.push({ name: t.name ?? defaultName(t.val!), type, ...col });
  }
  return { exprs, columns };
}

// ---- shared pieces ----

const parsedExpressions = new Map<string, Node>();

/** The syntax tree of an expression kept as SQL text (a column default, a CHECK), parsed once. */
export function parseExpression(sql: string): Node {
  let ast = parsedExpressions.get(sql);
  if (ast === undefined) {
    const stmt = parseStatements(`SELECT ${sql}`)[0]!;
    const sel = tagOf(stmt.ast)[1] as SelectStmt;
    ast = (tagOf(sel.targetList![0]!)[1] as ResTarget).val!;
    parsedExpressions.set(sql, ast);
  }
  return ast;
}

/** The column's DEFAULT expression (or NULL), bound and coerced to the column type. */
export function defaultExpr(ctx: ExprCtx, table: TableRecord, i: number): Scalar {
  const col = table.columns[i]!;
  if (col.defaultSql === null) return { kind: 'literal', value: null, type: col.type };
  return coerceTo(ctx, bindExpr(ctx, parseExpression(col.defaultSql)), col.type, 'assignment');
}

export async function runRel(s: EddySession, rel: Rel, signal: AbortSignal): Promise<Row[]> {
  const snapshot = s.engine.snapshot();
  try {
    return await evaluate(rel, s.execEnv(snapshot, signal));
  } finally {
    snapshot.release();
  }
}

export function checkNotNull(row: Row, table: TableRecord): void {
  table.columns.forEach((c, i) => {
    if (!c.nullable && row[i] === null) {
      throw notNullViolation(
        `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`,
        {
          detail: `Failing row contains (${describeRow(row, table)}).`,
        },
      );
    }
  });
}

export function keyOf(s: EddySession, table: TableRecord, row: Row): Uint8Array {
  if (table.primaryKey.length === 0) return rowIdKey(s.engine.newRowId());
  return s.engine.encodeKey(table.primaryKey.map((i) => row[i]!));
}

export function returningResult(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  alias: string | undefined,
  list: readonly Node[] | undefined,
  rows: Row[],
  tag: string,
): StatementResult {
  if (list === undefined || list.length === 0) return { kind: 'command', tag };
  const { exprs, columns } = bindReturning(binder, table, alias, list);
  const ctx = s.evalContext();
  const fs = exprs.map((e) => compileScalar(e, ctx));
  return rowsResult(
    columns,
    rows.map((r) => fs.map((f) => f(r))),
    () => tag,
  );
}

/**
 * `expr` as the value of `column` (INSERT, UPDATE SET, ON CONFLICT DO UPDATE SET): coerced by
 * an assignment cast. Without one, PostgreSQL names the column: 42804 "column ... is of type ...
 * but expression is of type ...".
 */
export function assignTo(
  ctx: ExprCtx,
  expr: Scalar,
  column: ColumnRecord,
  position?: number,
): Scalar {
  try {
    return coerceTo(ctx, expr, column.type, 'assignment', position);
  } catch (e) {
    if (!(e instanceof EddyError) || e.code !== '42846') throw e;
    throw datatypeMismatch(
      `column "${column.name}" is of type ${formatType(column.type)} but expression is of type ${formatType(expr.type)}`,
      { hint: 'You will need to rewrite or cast the expression.', position },
    );
  }
}
