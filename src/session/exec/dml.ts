// INSERT, UPDATE and DELETE over tables: the rows to write are computed by the same query
// engine (so subqueries, joins in UPDATE ... FROM / DELETE ... USING, and INSERT ... SELECT work),
// then checked (NOT NULL, primary key) and written into the transaction's pending writes. This
// file dispatches; ./dml-insert.ts and ./dml-modify.ts do the work.
import type { DeleteStmt, InsertStmt, UpdateStmt } from '@pgsql/types';
import { featureNotSupported } from '../../errors/index.js';
import { type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { bindReturning, resolveTable } from './dml-common.js';
import { insert, planInsert } from './dml-insert.js';
import { planDelete, planUpdate, remove, update } from './dml-modify.js';

export { resolveTable } from './dml-common.js';
export { completeRows, writeInserts, type ConflictPolicy } from './dml-insert.js';

export function describeDml(
  s: EddySession,
  binder: Binder,
  tag: string,
  body: Record<string, unknown>,
): ResultColumn[] | null {
  const returning = (body.returningClause as { exprs?: Node[] } | undefined)?.exprs ?? [];
  const rv = body.relation as {
    schemaname?: string;
    relname?: string;
    alias?: { aliasname?: string };
  };
  const table = resolveTable(
    s,
    binder,
    rv,
    tag === 'InsertStmt' ? 'insert into' : tag === 'UpdateStmt' ? 'update' : 'delete from',
  );
  // Bound for its parameter types; nothing runs.
  if (tag === 'InsertStmt') planInsert(s, binder, table, body as InsertStmt);
  if (tag === 'UpdateStmt') planUpdate(s, binder, body as UpdateStmt);
  if (tag === 'DeleteStmt') planDelete(s, binder, body as DeleteStmt);
  if (returning.length === 0) return null;
  return bindReturning(binder, table, rv.alias?.aliasname, returning).columns;
}

export function executeDml(
  s: EddySession,
  binder: Binder,
  tag: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<StatementResult> {
  switch (tag) {
    case 'InsertStmt':
      return insert(s, binder, body as InsertStmt, signal);
    case 'UpdateStmt':
      return update(s, binder, body as UpdateStmt, signal);
    case 'DeleteStmt':
      return remove(s, binder, body as DeleteStmt, signal);
    default:
      throw featureNotSupported(`${tag} is not supported`);
  }
}
